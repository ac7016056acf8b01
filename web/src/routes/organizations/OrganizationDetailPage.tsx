import { Link, useParams, useSearchParams } from 'react-router';
import { Anchor, Badge, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getOrganization, organizationKeys } from '../../api/organizations';
import { useSession } from '../../auth/session';
import { ErrorAlert, Loading, NotFoundState, isNotFound } from '../../components/states';
import { BillingTab } from './BillingTab';
import { ContractsTab } from './ContractsTab';
import { CostsTab } from './CostsTab';
import { ProfileTab } from './ProfileTab';
import { TaxesTab } from './TaxesTab';

const TABS = ['profile', 'billing', 'taxes', 'costs', 'contracts'] as const;
type TabKey = (typeof TABS)[number];

export function OrganizationDetailPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const query = useQuery({ queryKey: organizationKeys.detail(id), queryFn: () => getOrganization(id) });
  const tabParam = params.get('tab');
  const tab: TabKey = TABS.find((t) => t === tabParam) ?? 'profile';
  const canWrite = can('organizations:write');

  if (query.isLoading) return <Loading />;
  if (isNotFound(query.error))
    return <NotFoundState title="Organization not found" backTo="/organizations" backLabel="Back to organizations" />;
  if (query.isError || !query.data) return <ErrorAlert error={query.error} />;
  const org = query.data;

  return (
    <Stack>
      <div>
        <Anchor component={Link} to="/organizations" size="sm">
          ← Back to the list
        </Anchor>
        <Group gap="sm" mt={4}>
          <Title order={1}>{org.name}</Title>
          <Badge variant="light">{org.currency}</Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {org.siteCount} sites · {org.chargerCount} chargers · {org.timeZone}
        </Text>
      </div>
      <Tabs
        value={tab}
        onChange={(value) =>
          setParams(
            (current) => {
              const next = new URLSearchParams(current);
              next.set('tab', value ?? 'profile');
              return next;
            },
            { replace: true },
          )
        }
        keepMounted={false}
      >
        <Tabs.List style={{ overflowX: 'auto', flexWrap: 'nowrap' }}>
          <Tabs.Tab value="profile">Profile</Tabs.Tab>
          <Tabs.Tab value="billing">Billing</Tabs.Tab>
          <Tabs.Tab value="taxes">Taxes</Tabs.Tab>
          <Tabs.Tab value="costs">Costs</Tabs.Tab>
          <Tabs.Tab value="contracts">Commission contracts</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile" pt="md">
          <ProfileTab organization={org} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="billing" pt="md">
          <BillingTab organization={org} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="taxes" pt="md">
          <TaxesTab organization={org} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="costs" pt="md">
          <CostsTab organization={org} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="contracts" pt="md">
          <ContractsTab organization={org} canWrite={canWrite} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

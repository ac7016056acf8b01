import { Link } from 'react-router';
import { Anchor, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { listChargers } from '../../api/chargers';
import { listOrganizations } from '../../api/organizations';
import { listSites } from '../../api/sites';
import type { Page } from '../../api/types';
import { useMe, useSession } from '../../auth/session';
import { useOrgLink, useOrganizations, useSelectedOrganization } from '../../components/organization-scope';
import { FailedPayments } from './FailedPayments';
import { LiveDashboard } from './LiveDashboard';
import { RevenueTiles } from './RevenueTiles';

interface Stat {
  label: string;
  /** Counts come from list endpoints' `total`; pageSize 1 keeps the answers tiny. */
  load: () => Promise<Page<unknown>>;
  key: unknown[];
  to?: string;
}

function StatCard({ stat }: { stat: Stat }) {
  const query = useQuery({ queryKey: ['dashboard', ...stat.key], queryFn: stat.load });
  const orgLink = useOrgLink();
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="sm" c="dimmed">
        {stat.label}
      </Text>
      {query.isLoading ? (
        <Skeleton h={32} mt={4} w={60} />
      ) : query.isError ? (
        <Text size="sm" c="red" mt={4}>
          Not available
        </Text>
      ) : (
        <Text fz={32} fw={700} aria-label={`${stat.label}: ${query.data?.total ?? 0}`}>
          {stat.to ? (
            <Anchor component={Link} to={orgLink(stat.to)} inherit underline="never">
              {query.data?.total ?? 0}
            </Anchor>
          ) : (
            (query.data?.total ?? 0)
          )}
        </Text>
      )}
    </Paper>
  );
}

export function DashboardPage() {
  const me = useMe();
  const { can } = useSession();
  if (can('monitoring:read')) return <LiveDashboard welcome={`Welcome, ${me.user.name}.`} />;
  return <CountsDashboard />;
}

/** Users without monitoring:read: counts of what they may see. */
function CountsDashboard() {
  const me = useMe();
  const { can } = useSession();
  const [org] = useSelectedOrganization();
  const { byId } = useOrganizations();
  const organizationId = org ?? undefined;
  const one = { page: 1, pageSize: 1 };

  const stats: Stat[] = [];
  if (can('organizations:read') && !org) {
    stats.push({ label: 'Organizations', key: ['organizations'], load: () => listOrganizations(one), to: '/organizations' });
  }
  if (can('sites:read')) {
    stats.push({
      label: 'Sites',
      key: ['sites', organizationId],
      load: () => listSites({ ...one, organizationId }),
      to: '/sites',
    });
  }
  if (can('chargers:read')) {
    stats.push(
      {
        label: 'Chargers',
        key: ['chargers', organizationId],
        load: () => listChargers({ ...one, organizationId }),
        to: '/chargers',
      },
      {
        label: 'Active',
        key: ['chargers', organizationId, 'active'],
        load: () => listChargers({ ...one, organizationId, adminStatus: 'active' }),
      },
      {
        label: 'Inactive',
        key: ['chargers', organizationId, 'inactive'],
        load: () => listChargers({ ...one, organizationId, adminStatus: 'inactive' }),
      },
      {
        label: 'Maintenance',
        key: ['chargers', organizationId, 'maintenance'],
        load: () => listChargers({ ...one, organizationId, adminStatus: 'maintenance' }),
      },
      {
        label: 'Hidden from dashboards',
        key: ['chargers', organizationId, 'hidden'],
        load: () => listChargers({ ...one, organizationId, visible: false }),
      },
    );
  }

  return (
    <Stack>
      <Title order={1}>Dashboard</Title>
      <Text c="dimmed">
        Welcome, {me.user.name}.{' '}
        {org
          ? `Showing ${byId.get(org)?.name ?? 'the selected organization'}.`
          : stats.length > 0
            ? 'Everything in your scope.'
            : ''}
      </Text>
      <FailedPayments />
      <RevenueTiles />
      {stats.length > 0 ? (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }}>
            {stats.map((stat) => (
              <StatCard key={stat.label} stat={stat} />
            ))}
          </SimpleGrid>
          <Text size="sm" c="dimmed">
            Charger counts are by administrative status.
          </Text>
        </>
      ) : can('self:sessions') ? (
        <Text>
          Your charging sessions will be listed under{' '}
          <Anchor component={Link} to="/my-charging">
            My charging
          </Anchor>
          .
        </Text>
      ) : (
        <Text>There is nothing to show for your role yet.</Text>
      )}
    </Stack>
  );
}

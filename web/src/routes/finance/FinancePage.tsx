import { useState } from 'react';
import { Group, Paper, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { PERIODS, PERIOD_LABELS, type Period } from '../../api/analytics';
import { OrganizationFilter } from '../../components/OrganizationFilter';
import { useOrganizations, useSelectedOrganization } from '../../components/organization-scope';
import { PeriodTotals } from './PeriodTotals';
import { Performers } from './Performers';
import { RevenueCharts } from './RevenueCharts';
import { RevenueSummaryTiles } from './RevenueSummaryTiles';
import { RevenueTable } from './RevenueTable';

/** Revenue, energy, margin and profitability from settled sessions, for the chosen period and organization. */
export function FinancePage() {
  const [org] = useSelectedOrganization();
  const { byId } = useOrganizations();
  const [period, setPeriod] = useState<Period>('30d');
  return (
    <Stack>
      <div>
        <Title order={1}>Finance</Title>
        <Text c="dimmed">
          {org ? `${byId.get(org)?.name ?? 'The selected organization'}. ` : ''}Settled sessions count when they end; calendar
          periods follow each organization’s time zone. Amounts in different currencies are never added up.
        </Text>
      </div>
      <RevenueSummaryTiles organizationId={org} />
      <Group align="flex-end">
        <Select
          label="Period"
          w={200}
          data={PERIODS.map((p) => ({ value: p, label: PERIOD_LABELS[p] }))}
          value={period}
          allowDeselect={false}
          onChange={(value) => setPeriod((value ?? '30d') as Period)}
        />
        <OrganizationFilter />
      </Group>
      <PeriodTotals period={period} organizationId={org} />
      <RevenueCharts organizationId={org} />
      <Performers period={period} organizationId={org} />
      <Paper withBorder p="md" radius="md">
        <Tabs defaultValue="charger" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="charger">Per charger</Tabs.Tab>
            <Tabs.Tab value="site">Per site</Tabs.Tab>
            <Tabs.Tab value="organization">Per organization</Tabs.Tab>
          </Tabs.List>
          {(['charger', 'site', 'organization'] as const).map((groupBy) => (
            <Tabs.Panel key={groupBy} value={groupBy} pt="sm">
              <RevenueTable groupBy={groupBy} period={period} organizationId={org} />
            </Tabs.Panel>
          ))}
        </Tabs>
      </Paper>
    </Stack>
  );
}

import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Group, SegmentedControl, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { type Alert, type AlertFilter, type AlertSeverity, alertKeys, listAlerts } from '../../api/alerts';
import { useSession } from '../../auth/session';
import { useWholeOrganizationScope } from '../../auth/whole-organization';
import { DataTable } from '../../components/DataTable';
import { useOrgLink, useSelectedOrganization } from '../../components/organization-scope';
import { useServerPaging } from '../../components/paging';
import { ErrorAlert } from '../../components/states';
import { formatDateTime } from '../../format';
import { pathTo } from '../route-table';
import { AlertStatusBadge, SeverityBadge } from './AlertBadges';
import { AlertRulesPanel } from './AlertRulesPanel';
import { RULE_OPTIONS, STATUS_FILTERS, type ShownStatus } from './alert-labels';

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function columns(link: (alert: Alert) => string): ColumnDef<Alert>[] {
  return [
    {
      id: 'severity',
      header: 'Severity',
      enableSorting: false,
      cell: ({ row }) => <SeverityBadge severity={row.original.severity} />,
    },
    {
      id: 'title',
      header: 'Alert',
      enableSorting: false,
      cell: ({ row }) => (
        <div>
          <Anchor component={Link} to={link(row.original)} size="sm" fw={500}>
            {row.original.title}
          </Anchor>
          <Text size="xs" c="dimmed">
            {row.original.ruleLabel}
          </Text>
        </div>
      ),
    },
    {
      id: 'where',
      header: 'Charger / site',
      enableSorting: false,
      cell: ({ row }) => {
        const a = row.original;
        return (
          <div>
            <Text size="sm">
              {a.chargerName ?? '—'}
              {a.connectorId != null ? ` · connector ${a.connectorId}` : ''}
            </Text>
            <Text size="xs" c="dimmed">
              {[a.siteName, a.organizationName].filter(Boolean).join(' · ')}
            </Text>
          </div>
        );
      },
    },
    {
      id: 'status',
      header: 'Status',
      enableSorting: false,
      cell: ({ row }) => <AlertStatusBadge status={row.original.status} />,
    },
    { id: 'occurrences', header: 'Seen', enableSorting: false, cell: ({ row }) => `${row.original.occurrences}×` },
    {
      id: 'lastRaisedAt',
      header: 'Last raised',
      enableSorting: false,
      cell: ({ row }) => (
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(row.original.lastRaisedAt, viewerZone)}
        </Text>
      ),
    },
    {
      id: 'acknowledgedBy',
      header: 'Acknowledged by',
      enableSorting: false,
      cell: ({ row }) => (
        <Text size="sm" c={row.original.acknowledgedBy ? undefined : 'dimmed'}>
          {row.original.acknowledgedBy ?? '—'}
        </Text>
      ),
    },
  ];
}

function AlertList() {
  const [organizationId] = useSelectedOrganization();
  const orgLink = useOrgLink();
  const [status, setStatus] = useState<ShownStatus>('unresolved');
  const [severity, setSeverity] = useState<AlertSeverity | null>(null);
  const [ruleType, setRuleType] = useState<string | null>(null);
  const paging = useServerPaging();
  const { page, pageSize, setPage } = paging;
  const filter: AlertFilter = {
    page,
    pageSize,
    ...(status === 'all' ? {} : { status }),
    ...(severity ? { severity } : {}),
    ...(ruleType ? { ruleType } : {}),
    ...(organizationId ? { organizationId } : {}),
  };
  const list = useQuery({
    queryKey: alertKeys.list(filter),
    queryFn: () => listAlerts(filter),
    placeholderData: keepPreviousData,
    // The stream refreshes the list on every alert.changed; this catches what a broken link missed.
    refetchInterval: 60_000,
  });
  const link = (alert: Alert) => orgLink(pathTo('alert', { id: alert.id }));

  return (
    <Stack>
      <Group align="flex-end" gap="md">
        <SegmentedControl
          aria-label="Show alerts"
          data={STATUS_FILTERS}
          value={status}
          onChange={(value) => {
            setStatus(value as ShownStatus);
            setPage(1);
          }}
        />
        <Select
          label="Severity"
          placeholder="Any severity"
          clearable
          w={170}
          data={[
            { value: 'critical', label: 'Critical' },
            { value: 'warning', label: 'Warning' },
            { value: 'info', label: 'Info' },
          ]}
          value={severity}
          onChange={(value) => {
            setSeverity(value as AlertSeverity | null);
            setPage(1);
          }}
        />
        <Select
          label="Rule"
          placeholder="Any rule"
          clearable
          w={240}
          data={RULE_OPTIONS}
          value={ruleType}
          onChange={(value) => {
            setRuleType(value);
            setPage(1);
          }}
        />
      </Group>
      {list.isError && <ErrorAlert error={list.error} />}
      <DataTable
        caption="Alerts"
        data={list.data?.items ?? []}
        columns={columns(link)}
        total={list.data?.total ?? 0}
        {...paging.tableProps}
        getRowId={(alert) => alert.id}
        loading={list.isLoading}
        minWidth={960}
        emptyText={status === 'unresolved' ? 'No unresolved alerts. All is well.' : 'No alerts here.'}
      />
    </Stack>
  );
}

/** Alerts in reach, live: what is wrong on the network and with the money, and (tab) the rules that raise them. */
export function AlertsPage() {
  const { can } = useSession();
  const wholeOrganizations = useWholeOrganizationScope();
  // Rules are per organization: a role limited to sites or chargers has none to show.
  const showRules = wholeOrganizations && can('alerts:read');
  return (
    <Stack>
      <Title order={1}>Alerts</Title>
      <Text size="sm" c="dimmed">
        Conditions the system watches for — a charger offline, a faulted connector, an overdue invoice. One alert per condition
        and object; it updates live. Times are in {viewerZone}.
      </Text>
      {showRules ? (
        <Tabs defaultValue="alerts" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="alerts">Alerts</Tabs.Tab>
            <Tabs.Tab value="rules">Alert rules</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="alerts">
            <AlertList />
          </Tabs.Panel>
          <Tabs.Panel value="rules">
            <AlertRulesPanel />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <AlertList />
      )}
    </Stack>
  );
}

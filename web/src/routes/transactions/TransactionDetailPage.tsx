import { Suspense, lazy, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getSessionRecord, transactionKeys } from '../../api/transactions';
import { useSession } from '../../auth/session';
import { useOrgLink } from '../../components/organization-scope';
import { ErrorAlert, Loading, NotFoundState, isNotFound } from '../../components/states';
import { formatDateTime } from '../../format';
import { CostBreakdown } from './CostBreakdown';
import { flagWords, formatDuration, formatEnergy } from './figures';
import { sessionChart } from '../../components/session-chart';
import { SessionPayments } from './SessionPayments';
import { StatusBadge } from './TransactionsPage';

// ECharts loads with this page, not with the app.
const EChart = lazy(() => import('../../components/EChart').then((m) => ({ default: m.EChart })));

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

/** One session: where and who, its meter chart, (with finance:read) the full cost breakdown and (with payments:read) its payments. */
export function TransactionDetailPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const orgLink = useOrgLink();
  const query = useQuery({ queryKey: transactionKeys.session(id), queryFn: () => getSessionRecord(id) });
  const option = useMemo(
    () => (query.data ? sessionChart(query.data.samples, query.data.startedAt, query.data.stoppedAt, query.data.timeZone) : null),
    [query.data],
  );
  if (query.isLoading) return <Loading />;
  if (query.isError && isNotFound(query.error))
    return <NotFoundState title="Session not found" backTo={orgLink('/transactions')} backLabel="Back to transactions" />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const s = query.data!;
  return (
    <Stack>
      <Anchor component={Link} to={orgLink('/transactions')} size="sm">
        ← Transactions
      </Anchor>
      <Title order={1}>
        Session at {s.chargerName}
        {s.connectorId != null ? ` · connector ${s.connectorId}` : ''}
      </Title>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Fact label="Status">
            <StatusBadge row={{ status: s.status, flagged: s.flagged, flags: s.flagReason ? [s.flagReason] : [] }} />
          </Fact>
          <Fact label="Started">{formatDateTime(s.startedAt, s.timeZone)}</Fact>
          <Fact label="Stopped">{formatDateTime(s.stoppedAt, s.timeZone)}</Fact>
          <Fact label="Duration">{formatDuration(s.durationSeconds)}</Fact>
          <Fact label="Energy">{formatEnergy(s.energyWh)}</Fact>
          <Fact label="Site">
            {s.siteName} · {s.organizationName}
          </Fact>
          <Fact label="ID tag">{s.idTag ?? '—'}</Fact>
          <Fact label="Stop reason">{s.stopReason ?? '—'}</Fact>
          {s.flagReason && <Fact label="Flagged because">{flagWords(s.flagReason)}</Fact>}
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md" component="section" aria-label="Meter chart">
        <Title order={2} size="h4" mb="sm">
          Meter values
        </Title>
        {s.samples.length === 0 ? (
          <Text c="dimmed">The charger sent no meter values during this session.</Text>
        ) : (
          <Suspense fallback={<Loading label="Loading the chart" />}>
            {option && <EChart option={option} label={`Power and energy of the session: ${formatEnergy(s.energyWh)} in all`} />}
          </Suspense>
        )}
      </Paper>
      {can('finance:read') ? (
        <CostBreakdown sessionId={s.id} />
      ) : (
        <Text c="dimmed">The cost breakdown needs the finance:read permission.</Text>
      )}
      {can('payments:read') && <SessionPayments sessionId={s.id} timeZone={s.timeZone} />}
    </Stack>
  );
}

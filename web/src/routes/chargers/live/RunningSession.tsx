import { Suspense, lazy, useMemo } from 'react';
import { Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ActiveSession, type SessionDetail, getSession, liveKeys } from '../../../api/live';
import { useSession } from '../../../auth/session';
import { sessionChart } from '../../../components/session-chart';
import { ErrorAlert, Loading } from '../../../components/states';
import { formatDateTime, formatMoney } from '../../../format';
import type { LiveSession } from '../../../live/apply';
import { formatKw, formatKwh } from '../../../live/status';

// ECharts loads when a session is running, not with the app.
const EChart = lazy(() => import('../../../components/EChart').then((m) => ({ default: m.EChart })));

/** What the curve needs of a session: its stored record, or what the live events tell. */
type SessionCurve = Pick<SessionDetail, 'id' | 'chargerId' | 'status' | 'startedAt' | 'stoppedAt' | 'energyWh' | 'samples'>;

function liveOnly(session: ActiveSession): SessionCurve {
  const { sessionId, startedAt, energyWh, powerW, socPercent } = session;
  const now = new Date().toISOString();
  return {
    id: sessionId,
    chargerId: '',
    status: 'active',
    startedAt,
    stoppedAt: null,
    energyWh,
    samples: [{ at: now, energyWh, powerW, socPercent }],
  };
}

/** The running session with its live power and energy curve (samples, then every session.updated event). */
export function RunningSession({ session, timeZone }: { session: LiveSession; timeZone?: string }) {
  const { can } = useSession();
  // Without transactions:read the stored samples are out of reach: the curve starts now, from live events.
  const canReadSamples = can('transactions:read');
  const detail = useQuery({
    queryKey: liveKeys.session(session.sessionId),
    queryFn: (): Promise<SessionCurve> => getSession(session.sessionId),
    enabled: canReadSamples,
    initialData: canReadSamples ? undefined : () => liveOnly(session),
  });
  const samples = detail.data?.samples;
  const option = useMemo(
    () => sessionChart(samples ?? [], session.startedAt, null, timeZone),
    [samples, session.startedAt, timeZone],
  );
  return (
    <Paper withBorder p="md" aria-label="Running session" component="section">
      <Title order={2} size="h4" mb="sm">
        Running session
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }} mb="sm">
        <Figure label="Power" value={formatKw(session.powerW)} />
        <Figure label="Energy" value={formatKwh(session.energyWh)} />
        <Figure label="State of charge" value={session.socPercent == null ? '—' : `${session.socPercent} %`} />
        <Figure label="Started" value={formatDateTime(session.startedAt, timeZone)} />
        {session.estimatedCost && (
          <Figure label="Estimated cost" value={formatMoney(session.estimatedCost.grossMinor, session.estimatedCost.currency)} />
        )}
      </SimpleGrid>
      <Text size="xs" c="dimmed" mb="xs">
        Connector {session.connectorId ?? '—'}
      </Text>
      {detail.isError ? (
        <ErrorAlert error={detail.error} title="The session's meter values are not available" />
      ) : (
        <Suspense fallback={<Loading label="Loading the chart" />}>
          <EChart
            option={option}
            label={`Power and energy of the running session: now ${formatKw(session.powerW)}, ${formatKwh(session.energyWh)} so far`}
          />
        </Suspense>
      )}
    </Paper>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Group gap={4}>
        <Text fw={700} aria-label={`${label}: ${value}`}>
          {value}
        </Text>
      </Group>
    </div>
  );
}

import { Suspense, lazy, useMemo } from 'react';
import { Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ActiveSession, type MeterSample, type SessionDetail, getSession, liveKeys } from '../../../api/live';
import { useSession } from '../../../auth/session';
import type { ChartOption } from '../../../components/EChart';
import { ErrorAlert, Loading } from '../../../components/states';
import { formatDateTime, formatMoney } from '../../../format';
import type { LiveSession } from '../../../live/apply';
import { formatKw, formatKwh } from '../../../live/status';

// ECharts loads when a session is running, not with the app.
const EChart = lazy(() => import('../../../components/EChart').then((m) => ({ default: m.EChart })));

function chartOf(samples: MeterSample[], startedAt: string): ChartOption {
  const start = Date.parse(startedAt);
  const points = samples.map((s) => ({ t: Date.parse(s.at), s }));
  const last = points.at(-1)?.t ?? start;
  // A fresh session has one or two readings: keep at least a minute in view so they do not vanish on a wide axis.
  const max = Math.max(last, start + 60_000);
  const few = points.length < 20;
  return {
    animation: false,
    grid: { left: 48, right: 48, top: 32, bottom: 28 },
    tooltip: { trigger: 'axis' },
    legend: { data: ['Power (kW)', 'Energy (kWh)'], top: 0 },
    xAxis: { type: 'time', min: start, max },
    yAxis: [
      { type: 'value', name: 'kW', nameGap: 8 },
      { type: 'value', name: 'kWh', nameGap: 8, splitLine: { show: false } },
    ],
    series: [
      {
        name: 'Power (kW)',
        type: 'line',
        showSymbol: few,
        step: 'end',
        data: points.filter((p) => p.s.powerW != null).map((p) => [p.t, (p.s.powerW ?? 0) / 1000]),
      },
      {
        name: 'Energy (kWh)',
        type: 'line',
        yAxisIndex: 1,
        showSymbol: few,
        areaStyle: { opacity: 0.12 },
        // Energy counts from zero at the start of the session.
        data: [[start, 0], ...points.filter((p) => p.s.energyWh != null).map((p) => [p.t, (p.s.energyWh ?? 0) / 1000])],
      },
    ],
  };
}

function liveOnly(session: ActiveSession): SessionDetail {
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
    queryFn: () => getSession(session.sessionId),
    enabled: canReadSamples,
    initialData: canReadSamples ? undefined : () => liveOnly(session),
  });
  const samples = detail.data?.samples;
  const option = useMemo(() => chartOf(samples ?? [], session.startedAt), [samples, session.startedAt]);
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

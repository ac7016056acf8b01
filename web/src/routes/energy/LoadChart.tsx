import { useMemo } from 'react';
import { EChart, type ChartOption } from '../../components/EChart';
import type { ManagedSessionRow } from '../../api/load-management';
import { clockFormatter, zoneName } from '../../format';
import type { LoadSample } from './load-history';

/** Each session's power stacked, against the site limit: what the page has seen since it opened. */
export function LoadChart({
  samples,
  sessions,
  timeZone,
}: {
  samples: readonly LoadSample[];
  sessions: readonly ManagedSessionRow[];
  timeZone: string;
}) {
  const option = useMemo<ChartOption>(() => {
    const clock = clockFormatter(timeZone, true);
    const times = samples.map((s) => clock(s.at));
    const ids = [...new Set(samples.flatMap((s) => Object.keys(s.bySession)))];
    const nameOf = (id: string) => {
      const row = sessions.find((s) => s.sessionId === id);
      return row ? `${row.chargerName}, connector ${row.connector}` : 'Ended session';
    };
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toFixed(1)} kW` },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 56 },
      xAxis: { type: 'category', data: times, boundaryGap: false, name: zoneName(timeZone), nameLocation: 'end' },
      yAxis: { type: 'value', name: 'kW', min: 0 },
      series: [
        ...ids.map((id) => ({
          name: nameOf(id),
          type: 'line' as const,
          stack: 'power',
          areaStyle: {},
          showSymbol: false,
          data: samples.map((s) => s.bySession[id] ?? 0),
        })),
        {
          name: 'Site limit',
          type: 'line' as const,
          showSymbol: false,
          lineStyle: { type: 'dashed', width: 2, color: '#c92a2a' },
          itemStyle: { color: '#c92a2a' },
          data: samples.map((s) => s.limitKw),
        },
      ],
    };
  }, [samples, sessions, timeZone]);
  return <EChart option={option} height={280} label="Power of each session against the site limit" />;
}

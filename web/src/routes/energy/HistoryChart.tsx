import { useMemo } from 'react';
import { EChart, type ChartOption } from '../../components/EChart';
import type { SiteEnergyHistory } from '../../api/load-management';
import { clockFormatter, formatDateTime, zoneName } from '../../format';

/** The site's power over the range, from the chargers' meter readings, against the limit in force now. */
export function HistoryChart({ history, limitKw }: { history: SiteEnergyHistory; limitKw: number | null }) {
  const option = useMemo<ChartOption>(() => {
    const zone = history.timeZone;
    const long = new Date(history.to).getTime() - new Date(history.from).getTime() > 86_400_000;
    const clock = clockFormatter(zone);
    const times = history.points.map((p) => (long ? formatDateTime(p.at, zone) : clock(new Date(p.at).getTime())));
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toFixed(1)} kW` },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 56 },
      xAxis: { type: 'category', data: times, name: zoneName(zone), nameLocation: 'end' },
      yAxis: { type: 'value', name: 'kW', min: 0 },
      series: [
        { name: 'Site power', type: 'bar', data: history.points.map((p) => p.kw), itemStyle: { color: '#12b886' } },
        ...(limitKw === null
          ? []
          : [
              {
                name: 'Limit now',
                type: 'line' as const,
                showSymbol: false,
                lineStyle: { type: 'dashed' as const, width: 2, color: '#c92a2a' },
                itemStyle: { color: '#c92a2a' },
                data: history.points.map(() => limitKw),
              },
            ]),
      ],
    };
  }, [history, limitKw]);
  return <EChart option={option} height={240} label="Site power over time" />;
}

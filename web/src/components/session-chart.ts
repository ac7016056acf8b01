import type { ChartOption } from './EChart';
import { clockFormatter, zoneName } from '../format';

export interface ChartSample {
  at: string;
  energyWh: number | null;
  powerW: number | null;
}

/**
 * Power (kW) and energy (kWh, from zero at the start) over a session: the charger page's live chart and
 * the transaction page's stored one. The axis ends at `stoppedAt`, else at the last reading, and always
 * keeps at least a minute in view so the first readings of a fresh session do not vanish on a wide axis.
 * The time axis reads the clock of `timeZone` (the organization's, as beside the chart) and names it.
 */
export function sessionChart(
  samples: readonly ChartSample[],
  startedAt: string,
  stoppedAt: string | null,
  timeZone: string | undefined,
): ChartOption {
  const start = Date.parse(startedAt);
  const points = samples.map((s) => ({ t: Date.parse(s.at), s }));
  const end = Math.max(stoppedAt ? Date.parse(stoppedAt) : (points.at(-1)?.t ?? start), start + 60_000);
  const few = points.length < 20;
  return {
    animation: false,
    grid: { left: 48, right: 48, top: 32, bottom: 44 },
    tooltip: { trigger: 'axis' },
    legend: { data: ['Power (kW)', 'Energy (kWh)'], top: 0 },
    xAxis: {
      type: 'time',
      min: start,
      max: end,
      name: `Time (${zoneName(timeZone, start)})`,
      nameLocation: 'middle',
      nameGap: 26,
      axisLabel: { formatter: clockFormatter(timeZone, end - start < 10 * 60_000) },
    },
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
        data: [[start, 0], ...points.filter((p) => p.s.energyWh != null).map((p) => [p.t, (p.s.energyWh ?? 0) / 1000])],
      },
    ],
  };
}

import type { SessionRecord } from '../../api/transactions';
import type { ChartOption } from '../../components/EChart';

/** Power (kW) and energy (kWh, from zero at the start) over the session. */
export function sessionChart(session: SessionRecord): ChartOption {
  const start = Date.parse(session.startedAt);
  const points = session.samples.map((s) => ({ t: Date.parse(s.at), s }));
  const end = Math.max(session.stoppedAt ? Date.parse(session.stoppedAt) : (points.at(-1)?.t ?? start), start + 60_000);
  const few = points.length < 20;
  return {
    animation: false,
    grid: { left: 48, right: 48, top: 32, bottom: 28 },
    tooltip: { trigger: 'axis' },
    legend: { data: ['Power (kW)', 'Energy (kWh)'], top: 0 },
    xAxis: { type: 'time', min: start, max: end },
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

import { useMemo } from 'react';
import { Text } from '@mantine/core';
import { EChart, type ChartOption } from '../../components/EChart';
import type { GridFeed, GridReading, GridSeries } from '../../api/grid';
import { clockFormatter, formatDateTime, zoneName } from '../../format';
import { mixShares } from './grid-words';

/** A gauge of the frequency now, banded at the feed's thresholds (grey when the feed is not delivering). */
export function FrequencyGauge({ feed }: { feed: GridFeed }) {
  const t = feed.thresholds;
  const f = feed.latest?.frequencyHz ?? null;
  const live = feed.link === 'connected';
  const option = useMemo<ChartOption>(() => {
    const min = Math.min(49, t.frequencyEmergencyHz - 0.2);
    const max = Math.max(51, t.highFrequencyEmergencyHz + 0.2);
    const at = (hz: number) => (hz - min) / (max - min);
    return {
      series: [
        {
          type: 'gauge',
          min,
          max,
          splitNumber: 4,
          radius: '95%',
          axisLine: {
            lineStyle: {
              width: 14,
              color: [
                [at(t.frequencyEmergencyHz), '#e03131'],
                [at(t.frequencyAlertHz), '#f08c00'],
                [at(t.highFrequencyAlertHz), '#2f9e44'],
                [at(t.highFrequencyEmergencyHz), '#f08c00'],
                [1, '#e03131'],
              ],
            },
          },
          pointer: { itemStyle: { color: live ? '#212529' : '#adb5bd' } },
          axisLabel: { formatter: (v: number) => v.toFixed(1), distance: 18, fontSize: 11 },
          splitLine: { length: 14 },
          detail: {
            valueAnimation: false,
            formatter: () => (f === null ? '—' : `${f.toFixed(3)} Hz`),
            fontSize: 20,
            offsetCenter: [0, '70%'],
            color: live ? '#212529' : '#868e96',
          },
          data: [{ value: f ?? min }],
        },
      ],
    };
  }, [f, live, t]);
  return <EChart option={option} height={220} label={`Frequency ${f === null ? 'unknown' : `${f.toFixed(3)} Hz`}`} />;
}

/** Demand against generation (MW) with the reserve margin, over the chosen range. */
export function DemandChart({ series, timeZone }: { series: GridSeries; timeZone: string }) {
  const option = useMemo<ChartOption>(() => {
    const long = new Date(series.to).getTime() - new Date(series.from).getTime() > 86_400_000;
    const clock = clockFormatter(timeZone);
    const label = (iso: string) => (long ? formatDateTime(iso, timeZone) : clock(new Date(iso).getTime()));
    const times = series.points.map((p) => label(p.at));
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 56, right: 48, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: times, boundaryGap: false, name: zoneName(timeZone), nameLocation: 'end' },
      yAxis: [
        { type: 'value', name: 'MW', scale: true },
        { type: 'value', name: 'Reserve %', min: 0, splitLine: { show: false } },
      ],
      series: [
        {
          name: 'Demand',
          type: 'line',
          showSymbol: false,
          data: series.points.map((p) => p.demandMw),
          itemStyle: { color: '#1c7ed6' },
        },
        {
          name: 'Generation',
          type: 'line',
          showSymbol: false,
          data: series.points.map((p) => p.generationMw),
          itemStyle: { color: '#2f9e44' },
        },
        {
          name: 'Reserve margin',
          type: 'line',
          yAxisIndex: 1,
          showSymbol: false,
          lineStyle: { type: 'dashed' },
          data: series.points.map((p) => p.reserveMarginPercent),
          itemStyle: { color: '#f08c00' },
        },
      ],
    };
  }, [series, timeZone]);
  return <EChart option={option} height={280} label="Demand and generation over time" />;
}

/** The latest generation mix as a ring. */
export function MixChart({ reading }: { reading: GridReading | null }) {
  const shares = mixShares(reading?.mix ?? null);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item', valueFormatter: (v) => `${Number(v).toFixed(0)} MW` },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '45%'],
          // The shares are in the legend: labels around a ring collide on a phone.
          label: { show: false },
          data: shares.map((s) => ({
            name: `${s.name} ${s.percent.toFixed(0)} %`,
            value: Math.round(s.mw),
            itemStyle: { color: s.color },
          })),
        },
      ],
    }),
    [reading],
  );
  const text = shares.map((s) => `${s.name} ${s.percent.toFixed(0)} %`).join(', ');
  if (shares.length === 0) return <Text c="dimmed">This feed gives no generation mix.</Text>;
  return <EChart option={option} height={240} label={`Generation mix: ${text || 'not given by this feed'}`} />;
}

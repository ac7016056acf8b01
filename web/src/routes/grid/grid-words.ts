import type { GridFeed, GridFeedLink, GridHealth, GridReading } from '../../api/grid';

export const HEALTH_WORDS: Record<GridHealth, { label: string; color: string }> = {
  normal: { label: 'Normal', color: 'teal' },
  alert: { label: 'Alert', color: 'orange' },
  emergency: { label: 'Emergency', color: 'red' },
};

export const LINK_WORDS: Record<GridFeedLink, { label: string; color: string }> = {
  connecting: { label: 'Connecting', color: 'gray' },
  connected: { label: 'Connected', color: 'teal' },
  disconnected: { label: 'Disconnected', color: 'red' },
  stale: { label: 'Stale', color: 'gray' },
  off: { label: 'Turned off', color: 'gray' },
};

export const KIND_WORDS: Record<GridFeed['kind'], string> = {
  simulated: 'Simulated national grid',
  mqtt: 'MQTT',
  http: 'HTTP polling',
};

/**
 * What the health tile says. A feed that is not delivering readings is never shown as healthy: its
 * last known health is given as that, in grey.
 */
export function shownHealth(feed: Pick<GridFeed, 'health' | 'link'>): { label: string; color: string; current: boolean } {
  const words = HEALTH_WORDS[feed.health];
  if (feed.link === 'connected') return { ...words, current: true };
  return { label: `${LINK_WORDS[feed.link].label}: last known ${words.label.toLowerCase()}`, color: 'gray', current: false };
}

/** Generation mix for the chart: the sources with their share, largest first. */
export function mixShares(mix: GridReading['mix']) {
  if (!mix) return [];
  const parts = [
    { name: 'Thermal', mw: mix.thermalMw, color: '#868e96' },
    { name: 'Hydro', mw: mix.hydroMw, color: '#228be6' },
    { name: 'Solar', mw: mix.solarMw, color: '#fab005' },
    { name: 'Wind', mw: mix.windMw, color: '#12b886' },
  ];
  const total = parts.reduce((sum, p) => sum + p.mw, 0);
  return parts
    .filter((p) => p.mw > 0)
    .map((p) => ({ ...p, percent: total > 0 ? (p.mw / total) * 100 : 0 }))
    .sort((a, b) => b.mw - a.mw);
}

import { Badge } from '@mantine/core';
import type { LiveConnectionState } from './useLiveEvents';

const LABELS: Record<LiveConnectionState, { text: string; color: string; title: string }> = {
  connecting: { text: 'Connecting', color: 'gray', title: 'Connecting to live updates' },
  live: { text: 'Live', color: 'teal', title: 'Receiving live updates' },
  reconnecting: { text: 'Reconnecting', color: 'yellow', title: 'Live updates interrupted; reconnecting' },
  unavailable: { text: 'Not live', color: 'gray', title: 'Live updates are not available; reload to refresh' },
};

/** Whether the page is receiving live updates; announced politely to screen readers. */
export function LiveIndicator({ state }: { state: LiveConnectionState }) {
  const label = LABELS[state];
  return (
    <Badge color={label.color} variant={state === 'live' ? 'dot' : 'light'} title={label.title} role="status" aria-live="polite">
      {label.text}
    </Badge>
  );
}

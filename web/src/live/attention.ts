import type { AttentionItem } from '../../../server/src/domain/live-attention';

// The server's own rules (pure, no imports): the dashboard and GET /live/attention cannot disagree.
export { type AttentionItem, needsAttention } from '../../../server/src/domain/live-attention';

const STUCK_WORDS: Record<string, string> = {
  Preparing: 'Plugged in, no session started',
  SuspendedEV: 'The car stopped taking energy',
  Finishing: 'Session over, cable still in',
};

/** How long, in words: "12 min", "3 h 5 min", "2 d 4 h". */
export function durationWords(minutes: number | null): string | null {
  if (minutes === null) return null;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** How long ago, in words: "12 s ago", "5 min ago", "3 h 5 min ago"; a time ahead of this clock is "just now". */
export function agoWords(iso: string, now: Date): string {
  const seconds = Math.floor((now.getTime() - Date.parse(iso)) / 1000);
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  return `${durationWords(Math.floor(seconds / 60))} ago`;
}

/** The headline of one item: what is wrong, in an operator's words. */
export function attentionHeadline(item: AttentionItem): string {
  const where = item.connectorId === null ? 'Charger' : `Connector ${item.connectorId}`;
  switch (item.kind) {
    case 'faulted':
      return `${where} faulted${item.errorCode ? `: ${item.errorCode}` : ''}`;
    case 'offline':
      return item.since ? 'Offline' : 'Never connected';
    case 'unavailable':
      return `${where} unavailable`;
    case 'stuck':
      return `${where}: ${STUCK_WORDS[item.status] ?? item.status}`;
  }
}

/** The vendor's own code and text, when the charger sent them ("ABB E42 · RCD tripped"). */
export function vendorDetail(item: AttentionItem): string | null {
  const code = [item.vendorId, item.vendorErrorCode].filter(Boolean).join(' ');
  const parts = [code && `Vendor ${code}`, item.info].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
}

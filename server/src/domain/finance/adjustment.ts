import { assertBalanced, type LedgerAccount, type Posting } from './ledger.js';
import type { Minor } from './money.js';

const keyOf = (p: Pick<Posting, 'account' | 'ref'>) => `${p.account}\u0000${p.ref ?? ''}`;

/**
 * The adjusting entry a re-pricing writes: for each account (and ref), what the session's postings should
 * now total minus what they total so far. Both sides balance, so the difference does too; accounts whose
 * total does not move get no posting. `current` is everything already posted for the session (its first
 * entry and earlier adjustments).
 */
export function adjustingPostings(current: readonly Posting[], target: readonly Posting[]): Posting[] {
  const totals = new Map<string, Posting>();
  const add = (p: Posting, sign: bigint) => {
    const key = keyOf(p);
    const entry = totals.get(key) ?? { account: p.account, ...(p.ref ? { ref: p.ref } : {}), amountMinor: 0n };
    entry.amountMinor += sign * p.amountMinor;
    totals.set(key, entry);
  };
  for (const p of target) add(p, 1n);
  for (const p of current) add(p, -1n);
  const differences = [...totals.values()].filter((p) => p.amountMinor !== 0n);
  assertBalanced(differences);
  return differences;
}

/** A stored posting as the domain sees it. */
export const postingOf = (row: { account: string; ref: string | null; amountMinor: Minor }): Posting => ({
  account: row.account as LedgerAccount,
  ...(row.ref ? { ref: row.ref } : {}),
  amountMinor: row.amountMinor,
});

/** Canonical JSON (keys sorted at every level), so figures read back from jsonb compare equal to fresh ones. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
}

import type { Executor } from '../../db/client.js';
import type { PaymentRow } from './queries.js';
import { refundsOf, settlementOfSession } from './dashboard-queries.js';

/** Refunds that may still move or have moved money: only a decline, an error or a give-up frees their amount. */
const COUNTED = new Set(['pending', 'unknown', 'approved']);

export const capturedOf = (p: Pick<PaymentRow, 'approvedMinor' | 'amountMinor'>) => p.approvedMinor ?? p.amountMinor;

/** What the refunds of a payment add up to so far (pending and unanswered ones included). */
export function countedRefunds(refunds: readonly PaymentRow[]): bigint {
  return refunds.filter((r) => COUNTED.has(r.status)).reduce((sum, r) => sum + capturedOf(r), 0n);
}

/**
 * Why a payment cannot be refunded here, or null: only an approved capture or sale of a settled session,
 * through a gateway configuration (wallet payments are refunded to the wallet, by the wallets module).
 */
export async function refusalOf(db: Executor, p: PaymentRow): Promise<string | null> {
  if (p.type !== 'capture' && p.type !== 'sale') return `A ${p.type} cannot be refunded: only a capture or a sale`;
  if (p.status !== 'approved') return `Only an approved payment can be refunded; this one is ${p.status}`;
  if (p.gateway === 'wallet') return 'Wallet payments are refunded to the wallet, not here';
  if (!p.gatewayConfigId) return 'The gateway configuration this payment went through no longer exists';
  if (!p.sessionId || !(await settlementOfSession(db, p.sessionId))) return 'Only payments of a settled session can be refunded';
  return null;
}

export async function refundState(db: Executor, p: PaymentRow) {
  const refusal = await refusalOf(db, p);
  const countedMinor = countedRefunds(await refundsOf(db, p.id));
  const left = capturedOf(p) - countedMinor;
  return { refusal, countedMinor, leftMinor: left > 0n ? left : 0n };
}

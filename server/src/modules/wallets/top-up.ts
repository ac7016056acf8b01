import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client.js';
import { idTokens, paymentMethods } from '../../db/schema/index.js';
import { walletTopUpPostings } from '../../domain/finance/wallet-ledger.js';
import { AppError } from '../../errors.js';
import { formatMoney } from '../invoices/pdf-format.js';
import { type PaymentsDeps, attemptPayment } from '../payments/attempts.js';
import { type CardOnFile, cardOf, cardOnFile } from '../payments/card-on-file.js';
import type { PaymentRow } from '../payments/queries.js';
import { routeGateway } from '../payments/registry.js';
import { postWalletEntry } from './postings.js';
import { type WalletRow, insertEntry, lockWallet, walletBalance, walletLimits } from './queries.js';

/**
 * The card a driver's top-ups are charged to: the driver's own payment method when it is a card on
 * file, else a card on file on one of the driver's ID tokens (a driver who pays sessions from the
 * wallet keeps the card on a token, or the other way round).
 */
export async function topUpCard(db: Executor, userId: string): Promise<CardOnFile | null> {
  const own = await cardOnFile(db, null, userId);
  if (own) return own;
  const [onToken] = await db
    .select({ method: paymentMethods })
    .from(paymentMethods)
    .innerJoin(idTokens, eq(idTokens.id, paymentMethods.idTokenId))
    .where(and(eq(idTokens.userId, userId), isNotNull(paymentMethods.cardToken)))
    .orderBy(paymentMethods.createdAt);
  return cardOf(onToken?.method ?? null);
}

/**
 * Run in the transaction that makes a `top_up` payment final: an approved one adds its entry and
 * postings exactly once (the entry is unique per payment, so a second answer writes nothing).
 */
export async function creditApprovedTopUp(tx: Tx, row: PaymentRow): Promise<void> {
  if (row.status !== 'approved' || !row.walletId) return;
  const wallet = await lockWallet(tx, row.walletId);
  if (!wallet) return;
  const amount = row.approvedMinor ?? row.amountMinor;
  const entry = await insertEntry(tx, {
    walletId: wallet.id,
    kind: 'top_up',
    amountMinor: amount,
    paymentId: row.id,
    createdBy: row.createdBy,
  });
  if (entry) await postWalletEntry(tx, wallet, walletTopUpPostings(wallet.id, row.gateway, amount), { documentId: row.id });
}

export interface TopUpResult {
  paymentId: string;
  status: 'approved' | 'pending' | 'unknown';
  amountMinor: number;
  currency: string;
  balanceMinor: number;
}

/**
 * Charges a top-up to the driver's card on file through its gateway. The payment row is written
 * under `top-up:<wallet>:<key>` first, so the same key sent again (a retried request) never
 * charges twice: it answers what the first did. The wallet is credited by `creditApprovedTopUp`
 * when the gateway approves — now, or later through the reconciler when it did not answer.
 */
export async function topUp(
  deps: PaymentsDeps,
  wallet: WalletRow,
  input: { amountMinor: number; clientKey?: string | undefined; createdBy: string | null },
): Promise<TopUpResult> {
  const { db } = deps;
  const amount = BigInt(input.amountMinor);
  const limits = await walletLimits(db, wallet.organizationId);
  if (amount > limits.topUpMaxMinor)
    throw new AppError(
      'TOP_UP_ABOVE_MAXIMUM',
      `A top-up may add at most ${formatMoney(limits.topUpMaxMinor, wallet.currency)}; asked ${formatMoney(amount, wallet.currency)}`,
      { field: 'amountMinor', maximumMinor: Number(limits.topUpMaxMinor) },
    );
  const card = await topUpCard(db, wallet.userId);
  if (!card) throw new AppError('NO_CARD_ON_FILE', 'There is no card on file to charge the top-up to');
  const config = await routeGateway(db, {
    organizationId: wallet.organizationId,
    gateway: card.gateway,
    currency: wallet.currency,
    amountMinor: amount,
    cardBrand: card.brand,
  });
  if (!config)
    throw new AppError(
      'GATEWAY_NOT_CONFIGURED',
      `No enabled ${card.gateway} configuration takes ${wallet.currency} payments for this organization`,
    );
  const row = await attemptPayment(deps, {
    type: 'top_up',
    config,
    organizationId: wallet.organizationId,
    amountMinor: amount,
    currency: wallet.currency,
    idempotencyKey: `top-up:${wallet.id}:${input.clientKey ?? randomUUID()}`,
    // The reconciler looks a top-up up by its wallet (modules/payments/reconcile.ts).
    orderReference: wallet.id,
    source: card.source,
    links: { walletId: wallet.id, userId: wallet.userId, cardBrand: card.brand, cardLast4: card.last4 },
    createdBy: input.createdBy,
  });
  if (row.walletId !== wallet.id || row.amountMinor !== amount || row.type !== 'top_up')
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different payment');
  switch (row.status) {
    case 'declined':
      throw new AppError('PAYMENT_DECLINED', `The card was declined: ${row.reason ?? 'no reason given'}`, {
        paymentId: row.id,
        reason: row.reason,
      });
    case 'error':
    case 'failed':
      throw new AppError('PAYMENT_GATEWAY_ERROR', `The payment did not go through; nothing was charged: ${row.reason ?? ''}`, {
        paymentId: row.id,
        reason: row.reason,
      });
    default:
      return {
        paymentId: row.id,
        status: row.status,
        amountMinor: Number(row.approvedMinor ?? row.amountMinor),
        currency: row.currency,
        balanceMinor: Number(await walletBalance(db, wallet.id)),
      };
  }
}

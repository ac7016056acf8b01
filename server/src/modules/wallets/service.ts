import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { organizations, users } from '../../db/schema/index.js';
import { assertCurrency } from '../../domain/organization-rules.js';
import { walletAdjustmentPostings, walletRefundPostings } from '../../domain/finance/wallet-ledger.js';
import { type Scope, assertWholeOrganization, canReachOrganization, hasPermission } from '../../domain/scope.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { formatMoney } from '../invoices/pdf-format.js';
import type { PaymentsDeps } from '../payments/attempts.js';
import { getUser } from '../users/service.js';
import { BEYOND_LIMIT_PREFIX } from './debit.js';
import { postWalletEntry } from './postings.js';
import {
  type WalletListRow,
  type WalletRow,
  ensureWallet,
  insertEntry,
  insertWallet,
  listWallets,
  lockWallet,
  sessionMovements,
  walletBalance,
  walletById,
  walletEntryPage,
  walletLimits,
  walletOf,
} from './queries.js';
import { topUp } from './top-up.js';

const n = (text: string | null | undefined) => Number(text ?? '0');
const iso = (value: string | Date) => new Date(value).toISOString();

/** Staff reach wallets of their organizations (whole organizations: a wallet belongs to no site). */
function staffScope(scope: Scope): readonly string[] | null {
  assertWholeOrganization(scope, 'Wallets');
  return scope.organizationIds;
}

const isOwner = (scope: Scope, wallet: WalletRow) =>
  scope.kind === 'self' && hasPermission(scope, 'self:wallet') && wallet.userId === scope.userId;

/**
 * A wallet the caller may read (`payments:read` staff of its organization, or its own driver) or
 * act on (`payments:write` staff, or the driver for a top-up). For staff the checks run in the
 * order of every other route — the permission (403), whole organizations (403
 * SITE_LIMITED_SCOPE), then reach — so a caller who may not do this at all gets 403 whichever
 * wallet it names. A wallet out of reach, and any wallet but a driver's own, is "not found".
 */
async function reachableWallet(db: Executor, scope: Scope, id: string, need: 'read' | 'write' | 'top-up'): Promise<WalletRow> {
  const wallet = await walletById(db, id);
  if (wallet && isOwner(scope, wallet) && need !== 'write') return wallet;
  if (scope.kind === 'self') throw notFound('Wallet');
  const permission = need === 'read' ? 'payments:read' : 'payments:write';
  if (!hasPermission(scope, permission)) throw forbidden(`Requires permission ${permission}`);
  staffScope(scope);
  if (!wallet || !canReachOrganization(scope, wallet.organizationId)) throw notFound('Wallet');
  return wallet;
}

function presentWallet(r: WalletListRow) {
  const balance = n(r.balance);
  const negativeLimit = n(r.negative_limit);
  const lowBalance = n(r.low_balance);
  return {
    id: r.id,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    timeZone: r.time_zone,
    userId: r.user_id,
    userName: r.user_name,
    userEmail: r.user_email,
    currency: r.currency,
    balanceMinor: balance,
    entryCount: r.entries,
    lastEntryAt: r.last_entry_at ? iso(r.last_entry_at) : null,
    negativeLimitMinor: negativeLimit,
    lowBalanceMinor: lowBalance,
    state: balance < 0 ? ('negative' as const) : balance <= lowBalance ? ('low' as const) : ('ok' as const),
    createdAt: iso(r.created_at),
  };
}

export async function listWalletsInScope(
  db: Executor,
  scope: Scope,
  filter: { organizationId?: string; userId?: string; currency?: string; q?: string },
  page: PageRequest,
) {
  const rows = await listWallets(db, { ...filter, organizationIds: staffScope(scope) }, page);
  return { items: rows.map(presentWallet), total: rows[0]?.total ?? 0, ...page };
}

/** The driver's own wallets (one per currency), and the currency a first top-up opens one in. */
export async function ownWallets(db: Executor, userId: string) {
  const rows = await listWallets(db, { organizationIds: null, userId });
  const [driver] = await db
    .select({ currency: organizations.currency })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.id, userId));
  return { items: rows.map(presentWallet), currency: driver?.currency ?? null };
}

async function walletSummary(db: Executor, id: string) {
  const [row] = await listWallets(db, { organizationIds: null, ids: [id] });
  return presentWallet(row!);
}

export async function walletDetail(db: Executor, scope: Scope, id: string, page: PageRequest) {
  const wallet = await reachableWallet(db, scope, id, 'read');
  const rows = await walletEntryPage(db, wallet.id, page);
  return {
    wallet: await walletSummary(db, wallet.id),
    entries: {
      items: rows.map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        amountMinor: n(r.amount),
        balanceMinor: n(r.balance),
        sessionId: r.session_id,
        paymentId: r.payment_id,
        reason: r.reason,
        beyondLimit: r.kind === 'debit' && (r.reason ?? '').startsWith(BEYOND_LIMIT_PREFIX),
        createdByName: r.created_by_name,
        createdAt: iso(r.created_at),
      })),
      total: rows[0]?.total ?? 0,
      ...page,
    },
  };
}

/** Opens a wallet for a driver in a currency: one per driver and currency. */
export async function createWallet(db: Db, audit: AuditContext, scope: Scope, input: { userId: string; currency: string }) {
  staffScope(scope);
  assertCurrency(input.currency);
  const user = await getUser(db, scope, input.userId);
  if (!user.organizationId)
    throw new AppError('WALLET_NEEDS_ORGANIZATION', 'A wallet belongs to a driver of an organization; this user has none', {
      field: 'userId',
    });
  const organizationId = user.organizationId;
  const id = await db.transaction(async (tx) => {
    const row = await insertWallet(tx, { organizationId, userId: user.id, currency: input.currency });
    if (!row) throw new AppError('WALLET_EXISTS', `${user.name} already has a ${input.currency} wallet`, { field: 'currency' });
    await recordAudit(tx, audit, { entityType: 'wallet', entityId: row.id, action: 'create', organizationId, after: row });
    return row.id;
  });
  return walletSummary(db, id);
}

/** Accounts' hand adjustment: signed, with the reason, audited, posted against `wallet_adjustments`. */
export async function adjustWallet(
  db: Db,
  audit: AuditContext,
  scope: Scope,
  id: string,
  input: { amountMinor: number; reason: string },
) {
  const found = await reachableWallet(db, scope, id, 'write');
  const reason = input.reason.trim();
  if (!reason) throw new AppError('VALIDATION_FAILED', 'Say why the wallet is adjusted', { field: 'reason' });
  if (input.amountMinor === 0)
    throw new AppError('VALIDATION_FAILED', 'An adjustment moves a non-zero amount', { field: 'amountMinor' });
  const amount = BigInt(input.amountMinor);
  await db.transaction(async (tx) => {
    const wallet = (await lockWallet(tx, found.id))!;
    const before = await walletBalance(tx, wallet.id);
    const entry = (await insertEntry(tx, {
      walletId: wallet.id,
      kind: 'adjustment',
      amountMinor: amount,
      reason,
      createdBy: audit.actorId,
    }))!;
    await postWalletEntry(tx, wallet, walletAdjustmentPostings(wallet.id, amount), { documentId: wallet.id });
    await recordAudit(tx, audit, {
      entityType: 'wallet',
      entityId: wallet.id,
      action: 'adjust',
      organizationId: wallet.organizationId,
      before: { balanceMinor: Number(before) },
      after: { balanceMinor: Number(before + amount), entryId: entry.id, amountMinor: Number(amount), reason },
    });
  });
  return walletSummary(db, found.id);
}

/**
 * Gives money of a wallet session back to the wallet: at most what that session debited less what
 * was given back for it already, checked under the wallet's row lock so two refunds at once
 * cannot both pass.
 */
export async function refundToWallet(
  db: Db,
  audit: AuditContext,
  scope: Scope,
  id: string,
  input: { sessionId: string; amountMinor: number; reason: string },
) {
  const found = await reachableWallet(db, scope, id, 'write');
  const reason = input.reason.trim();
  if (!reason) throw new AppError('VALIDATION_FAILED', 'Say why the money is given back', { field: 'reason' });
  const amount = BigInt(input.amountMinor);
  await db.transaction(async (tx) => {
    const wallet = (await lockWallet(tx, found.id))!;
    const { debitedMinor, refundedMinor } = await sessionMovements(tx, wallet.id, input.sessionId);
    const left = debitedMinor - refundedMinor;
    if (amount > left)
      throw new AppError(
        'REFUND_EXCEEDS_CAPTURED',
        debitedMinor === 0n
          ? 'That session was not paid from this wallet'
          : `At most ${formatMoney(left, wallet.currency)} of that session can still be given back (debited ${formatMoney(debitedMinor, wallet.currency)}, given back ${formatMoney(refundedMinor, wallet.currency)})`,
        { field: 'amountMinor', refundableMinor: Number(left) },
      );
    const entry = (await insertEntry(tx, {
      walletId: wallet.id,
      kind: 'refund',
      amountMinor: amount,
      sessionId: input.sessionId,
      reason,
      createdBy: audit.actorId,
    }))!;
    await postWalletEntry(tx, wallet, walletRefundPostings(wallet.id, amount), { sessionId: input.sessionId });
    await recordAudit(tx, audit, {
      entityType: 'wallet',
      entityId: wallet.id,
      action: 'refund',
      organizationId: wallet.organizationId,
      after: { entryId: entry.id, sessionId: input.sessionId, amountMinor: Number(amount), reason },
    });
  });
  return walletSummary(db, found.id);
}

/** A top-up of a wallet the caller reaches: its driver, or payments:write staff. */
export async function topUpWallet(
  deps: PaymentsDeps | undefined,
  scope: Scope,
  id: string,
  input: { amountMinor: number; clientKey?: string | undefined },
) {
  if (!deps) throw new AppError('UNAVAILABLE', 'Payments are not running on this server');
  const wallet = await reachableWallet(deps.db, scope, id, 'top-up');
  return topUp(deps, wallet, { ...input, createdBy: scope.userId });
}

/** The driver's top-up of their wallet in their organization's currency, opened on the first top-up. */
export async function topUpOwnWallet(
  deps: PaymentsDeps | undefined,
  userId: string,
  input: { amountMinor: number; clientKey?: string | undefined },
) {
  if (!deps) throw new AppError('UNAVAILABLE', 'Payments are not running on this server');
  const [driver] = await deps.db
    .select({ organizationId: users.organizationId, currency: organizations.currency })
    .from(users)
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.id, userId));
  if (!driver?.organizationId || !driver.currency)
    throw new AppError('WALLET_NEEDS_ORGANIZATION', 'A wallet belongs to a driver of an organization; you have none');
  const wallet = await ensureWallet(deps.db, { organizationId: driver.organizationId, userId, currency: driver.currency });
  return topUp(deps, wallet, { ...input, createdBy: userId });
}

export type WalletStartCheck = { ok: true } | { ok: false; reason: string; balanceMinor: number };

/**
 * Whether a driver may start a session paid from the wallet: the balance (0 with no wallet yet)
 * must be above −walletNegativeLimitMinor of the organization whose charger it is.
 */
export async function walletStartCheck(
  db: Executor,
  input: { userId: string; organizationId: string; currency: string },
): Promise<WalletStartCheck> {
  const wallet = await walletOf(db, input.userId, input.currency);
  const balance = wallet ? await walletBalance(db, wallet.id) : 0n;
  const { negativeLimitMinor } = await walletLimits(db, input.organizationId);
  if (balance > -negativeLimitMinor) return { ok: true };
  return {
    ok: false,
    balanceMinor: Number(balance),
    reason: `The wallet balance is ${formatMoney(balance, input.currency)}: a start needs more than ${formatMoney(-negativeLimitMinor, input.currency)}. Top up the wallet first.`,
  };
}

import { type SQL, and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { inScope } from '../../db/scope-sql.js';
import { type WalletEntryKind, paymentSettings, walletEntries, wallets } from '../../db/schema/index.js';

export type WalletRow = typeof wallets.$inferSelect;
export type WalletEntryRow = typeof walletEntries.$inferSelect;

/** An organization's wallet limits; the schema's defaults when it has no row. */
export interface WalletLimits {
  negativeLimitMinor: bigint;
  topUpMaxMinor: bigint;
  lowBalanceMinor: bigint;
}

const DEFAULT_LIMITS: WalletLimits = { negativeLimitMinor: 0n, topUpMaxMinor: 10_000_000n, lowBalanceMinor: 0n };

export async function walletLimits(db: Executor, organizationId: string): Promise<WalletLimits> {
  const [row] = await db.select().from(paymentSettings).where(eq(paymentSettings.organizationId, organizationId));
  if (!row) return DEFAULT_LIMITS;
  return {
    negativeLimitMinor: row.walletNegativeLimitMinor,
    topUpMaxMinor: row.walletTopUpMaxMinor,
    lowBalanceMinor: row.walletLowBalanceMinor,
  };
}

export async function walletById(db: Executor, id: string): Promise<WalletRow | null> {
  const [row] = await db.select().from(wallets).where(eq(wallets.id, id));
  return row ?? null;
}

export async function walletOf(db: Executor, userId: string, currency: string): Promise<WalletRow | null> {
  const [row] = await db
    .select()
    .from(wallets)
    .where(and(eq(wallets.userId, userId), eq(wallets.currency, currency)));
  return row ?? null;
}

/** The wallet of a user and currency, made when missing (two callers at once get the same one). */
export async function ensureWallet(db: Executor, values: { organizationId: string; userId: string; currency: string }) {
  await db
    .insert(wallets)
    .values(values)
    .onConflictDoNothing({ target: [wallets.userId, wallets.currency] });
  return (await walletOf(db, values.userId, values.currency))!;
}

export async function insertWallet(db: Executor, values: { organizationId: string; userId: string; currency: string }) {
  const [row] = await db
    .insert(wallets)
    .values(values)
    .onConflictDoNothing({ target: [wallets.userId, wallets.currency] })
    .returning();
  return row ?? null;
}

/** Takes the wallet's row lock for the rest of the transaction: every balance check and its entry happen under it. */
export async function lockWallet(db: Executor, id: string): Promise<WalletRow | null> {
  const [row] = await db.select().from(wallets).where(eq(wallets.id, id)).for('update');
  return row ?? null;
}

/** The balance: the sum of the entries, always (nothing stored beside them). */
export async function walletBalance(db: Executor, walletId: string): Promise<bigint> {
  const [row] = await db
    .select({ sum: sql<string>`coalesce(sum(${walletEntries.amountMinor}), 0)::text` })
    .from(walletEntries)
    .where(eq(walletEntries.walletId, walletId));
  return BigInt(row?.sum ?? '0');
}

export interface EntryInsert {
  walletId: string;
  kind: WalletEntryKind;
  amountMinor: bigint;
  sessionId?: string | null;
  paymentId?: string | null;
  reason?: string | null;
  createdBy?: string | null;
}

/**
 * Writes an entry; a second debit of the same session or a second entry of the same payment is
 * not written (the unique indexes), and answers null.
 */
export async function insertEntry(db: Executor, values: EntryInsert): Promise<WalletEntryRow | null> {
  const [row] = await db.insert(walletEntries).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

/** What one session moved in one wallet: its debit (as a positive amount) and the refunds given back for it. */
export async function sessionMovements(db: Executor, walletId: string, sessionId: string) {
  const [row] = await queryRows<{ debited: string; refunded: string }>(
    db,
    sql`SELECT coalesce(-sum(amount_minor) FILTER (WHERE kind = 'debit'), 0)::text AS debited,
               coalesce(sum(amount_minor) FILTER (WHERE kind = 'refund'), 0)::text AS refunded
          FROM wallet_entries WHERE wallet_id = ${walletId} AND session_id = ${sessionId}`,
  );
  return { debitedMinor: BigInt(row?.debited ?? '0'), refundedMinor: BigInt(row?.refunded ?? '0') };
}

export interface WalletListRow extends Record<string, unknown> {
  id: string;
  organization_id: string;
  organization_name: string;
  time_zone: string;
  user_id: string;
  user_name: string;
  user_email: string;
  currency: string;
  balance: string;
  entries: number;
  last_entry_at: string | null;
  created_at: string;
  negative_limit: string | null;
  low_balance: string | null;
  total: number;
}

export interface WalletFilter {
  organizationIds: readonly string[] | null;
  organizationId?: string;
  userId?: string;
  currency?: string;
  q?: string;
  ids?: string[];
}

/** Wallets with their balances (sums of entries) and their organization's limits, by driver name. */
export async function listWallets(db: Executor, filter: WalletFilter, page?: { page: number; pageSize: number }) {
  const where: SQL[] = [];
  const scoped = inScope(sql`w.organization_id`, filter.organizationIds);
  if (scoped) where.push(scoped);
  if (filter.organizationId) where.push(sql`w.organization_id = ${filter.organizationId}`);
  if (filter.userId) where.push(sql`w.user_id = ${filter.userId}`);
  if (filter.currency) where.push(sql`w.currency = ${filter.currency}`);
  if (filter.ids)
    where.push(
      filter.ids.length
        ? sql`w.id IN (${sql.join(
            filter.ids.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`
        : sql`false`,
    );
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(u.name ILIKE ${like} OR u.email ILIKE ${like})`);
  }
  const limit = page ? sql`LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}` : sql``;
  return queryRows<WalletListRow>(
    db,
    sql`SELECT w.id, w.organization_id, o.name AS organization_name, o.time_zone, w.user_id, u.name AS user_name,
               u.email AS user_email, w.currency, w.created_at,
               coalesce(e.balance, 0)::text AS balance, coalesce(e.entries, 0)::int AS entries, e.last_entry_at,
               ps.wallet_negative_limit_minor::text AS negative_limit, ps.wallet_low_balance_minor::text AS low_balance,
               count(*) OVER ()::int AS total
          FROM wallets w
          JOIN users u ON u.id = w.user_id
          JOIN organizations o ON o.id = w.organization_id
          LEFT JOIN payment_settings ps ON ps.organization_id = w.organization_id
          LEFT JOIN LATERAL (
            SELECT sum(amount_minor) AS balance, count(*) AS entries, max(created_at) AS last_entry_at
              FROM wallet_entries WHERE wallet_id = w.id
          ) e ON true
         ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
         ORDER BY u.name, w.currency, w.id
         ${limit}`,
  );
}

export interface EntryListRow extends Record<string, unknown> {
  id: string;
  kind: WalletEntryKind;
  amount: string;
  balance: string;
  session_id: string | null;
  payment_id: string | null;
  reason: string | null;
  created_by_name: string | null;
  created_at: string;
  total: number;
}

/** A wallet's entries newest first, each with the balance after it. */
export async function walletEntryPage(db: Executor, walletId: string, page: { page: number; pageSize: number }) {
  return queryRows<EntryListRow>(
    db,
    sql`SELECT x.* FROM (
          SELECT e.id AS seq, e.id::text AS id, e.kind, e.amount_minor::text AS amount,
                 (sum(e.amount_minor) OVER (ORDER BY e.id))::text AS balance,
                 e.session_id, e.payment_id, e.reason, u.name AS created_by_name, e.created_at,
                 count(*) OVER ()::int AS total
            FROM wallet_entries e LEFT JOIN users u ON u.id = e.created_by
           WHERE e.wallet_id = ${walletId}
        ) x
        -- By the number, not its text: "100" sorts before "99" as text.
        ORDER BY x.seq DESC
        LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`,
  );
}

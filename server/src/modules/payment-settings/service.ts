import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { organizations, paymentSettings } from '../../db/schema/index.js';
import { type Scope, assertWholeOrganization, canReachOrganization } from '../../domain/scope.js';
import { notFound } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import type { PaymentSettings } from './schemas.js';

type SettingsRow = typeof paymentSettings.$inferSelect;

/** The table's column defaults (migration 0011), what an organization without a row gets; a test holds them equal. */
export const PAYMENT_SETTINGS_DEFAULTS = {
  preauthAmountMinor: 0n,
  walletNegativeLimitMinor: 0n,
  walletTopUpMaxMinor: 10_000_000n,
  walletLowBalanceMinor: 0n,
} as const;

/** Payment settings belong to a whole organization the caller reaches. */
async function organizationInScope(db: Executor, scope: Scope, organizationId: string) {
  assertWholeOrganization(scope, 'Payment settings');
  if (!canReachOrganization(scope, organizationId)) throw notFound('Organization');
  const [org] = await db
    .select({ id: organizations.id, currency: organizations.currency })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!org) throw notFound('Organization');
  return org;
}

function present(org: { id: string; currency: string }, row: SettingsRow | null) {
  const amounts = row ?? PAYMENT_SETTINGS_DEFAULTS;
  return {
    organizationId: org.id,
    currency: org.currency,
    preauthAmountMinor: Number(amounts.preauthAmountMinor),
    walletNegativeLimitMinor: Number(amounts.walletNegativeLimitMinor),
    walletTopUpMaxMinor: Number(amounts.walletTopUpMaxMinor),
    walletLowBalanceMinor: Number(amounts.walletLowBalanceMinor),
    stored: row !== null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

async function settingsRow(db: Executor, organizationId: string): Promise<SettingsRow | null> {
  const [row] = await db.select().from(paymentSettings).where(eq(paymentSettings.organizationId, organizationId));
  return row ?? null;
}

export async function getPaymentSettings(db: Executor, scope: Scope, organizationId: string) {
  const org = await organizationInScope(db, scope, organizationId);
  return present(org, await settingsRow(db, org.id));
}

/** Stores all four amounts (in the organization's currency), audited with what they were before. */
export async function putPaymentSettings(
  db: Db,
  audit: AuditContext,
  scope: Scope,
  organizationId: string,
  input: PaymentSettings,
) {
  const org = await organizationInScope(db, scope, organizationId);
  return db.transaction(async (tx) => {
    const before = await settingsRow(tx, org.id);
    const values = {
      preauthAmountMinor: BigInt(input.preauthAmountMinor),
      walletNegativeLimitMinor: BigInt(input.walletNegativeLimitMinor),
      walletTopUpMaxMinor: BigInt(input.walletTopUpMaxMinor),
      walletLowBalanceMinor: BigInt(input.walletLowBalanceMinor),
      updatedAt: new Date(),
    };
    const [after] = await tx
      .insert(paymentSettings)
      .values({ organizationId: org.id, ...values })
      .onConflictDoUpdate({ target: paymentSettings.organizationId, set: values })
      .returning();
    const shown = present(org, after!);
    const { stored: _s, updatedAt: _u, ...auditedAfter } = shown;
    const { stored: _bs, updatedAt: _bu, ...auditedBefore } = present(org, before);
    await recordAudit(tx, audit, {
      entityType: 'payment_settings',
      entityId: org.id,
      action: before ? 'update' : 'create',
      organizationId: org.id,
      before: before ? auditedBefore : null,
      after: auditedAfter,
    });
    return shown;
  });
}

import { formatMoney } from '../invoices/pdf-format.js';
import type { Db, Executor } from '../../db/client.js';
import { payoutPostings } from '../../domain/finance/invoice-ledger.js';
import { type Scope, assertWholeOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { insertPostings } from '../invoices/queries.js';
import { insertPayout, lockOrganization, payoutBalances, payoutEntries } from './queries.js';
import type { CreatePayout } from './schemas.js';

/** Payouts are per organization: a scope limited to some sites or chargers (location owners) sees none. */
function payoutScope(scope: Scope): readonly string[] | null {
  assertWholeOrganization(scope, 'Payouts');
  return scope.organizationIds;
}

const n = (text: string) => Number(text);

export async function listBalances(db: Executor, scope: Scope, organizationId?: string) {
  const rows = await payoutBalances(db, payoutScope(scope), organizationId);
  return {
    items: rows.map((r) => ({
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      currency: r.currency,
      accruedMinor: n(r.accrued),
      invoicedMinor: n(r.invoiced),
      creditedMinor: n(r.credited),
      refundedMinor: n(r.refunded),
      paidOutMinor: n(r.paid_out),
      balanceMinor: n(r.balance),
    })),
  };
}

const KINDS = {
  session: ['accrual', 'Partner share of a charging session'],
  adjustment: ['adjustment', 'Re-pricing of a settled session'],
  invoice: ['invoice', 'Invoice taxes deducted (commission and gateway charges were withheld per session)'],
  credit_note: ['credit_note', 'Credit note returned to the payout'],
  invoice_payment: ['invoice_payment', 'Invoice payment'],
  refund: ['refund', "Refund to a driver: the organization's part of it"],
  payout: ['payout', 'Paid out'],
} as const;

export async function listEntries(db: Executor, scope: Scope, organizationId: string, page: PageRequest) {
  const ids = payoutScope(scope);
  if (ids !== null && !ids.includes(organizationId)) throw notFound('Organization');
  const { rows, total } = await payoutEntries(db, organizationId, page.page, page.pageSize);
  const items = rows.map((r) => {
    const [kind, description] = KINDS[r.entry_kind as keyof typeof KINDS] ?? ['adjustment', r.entry_kind];
    return {
      at: new Date(r.at).toISOString(),
      kind,
      reference: r.reference ?? r.transaction_id,
      description,
      amountMinor: n(r.amount),
      balanceMinor: n(r.balance),
    };
  });
  return { items, total, ...page };
}

/** Records money paid to an organization; never more than its payout balance (checked under a row lock). */
export async function createPayout(db: Db, audit: AuditContext, scope: Scope, recordedBy: string | null, input: CreatePayout) {
  const ids = payoutScope(scope);
  if (ids !== null && !ids.includes(input.organizationId)) throw notFound('Organization');
  return db.transaction(async (tx) => {
    const org = await lockOrganization(tx, input.organizationId);
    if (!org) throw notFound('Organization');
    const [before] = await payoutBalances(tx, null, org.id);
    const balance = BigInt(before?.balance ?? '0');
    const amount = BigInt(input.amountMinor);
    if (amount > balance)
      throw new AppError('PAYOUT_EXCEEDS_BALANCE', `The payout balance is ${formatMoney(balance, org.currency)}`, {
        field: 'amountMinor',
        balanceMinor: Number(balance),
      });
    const payout = await insertPayout(tx, {
      organizationId: org.id,
      currency: org.currency,
      amountMinor: amount,
      paidOn: input.paidOn,
      reference: input.reference ?? null,
      recordedBy,
    });
    await insertPostings(
      tx,
      payoutPostings(input.reference ?? payout.id, amount).map((p) => ({
        organizationId: org.id,
        account: p.account,
        ref: p.ref ?? null,
        entryKind: 'payout' as const,
        documentId: payout.id,
        currency: org.currency,
        amountMinor: p.amountMinor,
        at: new Date(),
      })),
    );
    const shown = { ...payout, amountMinor: Number(amount), balanceMinor: Number(balance - amount) };
    await recordAudit(tx, audit, {
      entityType: 'payout',
      entityId: payout.id,
      action: 'create',
      organizationId: org.id,
      after: shown,
    });
    return { ...shown, createdAt: payout.createdAt.toISOString() };
  });
}

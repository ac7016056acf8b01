import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { idTokens, users } from '../../db/schema/index.js';
import { effectivePaymentMethod } from '../../domain/payment-gateways.js';
import { type Scope, assertWholeOrganization, canReachOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import type { PageRequest } from '../../http/schemas.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { type IdTokenListRow, type IdTokenRow, findIdToken, findIdTokenWithHolder, findIdTokens } from './queries.js';
import type { CreateIdToken, IdTokenFilter, UpdateIdToken } from './schemas.js';

export function presentIdToken({ ownGateway, ownerGateway, ...row }: IdTokenListRow) {
  const payment = effectivePaymentMethod({ own: ownGateway, owners: ownerGateway });
  return {
    ...row,
    paymentGateway: payment.gateway,
    effectiveGateway: payment.effectiveGateway,
    paymentSource: payment.source,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Tokens belong to a whole organization: views limited to some sites or chargers do not see them. */
function assertOrganizationWide(scope: Scope): void {
  assertWholeOrganization(scope, 'ID tokens');
}

export async function listIdTokens(db: Db, scope: Scope, filter: IdTokenFilter, page: PageRequest) {
  assertOrganizationWide(scope);
  const { items, total } = await findIdTokens(db, { ...filter, ...page, organizationIds: scope.organizationIds });
  return { items: items.map(presentIdToken), total, ...page };
}

/** One token as the API shows it: with its driver's name and payment method. */
export async function showIdToken(db: Db, scope: Scope, id: string) {
  assertOrganizationWide(scope);
  const row = await findIdTokenWithHolder(db, id, scope.organizationIds);
  if (!row) throw notFound('ID token');
  return presentIdToken(row);
}

export async function getIdToken(db: Db, scope: Scope, id: string): Promise<IdTokenRow> {
  assertOrganizationWide(scope);
  const row = await findIdToken(db, id, scope.organizationIds);
  if (!row) throw notFound('ID token');
  return row;
}

async function assertUserExists(db: Db, userId: string | null | undefined): Promise<void> {
  if (!userId) return;
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!user) throw new AppError('UNPROCESSABLE', 'The user does not exist', { field: 'userId' });
}

const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));

export async function createIdToken(db: Db, audit: AuditContext, scope: Scope, input: CreateIdToken) {
  assertOrganizationWide(scope);
  if (!canReachOrganization(scope, input.organizationId))
    throw new AppError('UNPROCESSABLE', 'The organization does not exist', { field: 'organizationId' });
  await assertUserExists(db, input.userId);
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(idTokens)
      .values({ ...input, expiresAt: toDate(input.expiresAt) })
      .returning();
    await recordAudit(tx, audit, {
      entityType: 'id_token',
      entityId: row!.id,
      action: 'create',
      organizationId: row!.organizationId,
      after: row!,
    });
    return row!;
  });
  return showIdToken(db, scope, created.id);
}

export async function updateIdToken(db: Db, audit: AuditContext, scope: Scope, id: string, input: UpdateIdToken) {
  const current = await getIdToken(db, scope, id);
  await assertUserExists(db, input.userId);
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(idTokens)
      .set({ ...input, expiresAt: toDate(input.expiresAt), updatedAt: new Date() })
      .where(eq(idTokens.id, id))
      .returning();
    await recordAudit(tx, audit, {
      entityType: 'id_token',
      entityId: id,
      action: 'update',
      organizationId: row!.organizationId,
      before: current,
      after: row!,
    });
    return row!;
  });
  return showIdToken(db, scope, updated.id);
}

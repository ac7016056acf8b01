import type { Db } from '../../db/client.js';
import type { PaymentGateway } from '../../db/schema/index.js';
import { effectivePaymentMethod } from '../../domain/payment-gateways.js';
import type { Permission } from '../../domain/permissions.js';
import type { Scope } from '../../domain/scope.js';
import { forbidden } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { getIdToken } from '../id-tokens/service.js';
import { getUser } from '../users/service.js';
import { type Holder, deletePaymentMethod, paymentMethodRow, sessionPaymentMethods, upsertPaymentMethod } from './queries.js';

type Source = 'id_token' | 'user' | 'default';

/** Reading a payment method takes payments:read, or the permission that reads its holder (token or user). */
export function assertCanReadPaymentMethod(scope: Scope, holderRead: Permission): void {
  if (!scope.permissions.has('payments:read') && !scope.permissions.has(holderRead))
    throw forbidden(`Requires permission payments:read or ${holderRead}`);
}

/** What settlement would charge a session with this token (the same query and rule). */
export async function tokenPaymentMethod(db: Db, scope: Scope, idTokenId: string) {
  const token = await getIdToken(db, scope, idTokenId);
  return effectivePaymentMethod(await sessionPaymentMethods(db, token.id, token.userId));
}

export async function userPaymentMethod(db: Db, scope: Scope, userId: string) {
  const user = await getUser(db, scope, userId);
  const own = await paymentMethodRow(db, { userId: user.id });
  const source: Source = own ? 'user' : 'default';
  return { gateway: own?.gateway ?? null, effectiveGateway: own?.gateway ?? 'manual', source };
}

/** Sets the holder's own method, or with `null` removes it (then the owner's or manual applies); audited, nothing written when there is nothing to remove. */
async function setPaymentMethod(
  db: Db,
  audit: AuditContext,
  holder: Holder,
  organizationId: string | null,
  gateway: PaymentGateway | null,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await paymentMethodRow(tx, holder);
    if (gateway === null) {
      const removed = await deletePaymentMethod(tx, holder);
      if (removed)
        await recordAudit(tx, audit, {
          entityType: 'payment_method',
          entityId: removed.id,
          action: 'delete',
          organizationId,
          before: removed,
          after: null,
        });
      return;
    }
    const after = await upsertPaymentMethod(tx, holder, gateway);
    await recordAudit(tx, audit, {
      entityType: 'payment_method',
      entityId: after.id,
      action: before ? 'update' : 'create',
      organizationId,
      before,
      after,
    });
  });
}

export async function setTokenPaymentMethod(
  db: Db,
  audit: AuditContext,
  scope: Scope,
  idTokenId: string,
  gateway: PaymentGateway | null,
) {
  const token = await getIdToken(db, scope, idTokenId);
  await setPaymentMethod(db, audit, { idTokenId: token.id }, token.organizationId, gateway);
  return tokenPaymentMethod(db, scope, idTokenId);
}

export async function setUserPaymentMethod(
  db: Db,
  audit: AuditContext,
  scope: Scope,
  userId: string,
  gateway: PaymentGateway | null,
) {
  const user = await getUser(db, scope, userId);
  await setPaymentMethod(db, audit, { userId: user.id }, user.organizationId, gateway);
  return userPaymentMethod(db, scope, userId);
}

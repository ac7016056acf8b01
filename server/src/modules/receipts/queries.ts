import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  chargers,
  chargingSessions,
  organizations,
  payments,
  sessionSettlements,
  sites,
  walletEntries,
} from '../../db/schema/index.js';

/** A session of this driver (started with one of their tokens) with the names a receipt prints; null for anyone else's. */
export async function ownSessionForReceipt(db: Executor, sessionId: string, userId: string) {
  const [row] = await db
    .select({
      session: chargingSessions,
      organizationName: organizations.name,
      organizationAddressLine: organizations.addressLine,
      organizationCity: organizations.city,
      organizationCountry: organizations.country,
      organizationTaxId: organizations.taxId,
      siteName: sites.name,
      chargerName: chargers.name,
    })
    .from(chargingSessions)
    .innerJoin(organizations, eq(organizations.id, chargingSessions.organizationId))
    .innerJoin(sites, eq(sites.id, chargingSessions.siteId))
    .innerJoin(chargers, eq(chargers.id, chargingSessions.chargerId))
    .where(and(eq(chargingSessions.id, sessionId), eq(chargingSessions.userId, userId)));
  return row ?? null;
}

export async function settlementForReceipt(db: Executor, sessionId: string) {
  const [row] = await db.select().from(sessionSettlements).where(eq(sessionSettlements.sessionId, sessionId));
  return row ?? null;
}

/** The money that moved for the session: approved card captures, sales and refunds, oldest first. */
export async function collectedPayments(db: Executor, sessionId: string) {
  return db
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.sessionId, sessionId),
        eq(payments.status, 'approved'),
        inArray(payments.type, ['capture', 'sale', 'refund']),
      ),
    )
    .orderBy(asc(payments.createdAt), asc(payments.id));
}

/** The session's wallet debit (stored negative), if it was paid from the wallet. */
export async function walletDebit(db: Executor, sessionId: string) {
  const [row] = await db
    .select()
    .from(walletEntries)
    .where(and(eq(walletEntries.sessionId, sessionId), eq(walletEntries.kind, 'debit')));
  return row ?? null;
}

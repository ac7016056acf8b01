import { type SQL, and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  chargerConnections,
  chargers,
  chargingSessions,
  connectorStatuses,
  connectorStatusHistory,
  ocppMessages,
  organizations,
  sites,
} from '../../db/schema/index.js';

import { type ChargerScope, chargerScope } from '../chargers/queries.js';

export interface NetworkFilter {
  scope: ChargerScope;
  organizationId?: string | undefined;
  siteId?: string | undefined;
}

/** What live monitoring shows: chargers in scope that are in service and not hidden from dashboards. */
function shownChargers(filter: NetworkFilter): SQL | undefined {
  return and(
    chargerScope(filter.scope),
    eq(chargers.visible, true),
    isNull(chargers.retiredAt),
    filter.organizationId ? eq(chargers.organizationId, filter.organizationId) : undefined,
    filter.siteId ? eq(chargers.siteId, filter.siteId) : undefined,
  );
}

export async function findLiveChargers(db: Executor, filter: NetworkFilter) {
  return db
    .select({
      chargerId: chargers.id,
      name: chargers.name,
      ocppIdentity: chargers.ocppIdentity,
      organizationId: chargers.organizationId,
      organizationName: organizations.name,
      siteId: chargers.siteId,
      siteName: sites.name,
      latitude: sites.latitude,
      longitude: sites.longitude,
      adminStatus: chargers.adminStatus,
      online: chargerConnections.online,
      offlineSince: chargerConnections.offlineSince,
      lastMessageAt: chargerConnections.lastMessageAt,
    })
    .from(chargers)
    .innerJoin(sites, eq(sites.id, chargers.siteId))
    .innerJoin(organizations, eq(organizations.id, chargers.organizationId))
    .leftJoin(chargerConnections, eq(chargerConnections.chargerId, chargers.id))
    .where(shownChargers(filter))
    .orderBy(asc(chargers.name), asc(chargers.id));
}

export type ConnectorStatusRow = typeof connectorStatuses.$inferSelect;
export type SessionRow = typeof chargingSessions.$inferSelect;

export async function statusesOf(db: Executor, chargerIds: string[]): Promise<ConnectorStatusRow[]> {
  if (chargerIds.length === 0) return [];
  return db.select().from(connectorStatuses).where(inArray(connectorStatuses.chargerId, chargerIds));
}

/** Active sessions, newest first, so the first one per charger is the one a card shows. */
export async function activeSessionsOf(db: Executor, chargerIds: string[]): Promise<SessionRow[]> {
  if (chargerIds.length === 0) return [];
  return db
    .select()
    .from(chargingSessions)
    .where(and(inArray(chargingSessions.chargerId, chargerIds), eq(chargingSessions.status, 'active')))
    .orderBy(desc(chargingSessions.startedAt));
}

/**
 * Energy of the sessions (running or finished) that started since local midnight, each in its
 * organization's time zone, on the chargers live monitoring shows.
 */
export async function energyTodayWh(db: Executor, filter: NetworkFilter): Promise<number> {
  const midnight = sql`(date_trunc('day', now() AT TIME ZONE ${organizations.timeZone}) AT TIME ZONE ${organizations.timeZone})`;
  const [row] = await db
    .select({ wh: sql<string | null>`sum(${chargingSessions.energyWh})` })
    .from(chargingSessions)
    .innerJoin(chargers, eq(chargers.id, chargingSessions.chargerId))
    .innerJoin(organizations, eq(organizations.id, chargingSessions.organizationId))
    .where(and(shownChargers(filter), sql`${chargingSessions.startedAt} >= ${midnight}`));
  return Number(row?.wh ?? 0);
}

export async function statusHistoryOf(db: Executor, chargerId: string, limit: number) {
  return db
    .select({
      at: connectorStatusHistory.at,
      evseId: connectorStatusHistory.evseId,
      connectorId: connectorStatusHistory.connectorId,
      status: connectorStatusHistory.status,
      errorCode: connectorStatusHistory.errorCode,
      info: connectorStatusHistory.info,
      vendorId: connectorStatusHistory.vendorId,
      vendorErrorCode: connectorStatusHistory.vendorErrorCode,
    })
    .from(connectorStatusHistory)
    .where(eq(connectorStatusHistory.chargerId, chargerId))
    .orderBy(desc(connectorStatusHistory.at), desc(connectorStatusHistory.id))
    .limit(limit);
}

export async function messagesOf(db: Executor, chargerId: string, limit: number) {
  return db
    .select({
      id: ocppMessages.id,
      direction: ocppMessages.direction,
      messageType: ocppMessages.messageType,
      messageId: ocppMessages.messageId,
      action: ocppMessages.action,
      payload: ocppMessages.payload,
      at: ocppMessages.at,
    })
    .from(ocppMessages)
    .where(eq(ocppMessages.chargerId, chargerId))
    .orderBy(desc(ocppMessages.id))
    .limit(limit);
}

import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import { chargingSessions } from '../../src/db/schema/index.js';
import { settleStoppedSession } from '../../src/modules/settlement/service.js';

export interface StoredSessionSpec {
  charger: { id: string; organizationId: string; siteId: string };
  startedAt: Date;
  /** Minutes from start to stop (default 60). */
  minutes?: number;
  /** Energy delivered (default 10 kWh). */
  wh?: number;
  idTag?: string;
  idTokenId?: string | null;
  userId?: string | null;
  vehicleRef?: string | null;
  connectorId?: number;
  /** Still charging: no stop, not settled. */
  active?: boolean;
  flagReason?: string;
  closedBy?: 'charger' | 'boot' | 'timeout' | 'superseded';
}

/** A session row as the OCPP layer stores it (a register that starts at 0). */
export async function storedSession(db: Db, spec: StoredSessionSpec) {
  const stoppedAt = new Date(spec.startedAt.getTime() + (spec.minutes ?? 60) * 60_000);
  const wh = spec.wh ?? 10_000;
  const [row] = await db
    .insert(chargingSessions)
    .values({
      organizationId: spec.charger.organizationId,
      siteId: spec.charger.siteId,
      chargerId: spec.charger.id,
      protocol: 'ocpp1.6',
      transactionId: randomUUID(),
      connectorId: spec.connectorId ?? 1,
      evseId: spec.connectorId ?? 1,
      idTag: spec.idTag ?? 'TAG-1',
      idTokenId: spec.idTokenId ?? null,
      userId: spec.userId ?? null,
      vehicleRef: spec.vehicleRef ?? null,
      status: spec.active ? 'active' : 'completed',
      startedAt: spec.startedAt,
      stoppedAt: spec.active ? null : stoppedAt,
      meterStartWh: 0,
      meterStopWh: spec.active ? null : wh,
      energyWh: wh,
      lastActivityAt: spec.active ? spec.startedAt : stoppedAt,
      flagged: spec.flagReason !== undefined,
      flagReason: spec.flagReason ?? null,
      closedBy: spec.active ? null : (spec.closedBy ?? null),
    })
    .returning();
  return row!;
}

/** A completed session stored, then settled through the real settlement path, as a StopTransaction settles it. */
export async function settledStoredSession(db: Db, spec: Omit<StoredSessionSpec, 'active'>) {
  const row = await storedSession(db, spec);
  if (!(await settleStoppedSession(db, row.id))) throw new Error(`session ${row.id} was not settled`);
  return row;
}

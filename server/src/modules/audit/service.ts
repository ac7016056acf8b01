import { and, asc, desc, eq, gt, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';
import { inScope } from '../../db/scope-sql.js';
import { type AuditContent, GENESIS_HASH, auditHash, diffFields } from '../../domain/audit-chain.js';

/** Any fixed number: serializes appends so the chain has one order. */
const AUDIT_CHAIN_LOCK = 4_417_003;

export interface AuditContext {
  actorId: string | null;
  actorEmail: string | null;
  requestId: string | null;
}

export interface AuditEvent {
  entityType: string;
  entityId: string;
  action: string;
  organizationId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Appends one entry in the caller's transaction, chained to the previous one. */
export async function recordAudit(tx: Tx, context: AuditContext, event: AuditEvent): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content: AuditContent = {
    at: new Date(),
    actorId: context.actorId,
    actorEmail: context.actorEmail,
    entityType: event.entityType,
    entityId: event.entityId,
    action: event.action,
    organizationId: event.organizationId,
    changes: diffFields(event.before ?? null, event.after ?? null),
    requestId: context.requestId,
  };
  await tx.insert(auditLog).values({ ...content, prevHash, hash: auditHash(prevHash, content) });
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; reason: string } | null;
}

/** Walks the chain in order, recomputing every hash; reports the first row that does not match. */
export async function verifyAuditChain(db: Executor, batchSize = 1000): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let lastSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.seq, lastSeq)).orderBy(asc(auditLog.seq)).limit(batchSize);
    if (rows.length === 0) return { ok: true, checked, firstBroken: null };
    for (const row of rows) {
      if (row.prevHash !== prevHash) {
        return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'previous-hash link does not match the row before' } };
      }
      const expected = auditHash(prevHash, {
        at: row.at,
        actorId: row.actorId,
        actorEmail: row.actorEmail,
        entityType: row.entityType,
        entityId: row.entityId,
        action: row.action,
        organizationId: row.organizationId,
        changes: row.changes,
        requestId: row.requestId,
      });
      if (expected !== row.hash) {
        return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'row content does not match its hash' } };
      }
      prevHash = row.hash;
      lastSeq = row.seq;
      checked++;
    }
  }
}

export interface AuditFilter {
  actorId?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  organizationIds: readonly string[] | null;
}

export async function listAudit(db: Executor, filter: AuditFilter, page: { page: number; pageSize: number }) {
  const conditions: SQL[] = [];
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.from) conditions.push(gte(auditLog.at, new Date(filter.from)));
  if (filter.to) conditions.push(lte(auditLog.at, new Date(filter.to)));
  const scoped = inScope(auditLog.organizationId, filter.organizationIds);
  if (scoped) conditions.push(scoped);
  const where = conditions.length ? and(...conditions) : undefined;
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.seq))
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(where),
  ]);
  return { items, total: count?.n ?? 0, ...page };
}

import { createHash } from 'node:crypto';

export interface AuditContent {
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  entityType: string;
  entityId: string;
  action: string;
  organizationId: string | null;
  changes: Record<string, { before: unknown; after: unknown }>;
  requestId: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so jsonb's key reordering never changes a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(prevHash: string, content: AuditContent): string {
  const payload = canonicalJson({ ...content, at: content.at.toISOString(), prevHash });
  return createHash('sha256').update(payload).digest('hex');
}

const SECRET_FIELD = /password|secret|token|hash|credential/i;

/** The fields that differ between two versions of a record, secrets reduced to "changed". */
export function diffFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, { before: unknown; after: unknown }> {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of keys) {
    if (key === 'updatedAt' || key === 'createdAt') continue;
    const b = normalize(before?.[key]);
    const a = normalize(after?.[key]);
    if (canonicalJson(b) === canonicalJson(a)) continue;
    changes[key] = SECRET_FIELD.test(key)
      ? { before: b === null ? null : '[redacted]', after: a === null ? null : '[redacted]' }
      : { before: b, after: a };
  }
  return changes;
}

function normalize(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  return value;
}

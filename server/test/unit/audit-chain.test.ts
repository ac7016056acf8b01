import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash, canonicalJson, diffFields } from '../../src/domain/audit-chain.js';

const entry = {
  at: new Date('2026-11-21T10:00:00.000Z'),
  actorId: 'u1',
  actorEmail: 'a@b.c',
  entityType: 'charger',
  entityId: 'c1',
  action: 'update',
  organizationId: 'o1',
  changes: { name: { before: 'A', after: 'B' } },
  requestId: 'r1',
};

describe('audit hash chain', () => {
  it('canonical JSON ignores key order, as jsonb does', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('the hash depends on the previous hash and on every field', () => {
    const h = auditHash(GENESIS_HASH, entry);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, { ...entry })).toBe(h);
    expect(auditHash('1'.repeat(64), entry)).not.toBe(h);
    expect(auditHash(GENESIS_HASH, { ...entry, action: 'delete' })).not.toBe(h);
    expect(auditHash(GENESIS_HASH, { ...entry, at: new Date('2026-11-21T10:00:00.001Z') })).not.toBe(h);
    expect(auditHash(GENESIS_HASH, { ...entry, changes: { name: { before: 'A', after: 'C' } } })).not.toBe(h);
  });

  it('records only changed fields, and never a secret', () => {
    const changes = diffFields(
      { name: 'A', city: 'Kandy', passwordHash: '$2b$12$x', updatedAt: new Date(1) },
      { name: 'B', city: 'Kandy', passwordHash: '$2b$12$y', updatedAt: new Date(2) },
    );
    expect(changes).toEqual({ name: { before: 'A', after: 'B' }, passwordHash: { before: '[redacted]', after: '[redacted]' } });
    expect(diffFields(null, { name: 'New' })).toEqual({ name: { before: null, after: 'New' } });
  });
});

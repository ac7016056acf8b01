import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { type GatewayKind, organizations } from '../../db/schema/index.js';
import type { SecretKeys } from '../../domain/secrets.js';
import { AppError, notFound } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { completeCredentials, givenFields, maskCredentials, openCredentials, sealCredentials } from './credentials.js';
import {
  type GatewayConfigInsert,
  type GatewayConfigRow,
  configsFallingBackTo,
  deleteGatewayConfig,
  findGatewayConfig,
  findGatewayConfigs,
  insertGatewayConfig,
  lockGatewayConfig,
  updateGatewayConfig,
} from './queries.js';
import { assertGateway, checkedBaseUrl, checkedCurrencies, checkedRouting } from './rules.js';
import type { CreateGatewayConfig, UpdateGatewayConfig } from './schemas.js';

/** What a caller sees: everything but the ciphertext (credentials only masked). */
export function presentGatewayConfig(row: GatewayConfigRow & { organizationName?: string | null }) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName ?? null,
    gateway: row.gateway,
    label: row.label,
    mode: row.mode,
    enabled: row.enabled,
    baseUrl: row.baseUrl,
    credentialsMasked: row.credentialsMasked,
    rateLimitPerSecond: row.rateLimitPerSecond,
    currencies: row.currencies,
    routing: row.routing,
    priority: row.priority,
    fallbackConfigId: row.fallbackConfigId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a configuration: the presented form, credentials masked (and redacted by the log). */
const audited = (row: GatewayConfigRow) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = presentGatewayConfig(row);
  return rest;
};

export async function listGatewayConfigs(db: Executor, filter: { organizationId?: string; gateway?: GatewayKind }) {
  return { items: (await findGatewayConfigs(db, filter)).map(presentGatewayConfig) };
}

export async function getGatewayConfig(db: Executor, id: string) {
  const row = await findGatewayConfig(db, id);
  if (!row) throw notFound('Gateway configuration');
  return presentGatewayConfig(row);
}

async function assertOrganizationExists(db: Executor, organizationId: string | null): Promise<void> {
  if (organizationId === null) return;
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId));
  if (!org) throw new AppError('NOT_FOUND', 'Organization not found', { field: 'organizationId' });
}

const fallbackError = (message: string) => new AppError('GATEWAY_FALLBACK_INVALID', message, { field: 'fallbackConfigId' });

/** A fallback must exist, not be the configuration itself, and never lead back to it. */
async function assertFallback(db: Executor, selfId: string | null, fallbackId: string | null): Promise<void> {
  if (fallbackId === null) return;
  if (fallbackId === selfId) throw fallbackError('A configuration cannot fall back to itself');
  const seen = new Set<string>();
  let next: string | null = fallbackId;
  while (next !== null && !seen.has(next)) {
    seen.add(next);
    const row = await findGatewayConfig(db, next);
    if (!row) throw fallbackError('The fallback configuration does not exist');
    if (row.fallbackConfigId !== null && row.fallbackConfigId === selfId)
      throw fallbackError(`"${row.label}" already falls back to this configuration: that would be a loop`);
    next = row.fallbackConfigId;
  }
}

/** Validates and encrypts in memory, then writes the row and its audit entry in one transaction. */
export async function createGatewayConfig(db: Db, secrets: SecretKeys | null, audit: AuditContext, input: CreateGatewayConfig) {
  assertGateway(input.gateway);
  const gateway = input.gateway;
  const baseUrl = checkedBaseUrl(gateway, input.baseUrl);
  const credentials = completeCredentials(gateway, input.credentials ?? {});
  const values: GatewayConfigInsert = {
    organizationId: input.organizationId,
    gateway,
    label: input.label.trim(),
    mode: input.mode ?? 'test',
    enabled: input.enabled ?? true,
    baseUrl,
    credentialsCiphertext: gateway === 'manual' ? null : sealCredentials(secrets, credentials),
    credentialsMasked: maskCredentials(credentials),
    rateLimitPerSecond: input.rateLimitPerSecond ?? 20,
    currencies: checkedCurrencies(input.currencies ?? [], 'currencies'),
    routing: checkedRouting(input.routing ?? {}),
    priority: input.priority ?? 100,
    fallbackConfigId: input.fallbackConfigId ?? null,
  };
  const id = await db.transaction(async (tx) => {
    await assertOrganizationExists(tx, values.organizationId ?? null);
    await assertFallback(tx, null, values.fallbackConfigId ?? null);
    const row = await insertGatewayConfig(tx, values);
    await recordAudit(tx, audit, {
      entityType: 'gateway_config',
      entityId: row.id,
      action: 'create',
      organizationId: row.organizationId,
      after: audited(row),
    });
    return row.id;
  });
  return getGatewayConfig(db, id);
}

export async function patchGatewayConfig(
  db: Db,
  secrets: SecretKeys | null,
  audit: AuditContext,
  id: string,
  input: UpdateGatewayConfig,
) {
  await db.transaction(async (tx) => {
    const before = await lockGatewayConfig(tx, id);
    if (!before) throw notFound('Gateway configuration');
    const changes: Partial<GatewayConfigInsert> = {};
    if (input.label !== undefined) changes.label = input.label.trim();
    if (input.mode !== undefined) changes.mode = input.mode;
    if (input.enabled !== undefined) changes.enabled = input.enabled;
    if (input.baseUrl !== undefined) changes.baseUrl = checkedBaseUrl(before.gateway, input.baseUrl);
    if (input.rateLimitPerSecond !== undefined) changes.rateLimitPerSecond = input.rateLimitPerSecond;
    if (input.currencies !== undefined) changes.currencies = checkedCurrencies(input.currencies, 'currencies');
    if (input.routing !== undefined) changes.routing = checkedRouting(input.routing);
    if (input.priority !== undefined) changes.priority = input.priority;
    if (input.fallbackConfigId !== undefined) {
      await assertFallback(tx, id, input.fallbackConfigId);
      changes.fallbackConfigId = input.fallbackConfigId;
    }
    // Only a credential given is changed; the others are opened and sealed again with it.
    const given = givenFields(input.credentials ?? {});
    const replacedFields = Object.keys(given);
    if (replacedFields.length) {
      const stored = openCredentials(secrets, before.credentialsCiphertext);
      const credentials = completeCredentials(before.gateway, given, stored);
      changes.credentialsCiphertext = sealCredentials(secrets, credentials);
      changes.credentialsMasked = maskCredentials(credentials);
    }
    const after = await updateGatewayConfig(tx, id, changes);
    await recordAudit(tx, audit, {
      entityType: 'gateway_config',
      entityId: id,
      action: 'update',
      organizationId: after.organizationId,
      before: audited(before),
      // Masked credentials rarely change with their values: the audit names the fields replaced.
      after: { ...audited(after), ...(replacedFields.length ? { replacedFields } : {}) },
    });
  });
  return getGatewayConfig(db, id);
}

/** Deletes the configuration; those falling back to it lose their fallback (each audited). */
export async function removeGatewayConfig(db: Db, audit: AuditContext, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockGatewayConfig(tx, id);
    if (!before) throw notFound('Gateway configuration');
    const dependents = await configsFallingBackTo(tx, id);
    await deleteGatewayConfig(tx, id);
    await recordAudit(tx, audit, {
      entityType: 'gateway_config',
      entityId: id,
      action: 'delete',
      organizationId: before.organizationId,
      before: audited(before),
      after: null,
    });
    for (const dependent of dependents)
      await recordAudit(tx, audit, {
        entityType: 'gateway_config',
        entityId: dependent.id,
        action: 'update',
        organizationId: dependent.organizationId,
        before: audited(dependent),
        after: { ...audited(dependent), fallbackConfigId: null },
      });
  });
}

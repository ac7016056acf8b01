import type { FastifyBaseLogger } from 'fastify';
import type { PaymentsConfig } from '../../config.js';
import type { Db, Tx } from '../../db/client.js';
import type { PaymentStatus, PaymentType } from '../../db/schema/index.js';
import { enqueueJob } from '../../jobs/queries.js';
import type { EventBus } from '../../live/bus.js';
import type { GatewayOutcome, GatewayResult, PaymentGateway, PaymentSource } from './gateways/types.js';
import { type PaymentInsert, type PaymentRow, insertAttempt, isFinal, paymentById, recordAnswer } from './queries.js';
import { type GatewayConfigRow, GatewayRegistry, GatewayUnavailable, gatewayConfigById } from './registry.js';

/** What moving money needs: the database, the gateways, the retry settings, the bus for events. */
export interface PaymentsDeps {
  db: Db;
  registry: GatewayRegistry;
  config: PaymentsConfig;
  bus: EventBus;
  log?: FastifyBaseLogger;
}

/**
 * Work done in the transaction that makes an attempt final, once per attempt: a capture's ledger
 * entry, a refund's adjusting postings, a top-up's wallet entry. Registered by the module that
 * owns that kind of payment.
 */
export type SettledHook = (tx: Tx, row: PaymentRow) => Promise<void>;
const settledHooks = new Map<PaymentType, SettledHook[]>();

export function onPaymentSettled(type: PaymentType, hook: SettledHook): void {
  settledHooks.set(type, [...(settledHooks.get(type) ?? []), hook]);
}

export interface AttemptSpec {
  type: Exclude<PaymentType, 'manual'>;
  config: GatewayConfigRow;
  organizationId: string;
  amountMinor: bigint;
  currency: string;
  /** Derived from what is paid for and the attempt number: the same attempt always has the same key. */
  idempotencyKey: string;
  /** Our id of what is paid for (the session, the wallet top-up): the gateway's order reference. */
  orderReference: string;
  /** What pays (authorizations, sales, top-ups). */
  source?: PaymentSource;
  /** The earlier transaction a capture, void or refund acts on. */
  parent?: PaymentRow;
  links?: Pick<PaymentInsert, 'sessionId' | 'invoiceId' | 'walletId' | 'userId' | 'idTokenId' | 'cardBrand' | 'cardLast4'>;
  createdBy?: string | null;
  /** Manual refunds: the receipt number of the money paid back. */
  receiptNumber?: string;
}

const STATUS_OF: Record<GatewayOutcome, PaymentStatus> = {
  approved: 'approved',
  declined: 'declined',
  pending: 'pending',
  unknown: 'unknown',
  error: 'error',
};

export const reconcileKey = (paymentId: string, attempt: number) => `reconcile-payment:${paymentId}:${attempt}`;

/** Calls the gateway operation a payment row stands for. */
export function callGateway(
  adapter: PaymentGateway,
  row: PaymentRow,
  spec: Pick<AttemptSpec, 'source' | 'orderReference' | 'receiptNumber'>,
  parentReference: string | null,
) {
  const base = {
    amountMinor: row.amountMinor,
    currency: row.currency,
    idempotencyKey: row.idempotencyKey,
    orderReference: spec.orderReference,
  };
  switch (row.type) {
    case 'authorization':
      return adapter.authorize({ ...base, source: spec.source! });
    case 'sale':
    case 'top_up':
      return adapter.sale({ ...base, source: spec.source! });
    case 'capture':
      return adapter.capture({ ...base, reference: parentReference! });
    case 'void':
      return adapter.void({ ...base, reference: parentReference! });
    case 'refund':
      return adapter.refund({
        ...base,
        reference: parentReference!,
        ...(spec.receiptNumber ? { receiptNumber: spec.receiptNumber } : {}),
      });
    default:
      throw new Error(`No gateway operation for a ${row.type} payment`);
  }
}

/**
 * Stores the answer and, when it is final, runs the hooks of its type in the same transaction; an
 * answer that is not final (no answer, or pending at the gateway) queues the reconciler.
 */
export async function applyAnswer(deps: PaymentsDeps, row: PaymentRow, result: GatewayResult): Promise<PaymentRow> {
  const status = STATUS_OF[result.outcome];
  return deps.db.transaction(async (tx) => {
    const updated = await recordAnswer(tx, row.id, {
      status,
      gatewayReference: result.reference ?? row.gatewayReference,
      approvedMinor: result.outcome === 'approved' ? result.amountMinor : null,
      reason: result.reason ?? null,
      exchange: result.raw,
    });
    if (!updated) return (await paymentById(tx, row.id))!;
    if (isFinal(updated.status)) for (const hook of settledHooks.get(updated.type) ?? []) await hook(tx, updated);
    else await queueReconcile(tx, deps, updated);
    return updated;
  });
}

export async function queueReconcile(tx: Tx | Db, deps: Pick<PaymentsDeps, 'config'>, row: PaymentRow): Promise<void> {
  await enqueueJob(tx, {
    kind: 'reconcile-payment',
    payload: { paymentId: row.id },
    dedupeKey: reconcileKey(row.id, row.attempts),
    organizationId: row.organizationId,
    runAt: new Date(Date.now() + deps.config.reconcileAfterSeconds * 1000),
  });
}

/** A gateway that cannot be used at all (no credentials, no key) answers as a non-retryable error. */
function unavailable(error: GatewayUnavailable, spec: AttemptSpec): GatewayResult {
  return {
    outcome: 'error',
    retryable: false,
    reason: `${error.message} (${error.code})`,
    reference: null,
    amountMinor: spec.amountMinor,
    currency: spec.currency,
    raw: { request: { method: '-', path: '-' }, failure: error.code },
  };
}

/**
 * One attempt to move money, exactly once: the row is written first under its idempotency key, then
 * the gateway is called with that key, then the answer is stored. Asking again with the same key
 * returns a final row as it is, and repeats the call for a row still open (the gateway answers a
 * repeated key with its first result, so nothing moves twice).
 */
export async function attemptPayment(deps: PaymentsDeps, spec: AttemptSpec): Promise<PaymentRow> {
  const { row } = await insertAttempt(deps.db, {
    organizationId: spec.organizationId,
    type: spec.type,
    gateway: spec.config.gateway,
    gatewayConfigId: spec.config.id,
    amountMinor: spec.amountMinor,
    currency: spec.currency,
    idempotencyKey: spec.idempotencyKey,
    parentId: spec.parent?.id ?? null,
    createdBy: spec.createdBy ?? null,
    ...spec.links,
  });
  if (isFinal(row.status)) return row;
  let result: GatewayResult;
  try {
    result = await callGateway(deps.registry.adapterFor(spec.config), row, spec, spec.parent?.gatewayReference ?? null);
  } catch (error) {
    if (!(error instanceof GatewayUnavailable)) throw error;
    result = unavailable(error, spec);
  }
  deps.log?.info(
    { paymentId: row.id, type: row.type, gateway: row.gateway, outcome: result.outcome, reference: result.reference },
    'payment attempt answered',
  );
  const answered = await applyAnswer(deps, row, result);
  return (await viaFallback(deps, spec, answered, result)) ?? answered;
}

/** New money (not a follow-up, which belongs to the first gateway) goes to the fallback configuration when the first was unreachable. */
async function viaFallback(
  deps: PaymentsDeps,
  spec: AttemptSpec,
  row: PaymentRow,
  result: GatewayResult,
): Promise<PaymentRow | null> {
  const newMoney = spec.type === 'authorization' || spec.type === 'sale' || spec.type === 'top_up';
  if (!newMoney || row.status !== 'error' || !result.retryable || !spec.config.fallbackConfigId) return null;
  if (spec.idempotencyKey.includes(':via-')) return null; // one hop only
  const fallback = await gatewayConfigById(deps.db, spec.config.fallbackConfigId);
  // A card token lives in one gateway's vault: only another configuration of the same gateway can use it.
  if (!fallback?.enabled || fallback.gateway !== spec.config.gateway) return null;
  return attemptPayment(deps, { ...spec, config: fallback, idempotencyKey: `${spec.idempotencyKey}:via-${fallback.id}` });
}

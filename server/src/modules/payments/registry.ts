import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { type GatewayKind, gatewayConfigs } from '../../db/schema/index.js';
import { type SecretKeys, decryptSecret } from '../../domain/secrets.js';
import { amexMpgsGateway } from './gateways/amex-mpgs.js';
import { cyberSourceGateway } from './gateways/cybersource.js';
import { dialogFuelCardGateway } from './gateways/dialog-fuel-card.js';
import { manualGateway } from './gateways/manual.js';
import type { GatewayResult, PaymentGateway } from './gateways/types.js';
import { type Clock, TokenBucket, realClock } from './token-bucket.js';

export type GatewayConfigRow = typeof gatewayConfigs.$inferSelect;

/** What a payment needs of a gateway configuration, for routing. */
export interface RouteQuery {
  organizationId: string;
  gateway: GatewayKind;
  currency: string;
  amountMinor: bigint;
  cardBrand?: string | null;
  bin?: string | null;
}

export class GatewayUnavailable extends Error {
  constructor(
    readonly code: 'GATEWAY_NOT_CONFIGURED' | 'GATEWAY_CREDENTIALS_MISSING' | 'SECRETS_KEY_MISSING',
    message: string,
  ) {
    super(message);
  }
}

/** Whether a configuration's routing rules take this payment (every rule given must hold). */
export function routingMatches(config: GatewayConfigRow, query: RouteQuery): boolean {
  const r = config.routing;
  if (config.currencies.length && !config.currencies.includes(query.currency)) return false;
  if (r.currencies?.length && !r.currencies.includes(query.currency)) return false;
  if (r.brands?.length && !(query.cardBrand && r.brands.includes(query.cardBrand.toLowerCase()))) return false;
  if (r.binRanges?.length) {
    const bin = query.bin;
    if (!bin || !r.binRanges.some((range) => inBinRange(bin, range))) return false;
  }
  if (r.minAmountMinor !== undefined && query.amountMinor < BigInt(r.minAmountMinor)) return false;
  if (r.maxAmountMinor !== undefined && query.amountMinor > BigInt(r.maxAmountMinor)) return false;
  return true;
}

const cutBin = (value: string, length: number) => value.slice(0, length).padEnd(length, '0');

/** BIN ranges compare on the range's length, so "4111" to "4199" takes "41115678". */
export function inBinRange(bin: string, range: { from: string; to: string }): boolean {
  const length = Math.max(range.from.length, range.to.length);
  const b = cutBin(bin, length);
  return b >= cutBin(range.from, length) && b <= cutBin(range.to, length);
}

/** Whether a range takes anything at all: its start is not after its end (compared as inBinRange does). */
export function binRangeOrdered(range: { from: string; to: string }): boolean {
  const length = Math.max(range.from.length, range.to.length);
  return cutBin(range.from, length) <= cutBin(range.to, length);
}

/**
 * The configuration a payment goes through: the organization's own enabled configurations of that
 * gateway first, then the platform-wide ones, each by priority; the first whose rules match.
 */
export async function routeGateway(db: Executor, query: RouteQuery): Promise<GatewayConfigRow | null> {
  const candidates = await db
    .select()
    .from(gatewayConfigs)
    .where(
      and(
        eq(gatewayConfigs.gateway, query.gateway),
        eq(gatewayConfigs.enabled, true),
        or(eq(gatewayConfigs.organizationId, query.organizationId), isNull(gatewayConfigs.organizationId)),
      ),
    )
    .orderBy(sql`${gatewayConfigs.organizationId} IS NULL`, asc(gatewayConfigs.priority), asc(gatewayConfigs.createdAt));
  return candidates.find((c) => routingMatches(c, query)) ?? null;
}

export async function gatewayConfigById(db: Executor, id: string): Promise<GatewayConfigRow | null> {
  const [row] = await db.select().from(gatewayConfigs).where(eq(gatewayConfigs.id, id));
  return row ?? null;
}

/** How long a call waits for a token before it gives up without calling (a retryable error). */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 2_000;
/** A 429 without a readable Retry-After pauses the configuration's calls this long. */
export const RATE_LIMITED_PAUSE_MS = 1_000;

const OPERATIONS = ['authorize', 'sale', 'capture', 'void', 'refund', 'status'] as const;

/**
 * The adapter behind the configuration's token bucket: every operation waits for a token (at most
 * `maxWaitMs`, then answers a retryable error without calling), and a gateway answer of HTTP 429
 * pauses the bucket for the answer's Retry-After (capped at a minute), else RATE_LIMITED_PAUSE_MS.
 */
export function rateLimited(adapter: PaymentGateway, bucket: TokenBucket, maxWaitMs: number): PaymentGateway {
  const wrapped = { name: adapter.name } as PaymentGateway;
  for (const operation of OPERATIONS) {
    const call = adapter[operation].bind(adapter) as (request: Parameters<PaymentGateway['sale']>[0]) => Promise<GatewayResult>;
    (wrapped as unknown as Record<string, typeof call>)[operation] = async (request) => {
      if (!(await bucket.take(maxWaitMs)))
        return {
          outcome: 'error',
          retryable: true,
          reason: `rate limit of ${bucket.ratePerSecond}/s: no slot within ${maxWaitMs} ms; nothing was sent`,
          reference: null,
          amountMinor: request.amountMinor,
          currency: request.currency,
          raw: { request: { method: 'NONE', path: operation }, failure: 'rate limited before sending' },
        };
      const result = await call(request);
      const response = result.raw.response;
      if (response?.status === 429) bucket.pause(response.retryAfterMs ?? RATE_LIMITED_PAUSE_MS);
      return result;
    };
  }
  return wrapped;
}

/**
 * Adapters built from configurations, kept per configuration version (its updated_at), so a
 * credential change takes effect at the next payment. Each configuration has one token bucket,
 * kept across versions while its rate stays the same.
 */
export class GatewayRegistry {
  private readonly adapters = new Map<string, { version: number; adapter: PaymentGateway }>();
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly secrets: SecretKeys | null,
    private readonly options: { timeoutMs?: number; maxWaitMs?: number; clock?: Clock } = {},
  ) {}

  adapterFor(config: GatewayConfigRow): PaymentGateway {
    const version = config.updatedAt.getTime();
    const known = this.adapters.get(config.id);
    if (known && known.version === version) return known.adapter;
    const adapter = rateLimited(this.build(config), this.bucketFor(config), this.options.maxWaitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS);
    this.adapters.set(config.id, { version, adapter });
    return adapter;
  }

  private bucketFor(config: GatewayConfigRow): TokenBucket {
    const known = this.buckets.get(config.id);
    if (known && known.ratePerSecond === config.rateLimitPerSecond) return known;
    const bucket = new TokenBucket(config.rateLimitPerSecond, this.options.clock ?? realClock);
    this.buckets.set(config.id, bucket);
    return bucket;
  }

  private credentials(config: GatewayConfigRow): Record<string, string> {
    if (!config.credentialsCiphertext)
      throw new GatewayUnavailable('GATEWAY_CREDENTIALS_MISSING', `Gateway configuration "${config.label}" has no credentials`);
    if (!this.secrets)
      throw new GatewayUnavailable('SECRETS_KEY_MISSING', 'SECRETS_KEY is not set: gateway credentials cannot be opened');
    return JSON.parse(decryptSecret(this.secrets, config.credentialsCiphertext)) as Record<string, string>;
  }

  private build(config: GatewayConfigRow): PaymentGateway {
    const timeout = this.options.timeoutMs === undefined ? {} : { timeoutMs: this.options.timeoutMs };
    if (config.gateway === 'manual') return manualGateway();
    const c = this.credentials(config);
    const baseUrl = config.baseUrl ?? '';
    switch (config.gateway) {
      case 'cybersource':
        return cyberSourceGateway({
          baseUrl,
          merchantId: c.merchantId!,
          keyId: c.keyId!,
          sharedSecret: c.sharedSecret!,
          ...timeout,
        });
      case 'amex':
        return amexMpgsGateway({ baseUrl, merchantId: c.merchantId!, apiPassword: c.apiPassword!, ...timeout });
      case 'dialog_fuel_card':
        return dialogFuelCardGateway({ baseUrl, apiKey: c.apiKey!, ...timeout });
    }
  }
}

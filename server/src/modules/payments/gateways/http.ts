import type { Minor } from '../../../domain/finance/money.js';
import type { GatewayExchange, GatewayResult } from './types.js';

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: URL;
  headers: Record<string, string>;
  /** Already serialized: signatures (CyberSource's digest) cover these exact bytes. */
  body?: string;
  timeoutMs: number;
}

export type JsonReply =
  { kind: 'response'; status: number; body: unknown; retryAfterMs?: number } | { kind: 'no-response'; failure: string };

/** The longest Retry-After we honour: a gateway asking for more is paused this long, then asked again. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * A Retry-After header (RFC 9110 §10.2.3: delay-seconds or an HTTP-date) in milliseconds from `now`,
 * at most MAX_RETRY_AFTER_MS; undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** One HTTP exchange; a timeout or a network failure is a value, not an exception. */
export async function sendJson(request: JsonRequest): Promise<JsonReply> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: { accept: 'application/json', ...request.headers },
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const text = await response.text();
    const retryAfter = retryAfterMs(response.headers.get('retry-after'));
    return {
      kind: 'response',
      status: response.status,
      body: parseJson(text),
      ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
    };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const failure =
      name === 'TimeoutError' || name === 'AbortError'
        ? `no answer within ${request.timeoutMs} ms`
        : `network failure: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`;
    return { kind: 'no-response', failure };
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { text: text.slice(0, 200) };
  }
}

// Any field whose name says it holds card data, a PIN or a secret is masked wherever it appears, and
// the blocks that describe what pays (a card-on-file token, a fuel card) are masked whole.
const SENSITIVE = /card|number|pan$|cvv|cvc|securitycode|pin|password|secret|token|signature|authorization|apikey|uid/i;
const PAYMENT_SOURCE = /^(paymentInformation|sourceOfFunds|source)$/;

/** A copy of a request or response body fit for the payment log. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      PAYMENT_SOURCE.test(key) || (SENSITIVE.test(key) && (typeof inner !== 'object' || inner === null))
        ? '[redacted]'
        : redact(inner),
    ]),
  );
}

export function exchange(request: JsonRequest, reply: JsonReply): GatewayExchange {
  const summary: GatewayExchange = {
    request: {
      method: request.method,
      path: request.url.pathname,
      ...(request.body === undefined ? {} : { body: redact(JSON.parse(request.body)) }),
    },
  };
  if (reply.kind === 'response') {
    summary.response = { status: reply.status, body: redact(reply.body) };
    if (reply.retryAfterMs !== undefined) summary.response.retryAfterMs = reply.retryAfterMs;
  } else summary.failure = reply.failure;
  return summary;
}

interface Money {
  amountMinor: Minor;
  currency: string;
}

const NEVER_CONNECTED = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;

/**
 * The outcomes every adapter shares: no answer → unknown (reconcile later); 5xx → retryable error;
 * 401/403 → our credentials are wrong (an error, never a decline of the driver's card). Anything
 * else is the gateway's answer, for the adapter to read.
 */
export function answered(
  reply: JsonReply,
  raw: GatewayExchange,
  money: Money,
  reference: string | null,
): { result: GatewayResult } | { status: number; body: unknown } {
  const fail = (outcome: 'unknown' | 'error', reason: string, retryable?: boolean) => ({
    result: { outcome, reason, ...(retryable === undefined ? {} : { retryable }), reference, ...money, raw },
  });
  // Refused or unresolvable before a byte was sent: nothing can have moved, so it is safe to try elsewhere.
  if (reply.kind === 'no-response' && NEVER_CONNECTED.test(reply.failure))
    return fail('error', `gateway unreachable (${reply.failure}); nothing was sent`, true);
  if (reply.kind === 'no-response') return fail('unknown', `${reply.failure}; reconcile with status`);
  if (reply.status >= 500) return fail('error', `gateway unavailable (HTTP ${reply.status})`, true);
  if (reply.status === 401 || reply.status === 403) {
    return fail('error', `gateway refused our credentials (HTTP ${reply.status})`, false);
  }
  return { status: reply.status, body: reply.body };
}

/** An object's field, or undefined: gateway JSON is untyped until we read it. */
export function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

import type { Minor } from '../../../domain/finance/money.js';

/**
 * One interface in front of every payment gateway. Adapters translate to the gateway's own API
 * and back to a `GatewayResult`; callers never see a gateway's wire format.
 *
 * - `approved`: the gateway did it. `declined`: it refused (the card, the limit, the amount).
 * - `pending`: accepted but not final (the gateway will decide later).
 * - `unknown`: no answer (timeout, connection lost): the money may or may not have moved, so the
 *   caller must reconcile with `status` (or repeat the request with the same idempotency key)
 *   before trying anything else.
 * - `error`: the request failed without moving money (bad credentials, malformed request, the
 *   gateway's own 5xx); `retryable` says whether repeating it may help.
 */
export type GatewayOutcome = 'approved' | 'declined' | 'pending' | 'unknown' | 'error';

/** What a transaction has become, as `status` reports it. */
export type TransactionState = 'authorized' | 'captured' | 'voided' | 'refunded' | 'declined' | 'pending';

/**
 * What pays. Cards on file are the gateway's token only: the server never sees a card number or
 * CVV. Fuel cards (not payment cards) may be presented by card number and PIN or by RFID; manual
 * payments carry the receipt the staff member wrote.
 */
export type PaymentSource =
  | { kind: 'token'; token: string }
  | { kind: 'fuelCard'; cardNumber: string; pin: string }
  | { kind: 'rfid'; uid: string }
  | { kind: 'manual'; method: 'cash' | 'bankTransfer'; receiptNumber: string };

interface Amount {
  /** Integer minor units of `currency` (cents), never a float. */
  amountMinor: Minor;
  /** ISO 4217 code. */
  currency: string;
}

interface Idempotent {
  /** Same key → the gateway answers with the first result and moves no money twice. */
  idempotencyKey: string;
  /** Our id for what is paid for (a charging session): the gateway's order or client reference. */
  orderReference: string;
}

/** An authorization (a hold) or a sale (authorize and capture at once). */
export interface PaymentRequest extends Amount, Idempotent {
  source: PaymentSource;
}

/** A capture, void or refund of an earlier transaction, named by the gateway's reference. */
export interface FollowUpRequest extends Amount, Idempotent {
  reference: string;
  /** Manual payments only: the receipt number of a refund paid out by staff. */
  receiptNumber?: string;
}

/**
 * Where a transaction stands. `reference` may be null when the request timed out before the
 * gateway named it: adapters then look it up by `orderReference` / `idempotencyKey`.
 */
export interface StatusQuery extends Amount, Idempotent {
  reference: string | null;
}

/** A summary of the exchange for the payment log: never card data, PINs or credentials. */
export interface GatewayExchange {
  request: { method: string; path: string; body?: unknown };
  /** `retryAfterMs`: the response's Retry-After header, read (gateways/http.ts retryAfterMs). */
  response?: { status: number; body?: unknown; retryAfterMs?: number };
  /** Why there was no response (timeout, connection refused). */
  failure?: string;
}

export interface GatewayResult extends Amount {
  outcome: GatewayOutcome;
  /** A decline or error in words, with the gateway's own code in brackets. */
  reason?: string;
  /** For `error`: whether repeating the same request (same key) may succeed. */
  retryable?: boolean;
  /** The gateway's id of the transaction, null when it never said. */
  reference: string | null;
  /** From `status`: what the transaction has become. */
  state?: TransactionState;
  raw: GatewayExchange;
}

export interface PaymentGateway {
  readonly name: string;
  authorize(hold: PaymentRequest): Promise<GatewayResult>;
  sale(payment: PaymentRequest): Promise<GatewayResult>;
  capture(request: FollowUpRequest): Promise<GatewayResult>;
  void(request: FollowUpRequest): Promise<GatewayResult>;
  refund(request: FollowUpRequest): Promise<GatewayResult>;
  status(query: StatusQuery): Promise<GatewayResult>;
}

/** Settings shared by the network adapters. */
export interface HttpGatewayOptions {
  /** e.g. https://api.cybersource.com; a plain-HTTP local server in tests. */
  baseUrl: string;
  /** No answer within this → `unknown`. Default 10 s. */
  timeoutMs?: number;
}

export const DEFAULT_GATEWAY_TIMEOUT_MS = 10_000;

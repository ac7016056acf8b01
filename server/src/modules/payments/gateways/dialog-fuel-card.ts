import { answered, exchange, field, sendJson, text, type JsonRequest } from './http.js';
import {
  DEFAULT_GATEWAY_TIMEOUT_MS,
  type FollowUpRequest,
  type GatewayResult,
  type HttpGatewayOptions,
  type PaymentGateway,
  type PaymentRequest,
  type PaymentSource,
  type StatusQuery,
  type TransactionState,
} from './types.js';

export interface DialogFuelCardOptions extends HttpGatewayOptions {
  apiKey: string;
}

export interface FuelCardAccount {
  id: string;
  currency: string;
  creditLimitMinor: bigint;
  availableMinor: bigint;
}

export interface DialogFuelCardGateway extends PaymentGateway {
  /** The fleet account's credit limit and what is left of it after holds and sales; null if unknown. */
  account(accountId: string): Promise<FuelCardAccount | null>;
}

/**
 * Dialog Fuel Card: a fleet account with a credit limit, presented by card number + PIN, RFID or a
 * card-on-file token; holds reserve part of the available limit. The REST shape is our assumed
 * contract (docs/payments.md), amounts in integer minor units.
 */
export function dialogFuelCardGateway(options: DialogFuelCardOptions): DialogFuelCardGateway {
  const timeoutMs = options.timeoutMs ?? DEFAULT_GATEWAY_TIMEOUT_MS;

  async function call(method: 'GET' | 'POST', path: string, idempotencyKey: string | null, payload?: object) {
    const url = new URL(path, options.baseUrl);
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const headers: Record<string, string> = {
      'x-api-key': options.apiKey,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey }),
    };
    const request: JsonRequest = { method, url, headers, body, timeoutMs };
    return { request, reply: await sendJson(request) };
  }

  async function post(path: string, r: PaymentRequest | FollowUpRequest, payload: object): Promise<GatewayResult> {
    const money = { amountMinor: r.amountMinor, currency: r.currency };
    if (r.amountMinor <= 0n || r.amountMinor > BigInt(Number.MAX_SAFE_INTEGER)) {
      // The contract carries minor units as a JSON number: refuse what it cannot carry exactly.
      const reason = `amount ${r.amountMinor} is not a positive safe integer (INVALID_AMOUNT)`;
      return {
        outcome: 'error',
        retryable: false,
        reason,
        reference: null,
        ...money,
        raw: { request: { method: 'POST', path }, failure: 'not sent' },
      };
    }
    const { request, reply } = await call('POST', path, r.idempotencyKey, {
      amount: { minor: Number(r.amountMinor), currency: r.currency },
      reference: r.orderReference,
      ...payload,
    });
    const raw = exchange(request, reply);
    const answer = answered(reply, raw, money, null);
    if ('result' in answer) return answer.result;
    const reference = text(field(answer.body, 'id')) ?? null;
    if (answer.status < 300) return { outcome: 'approved', reference, ...money, raw };
    const reason = `${text(field(answer.body, 'message')) ?? 'refused'} (${text(field(answer.body, 'code')) ?? answer.status})`;
    if (answer.status === 402) return { outcome: 'declined', reason, reference, ...money, raw };
    return { outcome: 'error', retryable: answer.status === 409 || answer.status === 429, reason, reference, ...money, raw };
  }

  async function read(path: string) {
    const { request, reply } = await call('GET', path, null);
    return { raw: exchange(request, reply), reply };
  }

  return {
    name: 'dialog-fuel-card',
    authorize: (hold) => post('/holds', hold, { source: sourceOf(hold.source) }),
    sale: (payment) => post('/sales', payment, { source: sourceOf(payment.source) }),
    capture: (r) => post(`/holds/${encodeURIComponent(r.reference)}/capture`, r, {}),
    void: (r) => post(`/holds/${encodeURIComponent(r.reference)}/release`, r, {}),
    refund: (r) => post('/refunds', r, { transactionId: r.reference }),
    async status(query: StatusQuery): Promise<GatewayResult> {
      const money = { amountMinor: query.amountMinor, currency: query.currency };
      const path =
        query.reference === null
          ? `/transactions?idempotencyKey=${encodeURIComponent(query.idempotencyKey)}`
          : `/transactions/${encodeURIComponent(query.reference)}`;
      const { raw, reply } = await read(path);
      const answer = answered(reply, raw, money, query.reference);
      if ('result' in answer) return answer.result;
      const transaction = query.reference === null ? field(answer.body, 'items', '0') : answer.body;
      if (answer.status >= 400 || transaction === undefined) {
        return {
          outcome: 'declined',
          reason: 'no such transaction: nothing was charged',
          reference: query.reference,
          ...money,
          raw,
        };
      }
      const state = stateOf(text(field(transaction, 'kind')), text(field(transaction, 'status')));
      const outcome = state === 'declined' ? 'declined' : state === 'pending' ? 'pending' : 'approved';
      return { outcome, state, reference: text(field(transaction, 'id')) ?? null, ...money, raw };
    },
    async account(accountId: string): Promise<FuelCardAccount | null> {
      const { reply } = await read(`/accounts/${encodeURIComponent(accountId)}`);
      if (reply.kind !== 'response' || reply.status !== 200) return null;
      return {
        id: accountId,
        currency: text(field(reply.body, 'currency')) ?? '',
        creditLimitMinor: BigInt(text(field(reply.body, 'creditLimitMinor')) ?? '0'),
        availableMinor: BigInt(text(field(reply.body, 'availableMinor')) ?? '0'),
      };
    },
  };
}

function sourceOf(source: PaymentSource) {
  switch (source.kind) {
    case 'fuelCard':
      return { type: 'card', cardNumber: source.cardNumber, pin: source.pin };
    case 'rfid':
      return { type: 'rfid', uid: source.uid };
    case 'token':
      return { type: 'token', token: source.token };
    case 'manual':
      // Refused by the API as an unknown type: a manual payment never goes to the fuel-card network.
      return { type: 'manual' };
  }
}

function stateOf(kind: string | undefined, status: string | undefined): TransactionState {
  if (status === 'declined') return 'declined';
  if (kind === 'hold') return status === 'captured' ? 'captured' : status === 'released' ? 'voided' : 'authorized';
  if (kind === 'refund') return 'refunded';
  if (kind === 'sale' || kind === 'capture') return status === 'refunded' ? 'refunded' : 'captured';
  return 'pending';
}

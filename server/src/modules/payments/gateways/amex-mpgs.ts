import { formatMinor } from '../../../domain/finance/money.js';
import { answered, exchange, field, sendJson, text, type JsonRequest } from './http.js';
import {
  DEFAULT_GATEWAY_TIMEOUT_MS,
  type FollowUpRequest,
  type GatewayResult,
  type HttpGatewayOptions,
  type PaymentGateway,
  type PaymentRequest,
  type StatusQuery,
  type TransactionState,
} from './types.js';

export interface AmexMpgsOptions extends HttpGatewayOptions {
  merchantId: string;
  apiPassword: string;
  /** The REST API version in the path. */
  apiVersion?: number;
}

type ApiOperation = 'AUTHORIZE' | 'PAY' | 'CAPTURE' | 'VOID' | 'REFUND';

/**
 * Amex through an acquirer's gateway on the Mastercard Payment Gateway Services REST API. Our order
 * reference is the MPGS order id and the idempotency key its transaction id: MPGS answers a repeated
 * PUT of the same order and transaction with the transaction it already has.
 */
export function amexMpgsGateway(options: AmexMpgsOptions): PaymentGateway {
  const timeoutMs = options.timeoutMs ?? DEFAULT_GATEWAY_TIMEOUT_MS;
  const authorization = `Basic ${Buffer.from(`merchant.${options.merchantId}:${options.apiPassword}`).toString('base64')}`;
  const orderPath = (orderId: string) =>
    `/api/rest/version/${options.apiVersion ?? 100}/merchant/${encodeURIComponent(options.merchantId)}/order/${encodeURIComponent(orderId)}`;

  async function call(method: 'GET' | 'PUT', path: string, payload?: object) {
    const url = new URL(path, options.baseUrl);
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const headers: Record<string, string> = {
      authorization,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const request: JsonRequest = { method, url, headers, body, timeoutMs };
    return { request, reply: await sendJson(request) };
  }

  async function transact(operation: ApiOperation, r: PaymentRequest | FollowUpRequest, payload: object): Promise<GatewayResult> {
    const path = `${orderPath(r.orderReference)}/transaction/${encodeURIComponent(r.idempotencyKey)}`;
    const { request, reply } = await call('PUT', path, { apiOperation: operation, ...payload });
    const money = { amountMinor: r.amountMinor, currency: r.currency };
    const raw = exchange(request, reply);
    const answer = answered(reply, raw, money, null);
    if ('result' in answer) return answer.result;
    const result = text(field(answer.body, 'result'));
    const reference = text(field(answer.body, 'transaction', 'id')) ?? null;
    const gatewayCode = text(field(answer.body, 'response', 'gatewayCode'));
    if (result === 'SUCCESS') return { outcome: 'approved', reference, ...money, raw };
    if (result === 'PENDING')
      return { outcome: 'pending', reason: `pending (${gatewayCode ?? 'PENDING'})`, reference, ...money, raw };
    if (result === 'FAILURE') {
      const message = text(field(answer.body, 'response', 'acquirerMessage')) ?? 'declined';
      return { outcome: 'declined', reason: `${message} (${gatewayCode ?? 'FAILURE'})`, reference, ...money, raw };
    }
    if (result === 'UNKNOWN')
      return { outcome: 'unknown', reason: 'the acquirer did not answer; reconcile with status', reference, ...money, raw };
    const cause = text(field(answer.body, 'error', 'cause')) ?? `HTTP ${answer.status}`;
    const explanation = text(field(answer.body, 'error', 'explanation')) ?? 'request refused';
    const retryable = cause === 'SERVER_BUSY' || cause === 'SERVER_FAILED';
    return { outcome: 'error', retryable, reason: `${explanation} (${cause})`, reference, ...money, raw };
  }

  function pay(operation: 'AUTHORIZE' | 'PAY', r: PaymentRequest): Promise<GatewayResult> {
    if (r.source.kind !== 'token') {
      return Promise.resolve({
        outcome: 'error',
        retryable: false,
        reason: `Amex (MPGS) takes a card-on-file token, not a ${r.source.kind} source`,
        reference: null,
        amountMinor: r.amountMinor,
        currency: r.currency,
        raw: { request: { method: 'PUT', path: orderPath(r.orderReference) }, failure: 'not sent' },
      });
    }
    return transact(operation, r, {
      order: { amount: formatMinor(r.amountMinor, r.currency), currency: r.currency },
      sourceOfFunds: { type: 'CARD', token: r.source.token },
    });
  }

  const transactionAmount = (r: FollowUpRequest) => ({
    transaction: { amount: formatMinor(r.amountMinor, r.currency), currency: r.currency },
  });

  return {
    name: 'amex-mpgs',
    authorize: (hold) => pay('AUTHORIZE', hold),
    sale: (payment) => pay('PAY', payment),
    capture: (r) => transact('CAPTURE', r, transactionAmount(r)),
    void: (r) => transact('VOID', r, { transaction: { targetTransactionId: r.reference } }),
    refund: (r) => transact('REFUND', r, transactionAmount(r)),
    async status(query: StatusQuery): Promise<GatewayResult> {
      // The order is ours by id, so a request that timed out is found without its reference.
      const { request, reply } = await call('GET', orderPath(query.orderReference));
      const money = { amountMinor: query.amountMinor, currency: query.currency };
      const raw = exchange(request, reply);
      const answer = answered(reply, raw, money, query.reference);
      if ('result' in answer) return answer.result;
      if (answer.status >= 400) {
        const explanation = text(field(answer.body, 'error', 'explanation')) ?? `HTTP ${answer.status}`;
        return { outcome: 'declined', reason: `${explanation}: nothing was charged`, reference: query.reference, ...money, raw };
      }
      const state = ORDER_STATES[text(field(answer.body, 'status')) ?? ''] ?? 'pending';
      const transactions = field(answer.body, 'transaction');
      const reference =
        query.reference ?? (Array.isArray(transactions) ? (text(field(transactions[0], 'transaction', 'id')) ?? null) : null);
      const outcome = state === 'declined' ? 'declined' : state === 'pending' ? 'pending' : 'approved';
      return { outcome, state, reference, ...money, raw };
    },
  };
}

const ORDER_STATES: Record<string, TransactionState> = {
  AUTHORIZED: 'authorized',
  CAPTURED: 'captured',
  PARTIALLY_CAPTURED: 'captured',
  CANCELLED: 'voided',
  REFUNDED: 'refunded',
  PARTIALLY_REFUNDED: 'refunded',
  FAILED: 'declined',
  DECLINED: 'declined',
};

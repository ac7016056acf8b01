import { formatMinor, parseMinor, type Minor } from '../../../domain/finance/money.js';
import { signatureHeaders } from './cybersource-signature.js';
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

export interface CyberSourceOptions extends HttpGatewayOptions {
  merchantId: string;
  /** The shared secret key's serial number. */
  keyId: string;
  /** The shared secret, base64 as the Business Center shows it. */
  sharedSecret: string;
}

type Operation = 'payment' | 'capture' | 'void' | 'refund';

/** CyberSource REST Payments API, spoken directly (see docs/decisions/0006-cybersource-rest-directly.md). */
export function cyberSourceGateway(options: CyberSourceOptions): PaymentGateway {
  const timeoutMs = options.timeoutMs ?? DEFAULT_GATEWAY_TIMEOUT_MS;

  async function call(method: 'GET' | 'POST', path: string, idempotencyKey: string | null, payload?: object) {
    const url = new URL(path, options.baseUrl);
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const headers: Record<string, string> = {
      ...signatureHeaders({
        method,
        target: url.pathname + url.search,
        host: url.host,
        date: new Date().toUTCString(),
        merchantId: options.merchantId,
        body,
        keyId: options.keyId,
        sharedSecretBase64: options.sharedSecret,
      }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(idempotencyKey === null ? {} : { 'v-c-idempotency-key': idempotencyKey }),
    };
    const request: JsonRequest = { method, url, headers, body, timeoutMs };
    return { request, reply: await sendJson(request) };
  }

  function amountDetails(r: { amountMinor: bigint; currency: string }) {
    return { totalAmount: formatMinor(r.amountMinor, r.currency), currency: r.currency };
  }

  async function post(
    operation: Operation,
    path: string,
    r: PaymentRequest | FollowUpRequest,
    payload: object,
  ): Promise<GatewayResult> {
    const { request, reply } = await call('POST', path, r.idempotencyKey, {
      clientReferenceInformation: { code: r.orderReference, transactionId: r.idempotencyKey },
      ...payload,
    });
    const money = { amountMinor: r.amountMinor, currency: r.currency };
    const raw = exchange(request, reply);
    const answer = answered(reply, raw, money, null);
    if ('result' in answer) return answer.result;
    const status = text(field(answer.body, 'status'));
    const reference = text(field(answer.body, 'id')) ?? null;
    const reason = reasonOf(answer.body);
    if (status === 'DECLINED' || status === 'AUTHORIZED_RISK_DECLINED') {
      return { outcome: 'declined', reason, reference, ...money, raw };
    }
    if (answer.status >= 400) return { outcome: 'error', retryable: false, reason, reference, ...money, raw };
    const outcome = outcomeOf(operation, status);
    // A partial authorization approves less than asked: report what was approved.
    const approvedMinor = minorOrNull(
      text(field(answer.body, 'orderInformation', 'amountDetails', 'authorizedAmount')),
      r.currency,
    );
    return {
      outcome,
      ...(outcome === 'approved' ? {} : { reason }),
      reference,
      ...money,
      ...(approvedMinor === null ? {} : { amountMinor: approvedMinor }),
      raw,
    };
  }

  function pay(r: PaymentRequest, capture: boolean): Promise<GatewayResult> {
    if (r.source.kind !== 'token') return Promise.resolve(unsupported(r, r.source.kind));
    return post('payment', '/pts/v2/payments', r, {
      processingInformation: { capture },
      paymentInformation: { customer: { id: r.source.token } },
      orderInformation: { amountDetails: amountDetails(r) },
    });
  }

  return {
    name: 'cybersource',
    authorize: (hold) => pay(hold, false),
    sale: (payment) => pay(payment, true),
    capture: (r) =>
      post('capture', `/pts/v2/payments/${encodeURIComponent(r.reference)}/captures`, r, {
        orderInformation: { amountDetails: amountDetails(r) },
      }),
    void: (r) =>
      post('void', `/pts/v2/payments/${encodeURIComponent(r.reference)}/reversals`, r, {
        reversalInformation: { amountDetails: amountDetails(r), reason: 'void' },
      }),
    refund: (r) =>
      post('refund', `/pts/v2/payments/${encodeURIComponent(r.reference)}/refunds`, r, {
        orderInformation: { amountDetails: amountDetails(r) },
      }),
    async status(query: StatusQuery): Promise<GatewayResult> {
      const money = { amountMinor: query.amountMinor, currency: query.currency };
      let reference = query.reference;
      if (reference === null) {
        // Timed out before CyberSource named it: find the order's latest transaction by our client reference.
        const { request, reply } = await call('POST', '/tss/v2/searches', null, {
          query: `clientReferenceInformation.code:${query.orderReference}`,
          sort: 'submitTimeUtc:desc',
          limit: 1,
        });
        const raw = exchange(request, reply);
        const answer = answered(reply, raw, money, null);
        if ('result' in answer) return answer.result;
        reference = text(field(field(answer.body, '_embedded', 'transactionSummaries'), '0', 'id')) ?? null;
        // Transaction Search lags behind payments, so "not found" is not yet "never charged".
        const reason = 'no transaction for this order found by Transaction Search yet; look again later';
        if (reference === null) return { outcome: 'unknown', reason, reference, ...money, raw };
      }
      const { request, reply } = await call('GET', `/tss/v2/transactions/${encodeURIComponent(reference)}`, null);
      const raw = exchange(request, reply);
      const answer = answered(reply, raw, money, reference);
      if ('result' in answer) return answer.result;
      if (answer.status >= 400) {
        return {
          outcome: 'error',
          retryable: false,
          reason: reasonOf(answer.body),
          reference,
          ...money,
          raw,
        };
      }
      const state = stateOf(answer.body);
      const outcome = state === 'declined' ? 'declined' : state === 'pending' ? 'pending' : 'approved';
      return { outcome, state, reference, ...money, raw };
    },
  };
}

function outcomeOf(operation: Operation, status: string | undefined): GatewayResult['outcome'] {
  if (status === 'AUTHORIZED' || status === 'REVERSED') return 'approved';
  // A capture or refund answers PENDING: accepted, to be settled in CyberSource's next batch.
  if (status === 'PENDING') return operation === 'capture' || operation === 'refund' ? 'approved' : 'pending';
  if (status === 'AUTHORIZED_PENDING_REVIEW' || status === 'PENDING_REVIEW' || status === 'PENDING_AUTHENTICATION')
    return 'pending';
  return 'unknown';
}

/** From the transaction's applications: the last service that succeeded says what it became. */
function stateOf(transaction: unknown): TransactionState {
  const applications = field(transaction, 'applicationInformation', 'applications');
  const succeeded = new Set(
    (Array.isArray(applications) ? applications : [])
      .filter((a) => text(field(a, 'rFlag')) === 'SOK')
      .map((a) => text(field(a, 'name'))),
  );
  if (succeeded.has('ics_credit')) return 'refunded';
  if (succeeded.has('ics_auth_reversal')) return 'voided';
  if (succeeded.has('ics_bill')) return 'captured';
  if (succeeded.has('ics_auth')) return 'authorized';
  return text(field(transaction, 'applicationInformation', 'reasonCode')) === '100' ? 'pending' : 'declined';
}

function minorOrNull(amount: string | undefined, currency: string): Minor | null {
  if (amount === undefined) return null;
  try {
    return parseMinor(amount, currency);
  } catch {
    return null;
  }
}

function reasonOf(body: unknown): string {
  const info = field(body, 'errorInformation') ?? body;
  const message = text(field(info, 'message')) ?? 'no reason given';
  const code = text(field(info, 'reason'));
  return code ? `${message} (${code})` : message;
}

function unsupported(r: PaymentRequest, kind: string): GatewayResult {
  return {
    outcome: 'error',
    retryable: false,
    reason: `CyberSource takes a card-on-file token, not a ${kind} source`,
    reference: null,
    amountMinor: r.amountMinor,
    currency: r.currency,
    raw: { request: { method: 'POST', path: '/pts/v2/payments' }, failure: 'not sent' },
  };
}

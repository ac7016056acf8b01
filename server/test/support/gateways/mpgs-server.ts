import { MAGIC, minorOf, parseBody, reply, startContractServer, type ContractServer, type Exchange } from './contract-server.js';

export const MPGS_CREDENTIALS = { merchantId: 'TESTAMEX0001', apiPassword: 'b5c1f0e2a7d94e63' };

interface Order {
  id: string;
  currency: string;
  authorizedMinor: bigint;
  capturedMinor: bigint;
  refundedMinor: bigint;
  status: string;
  transactions: { id: string; type: string; amountMinor: bigint }[];
}

export interface MpgsContract extends ContractServer {
  orders: Map<string, Order>;
}

type Answer = { status: number; body: unknown } | 'hang';

/** A stand-in for an acquirer's Mastercard Payment Gateway Services REST API (basic auth, PUT per transaction). */
export async function startMpgsServer(credentials = MPGS_CREDENTIALS): Promise<MpgsContract> {
  const orders = new Map<string, Order>();
  const done = new Map<string, { status: number; body: unknown }>();
  const expectedAuth = `Basic ${Buffer.from(`merchant.${credentials.merchantId}:${credentials.apiPassword}`).toString('base64')}`;

  function handle({ req, body, res }: Exchange): void {
    const match = /^\/api\/rest\/version\/(\d+)\/merchant\/([^/]+)\/order\/([^/]+)(?:\/transaction\/([^/]+))?$/.exec(
      req.url ?? '',
    );
    if (!match || Number(match[1]) < 50) return reply(res, 404, error('INVALID_REQUEST', 'unknown resource'));
    if (req.headers.authorization !== expectedAuth || decodeURIComponent(match[2]!) !== credentials.merchantId) {
      return reply(res, 401, error('INVALID_REQUEST', 'Invalid credentials.'));
    }
    const orderId = decodeURIComponent(match[3]!);
    if (req.method === 'GET' && !match[4]) {
      const order = orders.get(orderId);
      if (!order) return reply(res, 400, error('INVALID_REQUEST', 'Requested order not found.'));
      return reply(res, 200, orderView(order));
    }
    if (req.method !== 'PUT' || !match[4]) return reply(res, 405, error('INVALID_REQUEST', 'method not allowed'));
    const transactionId = decodeURIComponent(match[4]);
    // MPGS is idempotent on order + transaction id: the same PUT again returns the stored transaction.
    const stored = done.get(`${orderId}/${transactionId}`);
    if (stored) return reply(res, stored.status, stored.body);
    const answer = transact(orderId, transactionId, parseBody(body));
    if (answer === 'hang') return;
    if (answer.status < 500) done.set(`${orderId}/${transactionId}`, answer);
    reply(res, answer.status, answer.body);
  }

  function transact(orderId: string, transactionId: string, body: Record<string, unknown> | null): Answer {
    const operation = body?.apiOperation;
    if (!body || typeof operation !== 'string')
      return { status: 400, body: error('INVALID_REQUEST', 'apiOperation is required', 'apiOperation') };
    const initial = operation === 'AUTHORIZE' || operation === 'PAY';
    const section = initial ? 'order' : 'transaction';
    const amount = operation === 'VOID' ? 0n : minorOf(get(body, section, 'amount'));
    const currency = get(body, section, 'currency');
    if (amount === null || (operation !== 'VOID' && (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)))) {
      return {
        status: 400,
        body: error('INVALID_REQUEST', `${section}.amount and ${section}.currency are required`, `${section}.amount`),
      };
    }
    if (amount === MAGIC.serverError) return { status: 500, body: error('SERVER_FAILED', 'internal error') };
    let order = orders.get(orderId);

    if (initial) {
      if (typeof get(body, 'sourceOfFunds', 'token') !== 'string')
        return { status: 400, body: error('INVALID_REQUEST', 'sourceOfFunds.token is required', 'sourceOfFunds.token') };
      if (get(body, 'sourceOfFunds', 'provided', 'card') !== undefined)
        return { status: 400, body: error('INVALID_REQUEST', 'card details are not accepted from this merchant') };
      if (order) return { status: 400, body: error('INVALID_REQUEST', 'order already has an authorization') };
      const declined = amount === MAGIC.decline;
      order = {
        id: orderId,
        currency: currency as string,
        authorizedMinor: declined ? 0n : amount,
        capturedMinor: !declined && operation === 'PAY' ? amount : 0n,
        refundedMinor: 0n,
        status: declined ? 'FAILED' : operation === 'PAY' ? 'CAPTURED' : 'AUTHORIZED',
        transactions: [],
      };
      orders.set(orderId, order);
      order.transactions.push({
        id: transactionId,
        type: operation === 'PAY' ? 'PAYMENT' : 'AUTHORIZATION',
        amountMinor: amount,
      });
      if (declined) return transactionView(order, transactionId, 'FAILURE', 'INSUFFICIENT_FUNDS', 'Insufficient funds');
      const approved = transactionView(order, transactionId, 'SUCCESS', 'APPROVED', 'Approved');
      if (amount !== MAGIC.hang) return approved;
      done.set(`${orderId}/${transactionId}`, approved); // processed, but the answer never leaves
      return 'hang';
    }

    if (!order || order.status === 'FAILED') return { status: 400, body: error('INVALID_REQUEST', 'Requested order not found.') };
    if (operation === 'CAPTURE') {
      if (order.status === 'CANCELLED' || order.capturedMinor + amount > order.authorizedMinor)
        return { status: 400, body: error('INVALID_REQUEST', 'capture exceeds the authorized amount') };
      order.capturedMinor += amount;
      order.status = order.capturedMinor === order.authorizedMinor ? 'CAPTURED' : 'PARTIALLY_CAPTURED';
    } else if (operation === 'VOID') {
      const target = get(body, 'transaction', 'targetTransactionId');
      if (!order.transactions.some((t) => t.id === target))
        return {
          status: 400,
          body: error('INVALID_REQUEST', 'targetTransactionId not found', 'transaction.targetTransactionId'),
        };
      if (order.capturedMinor > 0n) return { status: 400, body: error('INVALID_REQUEST', 'already captured: refund instead') };
      order.status = 'CANCELLED';
    } else if (operation === 'REFUND') {
      if (order.refundedMinor + amount > order.capturedMinor)
        return { status: 400, body: error('INVALID_REQUEST', 'refund exceeds the captured amount') };
      order.refundedMinor += amount;
      order.status = order.refundedMinor === order.capturedMinor ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    } else {
      return { status: 400, body: error('INVALID_REQUEST', `unsupported apiOperation ${operation}`, 'apiOperation') };
    }
    order.transactions.push({ id: transactionId, type: operation, amountMinor: amount });
    return transactionView(order, transactionId, 'SUCCESS', 'APPROVED', 'Approved');
  }

  const server = await startContractServer(handle);
  return { ...server, orders };
}

function major(minor: bigint): string {
  return `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
}

function orderView(order: Order) {
  return {
    id: order.id,
    status: order.status,
    currency: order.currency,
    totalAuthorizedAmount: major(order.authorizedMinor),
    totalCapturedAmount: major(order.capturedMinor),
    totalRefundedAmount: major(order.refundedMinor),
    transaction: order.transactions.map((t) => ({ transaction: { id: t.id, type: t.type, amount: major(t.amountMinor) } })),
  };
}

function transactionView(order: Order, transactionId: string, result: string, gatewayCode: string, acquirerMessage: string) {
  const transaction = order.transactions.find((t) => t.id === transactionId)!;
  return {
    status: 201,
    body: {
      result,
      response: { gatewayCode, acquirerMessage },
      order: { id: order.id, status: order.status, currency: order.currency },
      transaction: {
        id: transaction.id,
        type: transaction.type,
        amount: major(transaction.amountMinor),
        currency: order.currency,
      },
    },
  };
}

function error(cause: string, explanation: string, field?: string) {
  return { result: 'ERROR', error: { cause, explanation, ...(field ? { field } : {}) } };
}

function get(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    value,
  );
}

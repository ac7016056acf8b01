import { randomUUID } from 'node:crypto';
import { MAGIC, parseBody, reply, startContractServer, type ContractServer, type Exchange } from './contract-server.js';

export const FUEL_CARD_API_KEY = 'dfc_live_4b1d9c0e7a2f';

/** One fleet account, reachable by card + PIN, by RFID and by a card-on-file token. */
export const FLEET = {
  accountId: 'acc_fleet_1',
  creditLimitMinor: 50_000n,
  cardNumber: '7001000000000001',
  pin: '4321',
  rfid: '04A1B2C3D4',
  token: 'dfc_tok_1',
};

interface Transaction {
  id: string;
  kind: 'hold' | 'sale' | 'capture' | 'refund';
  status: 'held' | 'captured' | 'released' | 'completed' | 'declined';
  amountMinor: bigint;
  currency: string;
  reference: string;
  idempotencyKey: string;
  /** For a capture or refund: what it was taken from. */
  parentId?: string;
  refundedMinor: bigint;
}

export interface FuelCardContract extends ContractServer {
  transactions: Transaction[];
  available(): bigint;
}

type Answer = { status: number; body: unknown } | 'hang';

/** A stand-in for the Dialog Fuel Card API as we assume it (docs/payments.md): API key, Idempotency-Key, holds against a limit. */
export async function startFuelCardServer(): Promise<FuelCardContract> {
  const transactions: Transaction[] = [];
  const byId = new Map<string, Transaction>();
  const replays = new Map<string, { status: number; body: unknown }>();
  const spent = () =>
    transactions.reduce((sum, t) => {
      if (t.kind === 'hold' && t.status === 'held') return sum + t.amountMinor;
      if (t.kind === 'sale' || t.kind === 'capture') return sum + t.amountMinor - t.refundedMinor;
      return sum;
    }, 0n);
  const available = () => FLEET.creditLimitMinor - spent();

  function handle({ req, body, res }: Exchange): void {
    if (req.headers['x-api-key'] !== FUEL_CARD_API_KEY)
      return reply(res, 401, { code: 'UNAUTHORIZED', message: 'Unknown API key' });
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET') return reply(res, ...read(url));
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '')
      return reply(res, 400, { code: 'IDEMPOTENCY_KEY_REQUIRED', message: 'Idempotency-Key header is required' });
    const replayed = replays.get(`${url.pathname} ${key}`);
    if (replayed) return reply(res, replayed.status, replayed.body);
    const answer = write(url.pathname, key, parseBody(body));
    const final = answer === 'hang' ? { status: 201, body: view(transactions.at(-1)!) } : answer;
    if (final.status < 500) replays.set(`${url.pathname} ${key}`, final);
    if (answer !== 'hang') reply(res, answer.status, answer.body);
  }

  function read(url: URL): [number, unknown] {
    if (url.pathname === `/accounts/${FLEET.accountId}`) {
      return [
        200,
        {
          id: FLEET.accountId,
          currency: 'LKR',
          creditLimitMinor: Number(FLEET.creditLimitMinor),
          availableMinor: Number(available()),
        },
      ];
    }
    if (url.pathname === '/transactions') {
      const key = url.searchParams.get('idempotencyKey');
      return [200, { items: transactions.filter((t) => t.idempotencyKey === key).map(view) }];
    }
    const transaction = byId.get(decodeURIComponent(url.pathname.replace(/^\/transactions\//, '')));
    return transaction ? [200, view(transaction)] : [404, { code: 'NOT_FOUND', message: 'No such transaction' }];
  }

  function write(path: string, idempotencyKey: string, body: Record<string, unknown> | null): Answer {
    const minor =
      body && typeof get(body, 'amount', 'minor') === 'number' ? BigInt(get(body, 'amount', 'minor') as number) : null;
    const currency = body ? get(body, 'amount', 'currency') : undefined;
    const reference = body?.reference;
    if (!body || minor === null || minor <= 0n || currency !== 'LKR' || typeof reference !== 'string') {
      return {
        status: 400,
        body: { code: 'INVALID_REQUEST', message: 'amount {minor, currency: LKR} and reference are required' },
      };
    }
    if (minor === MAGIC.serverError) return { status: 503, body: { code: 'UNAVAILABLE', message: 'Try again later' } };
    const record = (kind: Transaction['kind'], status: Transaction['status'], parentId?: string) => {
      const t: Transaction = {
        id: `txn_${randomUUID()}`,
        kind,
        status,
        amountMinor: minor,
        currency,
        reference,
        idempotencyKey,
        parentId,
        refundedMinor: 0n,
      };
      transactions.push(t);
      byId.set(t.id, t);
      return t;
    };

    if (path === '/holds' || path === '/sales') {
      const refusal = sourceRefusal(body.source);
      if (refusal) return refusal;
      if (minor > available())
        return { status: 402, body: { code: 'LIMIT_EXCEEDED', message: `Exceeds the available limit of ${available()}` } };
      const t = record(path === '/holds' ? 'hold' : 'sale', path === '/holds' ? 'held' : 'completed');
      return minor === MAGIC.hang ? 'hang' : { status: 201, body: view(t) };
    }
    const holdAction = /^\/holds\/([^/]+)\/(capture|release)$/.exec(path);
    if (holdAction) {
      const hold = byId.get(decodeURIComponent(holdAction[1]!));
      if (!hold || hold.kind !== 'hold') return { status: 404, body: { code: 'NOT_FOUND', message: 'No such hold' } };
      if (hold.status !== 'held') return { status: 409, body: { code: 'HOLD_CLOSED', message: `Hold is ${hold.status}` } };
      if (holdAction[2] === 'release') {
        hold.status = 'released';
        return { status: 200, body: view(hold) };
      }
      if (minor > hold.amountMinor) return { status: 402, body: { code: 'EXCEEDS_HOLD', message: 'Capture exceeds the hold' } };
      hold.status = 'captured'; // the rest of the hold goes back to the available limit
      return { status: 201, body: view(record('capture', 'completed', hold.id)) };
    }
    if (path === '/refunds') {
      const original = byId.get(String(body.transactionId));
      if (!original || (original.kind !== 'sale' && original.kind !== 'capture'))
        return { status: 404, body: { code: 'NOT_FOUND', message: 'No such sale or capture' } };
      if (original.refundedMinor + minor > original.amountMinor)
        return { status: 402, body: { code: 'EXCEEDS_PAID', message: 'Refund exceeds what was paid' } };
      original.refundedMinor += minor;
      return { status: 201, body: view(record('refund', 'completed', original.id)) };
    }
    return { status: 404, body: { code: 'NOT_FOUND', message: 'No such operation' } };
  }

  const server = await startContractServer(handle);
  return { ...server, transactions, available };
}

function sourceRefusal(source: unknown): Answer | null {
  const type = get(source, 'type');
  if (type === 'card') {
    if (get(source, 'cardNumber') !== FLEET.cardNumber)
      return { status: 402, body: { code: 'UNKNOWN_CARD', message: 'Unknown card' } };
    if (get(source, 'pin') !== FLEET.pin) return { status: 402, body: { code: 'INVALID_PIN', message: 'Incorrect PIN' } };
    return null;
  }
  if (type === 'rfid')
    return get(source, 'uid') === FLEET.rfid
      ? null
      : { status: 402, body: { code: 'UNKNOWN_CARD', message: 'Unknown RFID card' } };
  if (type === 'token')
    return get(source, 'token') === FLEET.token
      ? null
      : { status: 402, body: { code: 'UNKNOWN_CARD', message: 'Unknown token' } };
  return { status: 400, body: { code: 'INVALID_REQUEST', message: 'source.type must be card, rfid or token' } };
}

function view(t: Transaction) {
  return {
    id: t.id,
    kind: t.kind,
    status: t.kind !== 'hold' && t.refundedMinor > 0n && t.refundedMinor === t.amountMinor ? 'refunded' : t.status,
    amount: { minor: Number(t.amountMinor), currency: t.currency },
    reference: t.reference,
    ...(t.parentId ? { parentId: t.parentId } : {}),
  };
}

function get(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    value,
  );
}

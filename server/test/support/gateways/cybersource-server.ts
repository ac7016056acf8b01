import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  MAGIC,
  minorOf,
  parseBody,
  reply,
  startContractServer,
  type ContractServer,
  type ContractServerOptions,
  type Exchange,
} from './contract-server.js';

export const CYBERSOURCE_CREDENTIALS = {
  merchantId: 'chargeboard_test',
  keyId: '08c94330-f618-42a3-b09d-e1e43be5efda',
  sharedSecret: Buffer.from('a shared secret only the test knows!').toString('base64'),
};

interface Payment {
  id: string;
  code: string;
  amountMinor: bigint;
  currency: string;
  capturedMinor: bigint;
  refundedMinor: bigint;
  /** The services that ran on it, as the Transaction Details API lists them. */
  applications: string[];
  declined: boolean;
}

export interface CyberSourceContract extends ContractServer {
  /** Payments (authorizations and sales) created: one per charge, however often a request was repeated. */
  payments: Payment[];
}

/** A stand-in for CyberSource's REST API that checks the HTTP Signature exactly as CyberSource does. */
export async function startCyberSourceServer(
  credentials = CYBERSOURCE_CREDENTIALS,
  options: ContractServerOptions = {},
): Promise<CyberSourceContract> {
  const payments: Payment[] = [];
  const byId = new Map<string, Payment>();
  const replays = new Map<string, { status: number; body: unknown }>();

  function handle({ req, body, res }: Exchange): void {
    const problem = authenticationProblem(req.method ?? '', req.url ?? '', req.headers, body, credentials);
    if (problem) return reply(res, 401, { response: { rmsg: `Authentication Failed: ${problem}` } });
    const key = req.headers['v-c-idempotency-key'];
    const replayKey = typeof key === 'string' ? `${req.method} ${req.url} ${key}` : null;
    const replayed = replayKey ? replays.get(replayKey) : undefined;
    if (replayed) return reply(res, replayed.status, replayed.body);

    const answer = route(req.method ?? '', req.url ?? '', parseBody(body));
    const final = answer === 'hang' ? hungAnswer() : answer;
    if (replayKey && final.status < 500) replays.set(replayKey, final);
    if (answer !== 'hang') reply(res, answer.status, answer.body); // else processed, but the answer never leaves
  }

  function hungAnswer() {
    const payment = payments.at(-1)!;
    return { status: 201, body: { id: payment.id, status: 'AUTHORIZED' } };
  }

  type Answer = { status: number; body: unknown } | 'hang';

  function route(method: string, url: string, body: Record<string, unknown> | null): Answer {
    if (method === 'GET') {
      const match = /^\/tss\/v2\/transactions\/([^/?]+)$/.exec(url);
      const payment = match ? byId.get(decodeURIComponent(match[1]!)) : undefined;
      if (!payment) return { status: 404, body: { status: 'NOT_FOUND', reason: 'NOT_FOUND', message: 'no such transaction' } };
      return { status: 200, body: transactionDetails(payment) };
    }
    if (!body) return invalid('MALFORMED_REQUEST', 'body is not JSON');
    if (url === '/tss/v2/searches') {
      const code = /^clientReferenceInformation\.code:(.+)$/.exec(String(body.query ?? ''))?.[1];
      if (!code) return invalid('INVALID_DATA', 'query');
      const found = payments.filter((p) => p.code === code).reverse();
      return { status: 201, body: { _embedded: { transactionSummaries: found.slice(0, 1).map((p) => ({ id: p.id })) } } };
    }
    const code = field(body, 'clientReferenceInformation', 'code');
    const amount = amountOf(body, url.endsWith('/reversals') ? 'reversalInformation' : 'orderInformation');
    if (typeof code !== 'string' || code === '') return invalid('MISSING_FIELD', 'clientReferenceInformation.code');
    if (!amount) return invalid('MISSING_FIELD', 'amountDetails.totalAmount / currency');
    if (amount.minor === MAGIC.serverError)
      return { status: 500, body: { status: 'SERVER_ERROR', reason: 'SYSTEM_ERROR', message: 'try again' } };

    if (url === '/pts/v2/payments') {
      if (field(body, 'paymentInformation', 'card') !== undefined)
        return invalid('INVALID_DATA', 'card data is not expected from this merchant');
      const token = field(body, 'paymentInformation', 'customer', 'id');
      if (typeof token !== 'string') return invalid('MISSING_FIELD', 'paymentInformation.customer.id');
      const capture = field(body, 'processingInformation', 'capture') === true;
      const declined = amount.minor === MAGIC.decline;
      const authorizedMinor = amount.minor === MAGIC.partial ? amount.minor / 2n : amount.minor;
      const payment: Payment = {
        id: randomUUID().replaceAll('-', ''),
        code,
        amountMinor: authorizedMinor,
        currency: amount.currency,
        capturedMinor: capture && !declined ? authorizedMinor : 0n,
        refundedMinor: 0n,
        applications: declined ? [] : capture ? ['ics_auth', 'ics_bill'] : ['ics_auth'],
        declined,
      };
      payments.push(payment);
      byId.set(payment.id, payment);
      if (amount.minor === MAGIC.hang) return 'hang';
      if (declined) {
        return {
          status: 201,
          body: {
            id: payment.id,
            status: 'DECLINED',
            errorInformation: { reason: 'INSUFFICIENT_FUND', message: 'Decline - Insufficient funds in the account.' },
          },
        };
      }
      return {
        status: 201,
        body: {
          id: payment.id,
          status: 'AUTHORIZED',
          clientReferenceInformation: { code },
          orderInformation: {
            amountDetails: {
              authorizedAmount: major(authorizedMinor),
              currency: amount.currency,
            },
          },
          paymentInformation: { customer: { id: token } },
        },
      };
    }

    const followUp = /^\/pts\/v2\/payments\/([^/]+)\/(captures|reversals|refunds)$/.exec(url);
    const payment = followUp ? byId.get(decodeURIComponent(followUp[1]!)) : undefined;
    if (!followUp || !payment)
      return { status: 404, body: { status: 'NOT_FOUND', reason: 'NOT_FOUND', message: 'no such payment' } };
    if (payment.declined) return invalid('INVALID_DATA', 'the payment was declined');
    const id = randomUUID().replaceAll('-', '');
    byId.set(id, payment);
    switch (followUp[2]) {
      case 'captures':
        if (payment.applications.includes('ics_auth_reversal')) return invalid('INVALID_DATA', 'authorization reversed');
        if (payment.capturedMinor + amount.minor > payment.amountMinor)
          return invalid('EXCEEDS_AUTH_AMOUNT', 'more than authorized');
        payment.capturedMinor += amount.minor;
        payment.applications.push('ics_bill');
        return { status: 201, body: { id, status: 'PENDING' } };
      case 'reversals':
        if (payment.capturedMinor > 0n) return invalid('INVALID_DATA', 'already captured');
        payment.applications.push('ics_auth_reversal');
        return { status: 201, body: { id, status: 'REVERSED' } };
      default:
        if (payment.refundedMinor + amount.minor > payment.capturedMinor) return invalid('INVALID_AMOUNT', 'more than captured');
        payment.refundedMinor += amount.minor;
        payment.applications.push('ics_credit');
        return { status: 201, body: { id, status: 'PENDING' } };
    }
  }

  const server = await startContractServer(handle, options);
  return { ...server, payments };
}

function transactionDetails(payment: Payment) {
  return {
    id: payment.id,
    clientReferenceInformation: { code: payment.code },
    orderInformation: { amountDetails: { totalAmount: major(payment.amountMinor), currency: payment.currency } },
    applicationInformation: {
      reasonCode: payment.declined ? '204' : '100',
      applications: payment.declined
        ? [{ name: 'ics_auth', rFlag: 'DINSUFFICIENTFUNDS', reasonCode: '204' }]
        : payment.applications.map((name) => ({ name, rFlag: 'SOK', reasonCode: '100' })),
    },
  };
}

function major(minor: bigint): string {
  return `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
}

function invalid(reason: string, message: string) {
  return {
    status: 400,
    body: {
      status: 'INVALID_REQUEST',
      reason,
      message: `Declined - One or more fields in the request contains invalid data: ${message}`,
    },
  };
}

function field(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
    value,
  );
}

function amountOf(body: Record<string, unknown>, section: string): { minor: bigint; currency: string } | null {
  const minor = minorOf(field(body, section, 'amountDetails', 'totalAmount'));
  const currency = field(body, section, 'amountDetails', 'currency');
  return minor !== null && typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? { minor, currency } : null;
}

/** What CyberSource would reject the request for, or null: merchant, key, date, digest and signature. */
function authenticationProblem(
  method: string,
  url: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  credentials: typeof CYBERSOURCE_CREDENTIALS,
): string | null {
  const header = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : undefined);
  if (header('v-c-merchant-id') !== credentials.merchantId) return 'unknown merchant';
  const date = header('date');
  if (!date || Math.abs(Date.parse(date) - Date.now()) > 5 * 60_000) return 'date missing or too far off';
  const hasBody = method !== 'GET';
  const digest = header('digest');
  // Recomputed here on purpose rather than with the adapter's helpers: the server checks the scheme independently.
  if (hasBody && digest !== `SHA-256=${createHash('sha256').update(body).digest('base64')}`)
    return 'digest does not match the body';
  const params = Object.fromEntries([...(header('signature') ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  if (params.keyid !== credentials.keyId) return 'unknown key';
  if (params.algorithm !== 'HmacSHA256') return 'algorithm';
  const names = hasBody
    ? ['host', 'date', '(request-target)', 'digest', 'v-c-merchant-id']
    : ['host', 'date', '(request-target)', 'v-c-merchant-id'];
  if (params.headers !== names.join(' ')) return `signed headers must be "${names.join(' ')}"`;
  const values: Record<string, string> = {
    host: header('host') ?? '',
    date,
    '(request-target)': `${method.toLowerCase()} ${url}`,
    digest: digest ?? '',
    'v-c-merchant-id': credentials.merchantId,
  };
  const signed = names.map((name) => `${name}: ${values[name]}`).join('\n');
  const expected = Buffer.from(
    createHmac('sha256', Buffer.from(credentials.sharedSecret, 'base64')).update(signed).digest('base64'),
  );
  const given = Buffer.from(params.signature ?? '');
  return expected.length === given.length && timingSafeEqual(expected, given) ? null : 'signature does not match';
}

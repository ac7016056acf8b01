import { randomBytes, randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '../../../src/domain/secrets.js';
import { MAX_RETRY_AFTER_MS, retryAfterMs } from '../../../src/modules/payments/gateways/http.js';
import type { PaymentRequest } from '../../../src/modules/payments/gateways/types.js';
import { type GatewayConfigRow, GatewayRegistry, RATE_LIMITED_PAUSE_MS } from '../../../src/modules/payments/registry.js';
import { type Clock, TokenBucket } from '../../../src/modules/payments/token-bucket.js';

/** Fake time: sleeping moves the clock on by exactly that long, and says so. */
function fakeClock(): Clock & { slept: number[]; advance(ms: number): void } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    advance: (ms) => void (now += ms),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe('token bucket', () => {
  it('lets a second’s worth through at once, then one call per 1/rate seconds', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(5, clock);
    for (let i = 0; i < 5; i++) expect(await bucket.take(1000)).toBe(true);
    expect(clock.slept).toEqual([]);
    expect(await bucket.take(1000)).toBe(true);
    expect(clock.slept).toEqual([200]);
    clock.advance(1000);
    // A second later there are five tokens again, never more.
    for (let i = 0; i < 5; i++) expect(await bucket.take(0)).toBe(true);
    expect(await bucket.take(0)).toBe(false);
  });

  it('gives up when no token would come within the wait, taking nothing', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(1, clock);
    expect(await bucket.take(0)).toBe(true);
    expect(await bucket.take(500)).toBe(false);
    expect(clock.slept).toEqual([]);
    expect(await bucket.take(1000)).toBe(true);
    expect(clock.slept).toEqual([1000]);
  });

  it('concurrent callers each reserve their own slot', async () => {
    // Time stands still while they wait, so each wait is what the caller reserved on arrival.
    const slept: number[] = [];
    const clock: Clock = { now: () => 0, sleep: async (ms) => void slept.push(ms) };
    const bucket = new TokenBucket(10, clock);
    for (let i = 0; i < 10; i++) await bucket.take(0);
    const waits = await Promise.all([bucket.take(1000), bucket.take(1000), bucket.take(1000)]);
    expect(waits).toEqual([true, true, true]);
    expect(slept.map(Math.round)).toEqual([100, 200, 300]);
  });

  it('a pause holds every call until it ends, then starts from empty', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(100, clock);
    bucket.pause(1000);
    expect(bucket.paused).toBe(true);
    expect(await bucket.take(500)).toBe(false);
    expect(await bucket.take(2000)).toBe(true);
    expect(clock.slept).toEqual([1010]);
    expect(bucket.paused).toBe(false);
  });
});

describe('the registry’s adapters, rate-limited', () => {
  let server: Server;
  let url: string;
  const arrivals: number[] = [];
  let clock: ReturnType<typeof fakeClock>;
  let answer429 = 0;
  let retryAfter: string | null = null;
  beforeAll(async () => {
    // A Dialog Fuel Card gateway (our contract) that says 429 while asked to, and approves otherwise.
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        arrivals.push(clock.now());
        res.setHeader('content-type', 'application/json');
        if (answer429 > 0) {
          answer429--;
          if (retryAfter) res.setHeader('retry-after', retryAfter);
          res.writeHead(429).end(JSON.stringify({ code: 'RATE_LIMITED', message: 'Too many requests' }));
          return;
        }
        res.writeHead(201).end(JSON.stringify({ id: randomUUID(), kind: 'sale', status: 'completed' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const keys = { current: randomBytes(32), previous: [] };
  const configRow = (rate: number): GatewayConfigRow => ({
    id: randomUUID(),
    organizationId: null,
    gateway: 'dialog_fuel_card',
    label: 'Dialog',
    mode: 'test',
    enabled: true,
    baseUrl: url,
    credentialsCiphertext: encryptSecret(keys, JSON.stringify({ apiKey: 'fuel-key' })),
    credentialsMasked: { apiKey: '••••' },
    rateLimitPerSecond: rate,
    currencies: [],
    routing: {},
    priority: 100,
    fallbackConfigId: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  const sale = (): PaymentRequest => ({
    idempotencyKey: randomUUID(),
    orderReference: randomUUID(),
    amountMinor: 1_000n,
    currency: 'LKR',
    source: { kind: 'token', token: 'tok' },
  });

  it('waits for a token before calling, and refuses without calling past the wait', async () => {
    clock = fakeClock();
    arrivals.length = 0;
    const registry = new GatewayRegistry(keys, { clock, maxWaitMs: 600 });
    const adapter = registry.adapterFor(configRow(2));
    for (let i = 0; i < 3; i++) expect((await adapter.sale(sale())).outcome).toBe('approved');
    expect(clock.slept).toEqual([500]);
    expect(arrivals[2]! - arrivals[1]!).toBe(500);

    const impatient = new GatewayRegistry(keys, { clock, maxWaitMs: 400 }).adapterFor(configRow(2));
    await impatient.sale(sale());
    await impatient.sale(sale());
    const refused = await impatient.sale(sale());
    expect(refused).toMatchObject({ outcome: 'error', retryable: true, reference: null, amountMinor: 1_000n });
    expect(refused.reason).toMatch(/rate limit of 2\/s.*nothing was sent/);
    expect(arrivals).toHaveLength(5);
  });

  it('a 429 from the gateway pauses that configuration’s calls for a second', async () => {
    clock = fakeClock();
    arrivals.length = 0;
    answer429 = 1;
    const registry = new GatewayRegistry(keys, { clock });
    const limited = registry.adapterFor(configRow(100));
    const other = registry.adapterFor(configRow(100));
    const first = await limited.sale(sale());
    expect(first).toMatchObject({ outcome: 'error', retryable: true });
    expect(first.raw.response?.status).toBe(429);
    // Another configuration has its own bucket: not paused.
    expect((await other.sale(sale())).outcome).toBe('approved');
    expect(clock.slept).toEqual([]);
    const second = await limited.sale(sale());
    expect(second.outcome).toBe('approved');
    expect(clock.slept).toHaveLength(1);
    expect(clock.slept[0]).toBeGreaterThanOrEqual(RATE_LIMITED_PAUSE_MS);
    expect(arrivals[2]! - arrivals[0]!).toBeGreaterThanOrEqual(RATE_LIMITED_PAUSE_MS);
  });

  it('a 429 with Retry-After pauses for as long as the gateway asks (at most a minute)', async () => {
    for (const [header, pause] of [
      ['3', 3_000],
      ['86400', MAX_RETRY_AFTER_MS],
    ] as const) {
      clock = fakeClock();
      arrivals.length = 0;
      answer429 = 1;
      retryAfter = header;
      const limited = new GatewayRegistry(keys, { clock, maxWaitMs: 120_000 }).adapterFor(configRow(100));
      const first = await limited.sale(sale());
      expect(first.raw.response).toMatchObject({ status: 429, retryAfterMs: pause });
      expect((await limited.sale(sale())).outcome).toBe('approved');
      expect(clock.slept).toHaveLength(1);
      expect(clock.slept[0]).toBeGreaterThanOrEqual(pause);
      expect(clock.slept[0]).toBeLessThan(pause + 100);
    }
    retryAfter = null;
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-12-06T10:00:00Z');
  it('reads delay-seconds and an HTTP-date; ignores what it cannot read', () => {
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 06 Dec 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Sun, 06 Dec 2026 09:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('999999', now)).toBe(MAX_RETRY_AFTER_MS);
  });
});

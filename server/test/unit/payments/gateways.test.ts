import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amexMpgsGateway } from '../../../src/modules/payments/gateways/amex-mpgs.js';
import { cyberSourceGateway } from '../../../src/modules/payments/gateways/cybersource.js';
import { dialogFuelCardGateway, type DialogFuelCardGateway } from '../../../src/modules/payments/gateways/dialog-fuel-card.js';
import { manualGateway } from '../../../src/modules/payments/gateways/manual.js';
import type { PaymentRequest } from '../../../src/modules/payments/gateways/types.js';
import { MAGIC } from '../../support/gateways/contract-server.js';
import {
  CYBERSOURCE_CREDENTIALS,
  startCyberSourceServer,
  type CyberSourceContract,
} from '../../support/gateways/cybersource-server.js';
import { FLEET, FUEL_CARD_API_KEY, startFuelCardServer, type FuelCardContract } from '../../support/gateways/fuel-card-server.js';
import { MPGS_CREDENTIALS, startMpgsServer, type MpgsContract } from '../../support/gateways/mpgs-server.js';

// Each adapter against a local server that checks authentication and request shapes as the real API
// would, over real HTTP. Amounts are minor units: 12 345n LKR is LKR 123.45.

const TIMEOUT_MS = 1_500;

function payment(amountMinor: bigint, source: PaymentRequest['source'] = { kind: 'token', token: 'tms_7f3a' }): PaymentRequest {
  return { idempotencyKey: randomUUID(), orderReference: `session-${randomUUID()}`, amountMinor, currency: 'LKR', source };
}

function logged(result: { raw: unknown }): string {
  return JSON.stringify(result.raw, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

describe('CyberSource adapter', () => {
  let server: CyberSourceContract;
  let gateway: ReturnType<typeof cyberSourceGateway>;
  beforeAll(async () => {
    server = await startCyberSourceServer();
    gateway = cyberSourceGateway({ baseUrl: server.url, timeoutMs: TIMEOUT_MS, ...CYBERSOURCE_CREDENTIALS });
  });
  afterAll(() => server.close());

  it('authorizes a hold, captures it, and refunds part of it', async () => {
    const hold = payment(12_345n);
    const authorized = await gateway.authorize(hold);
    expect(authorized).toMatchObject({ outcome: 'approved', amountMinor: 12_345n, currency: 'LKR' });
    expect(authorized.reference).toMatch(/^[0-9a-f]{32}$/);

    const follow = { orderReference: hold.orderReference, reference: authorized.reference!, currency: 'LKR' };
    const captured = await gateway.capture({ ...follow, idempotencyKey: randomUUID(), amountMinor: 10_000n });
    expect(captured.outcome).toBe('approved');
    const refunded = await gateway.refund({ ...follow, idempotencyKey: randomUUID(), amountMinor: 2_500n });
    expect(refunded.outcome).toBe('approved');
    const tooMuch = await gateway.refund({ ...follow, idempotencyKey: randomUUID(), amountMinor: 9_000n });
    expect(tooMuch).toMatchObject({ outcome: 'error', retryable: false });
    expect(tooMuch.reason).toContain('(INVALID_AMOUNT)');

    const status = await gateway.status({ ...follow, idempotencyKey: randomUUID(), amountMinor: 12_345n });
    expect(status).toMatchObject({ outcome: 'approved', state: 'refunded' });
  });

  it('sells in one step (authorize and capture) and voids an authorization', async () => {
    const sold = await gateway.sale(payment(4_000n));
    expect(sold.outcome).toBe('approved');
    expect(server.payments.find((p) => p.id === sold.reference)?.capturedMinor).toBe(4_000n);

    const hold = payment(3_000n);
    const authorized = await gateway.authorize(hold);
    const voided = await gateway.void({ ...hold, reference: authorized.reference!, idempotencyKey: randomUUID() });
    expect(voided.outcome).toBe('approved');
    const status = await gateway.status({ ...hold, reference: authorized.reference!, idempotencyKey: randomUUID() });
    expect(status.state).toBe('voided');
  });

  it('reports a partial authorization as the amount actually approved', async () => {
    const result = await gateway.authorize(payment(MAGIC.partial));
    expect(result).toMatchObject({ outcome: 'approved', amountMinor: MAGIC.partial / 2n, currency: 'LKR' });
  });

  it('reports a decline with its reason and CyberSource code', async () => {
    const result = await gateway.authorize(payment(MAGIC.decline));
    expect(result.outcome).toBe('declined');
    expect(result.reason).toBe('Decline - Insufficient funds in the account. (INSUFFICIENT_FUND)');
  });

  it('calls a timeout unknown, and status later finds the approved authorization by our order reference', async () => {
    const hold = payment(MAGIC.hang);
    const started = Date.now();
    const result = await gateway.authorize(hold);
    expect(result).toMatchObject({ outcome: 'unknown', reference: null });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);

    const status = await gateway.status({ ...hold, reference: null });
    expect(status).toMatchObject({ outcome: 'approved', state: 'authorized' });
    expect(status.reference).toBe(server.payments.find((p) => p.code === hold.orderReference)?.id);
  });

  it('calls a 5xx a retryable error', async () => {
    expect(await gateway.sale(payment(MAGIC.serverError))).toMatchObject({ outcome: 'error', retryable: true });
  });

  it('answers a repeated request (same idempotency key) with the first result and charges once', async () => {
    const request = payment(7_700n);
    const first = await gateway.sale(request);
    const again = await gateway.sale(request);
    expect(again.reference).toBe(first.reference);
    expect(server.payments.filter((p) => p.code === request.orderReference)).toHaveLength(1);
  });

  it('treats wrong credentials as an error, never an approval', async () => {
    const wrong = cyberSourceGateway({
      baseUrl: server.url,
      timeoutMs: TIMEOUT_MS,
      ...CYBERSOURCE_CREDENTIALS,
      sharedSecret: Buffer.from('not the secret').toString('base64'),
    });
    const request = payment(1_000n);
    const result = await wrong.sale(request);
    expect(result).toMatchObject({ outcome: 'error', retryable: false });
    expect(server.payments.filter((p) => p.code === request.orderReference)).toHaveLength(0);
  });

  it('keeps credentials and the card token out of the logged exchange', async () => {
    const result = await gateway.sale(payment(2_000n));
    for (const secret of [CYBERSOURCE_CREDENTIALS.keyId, CYBERSOURCE_CREDENTIALS.sharedSecret, 'tms_7f3a']) {
      expect(logged(result)).not.toContain(secret);
    }
    expect(result.raw.request).toMatchObject({ method: 'POST', path: '/pts/v2/payments' });
    expect(result.raw.response?.status).toBe(201);
  });
});

describe('Amex (MPGS) adapter', () => {
  let server: MpgsContract;
  let gateway: ReturnType<typeof amexMpgsGateway>;
  beforeAll(async () => {
    server = await startMpgsServer();
    gateway = amexMpgsGateway({ baseUrl: server.url, timeoutMs: TIMEOUT_MS, ...MPGS_CREDENTIALS });
  });
  afterAll(() => server.close());

  it('authorizes, captures and refunds part of an order', async () => {
    const hold = payment(12_345n);
    const authorized = await gateway.authorize(hold);
    expect(authorized).toMatchObject({ outcome: 'approved', reference: hold.idempotencyKey, amountMinor: 12_345n });
    const follow = { orderReference: hold.orderReference, reference: authorized.reference!, currency: 'LKR' };
    expect((await gateway.capture({ ...follow, idempotencyKey: randomUUID(), amountMinor: 12_345n })).outcome).toBe('approved');
    expect((await gateway.refund({ ...follow, idempotencyKey: randomUUID(), amountMinor: 345n })).outcome).toBe('approved');
    expect(server.orders.get(hold.orderReference)).toMatchObject({ capturedMinor: 12_345n, refundedMinor: 345n });
    expect(await gateway.status({ ...follow, idempotencyKey: randomUUID(), amountMinor: 12_345n })).toMatchObject({
      outcome: 'approved',
      state: 'refunded',
    });
  });

  it('pays in one step, and voids an authorization', async () => {
    const sold = payment(4_000n);
    expect((await gateway.sale(sold)).outcome).toBe('approved');
    expect(server.orders.get(sold.orderReference)?.status).toBe('CAPTURED');

    const hold = payment(3_000n);
    const authorized = await gateway.authorize(hold);
    const voided = await gateway.void({ ...hold, reference: authorized.reference!, idempotencyKey: randomUUID() });
    expect(voided.outcome).toBe('approved');
    expect((await gateway.status({ ...hold, reference: authorized.reference })).state).toBe('voided');
  });

  it('reports a decline with the acquirer message and gateway code', async () => {
    const result = await gateway.authorize(payment(MAGIC.decline));
    expect(result).toMatchObject({ outcome: 'declined', reason: 'Insufficient funds (INSUFFICIENT_FUNDS)' });
  });

  it('calls a timeout unknown, and status later finds the order authorized', async () => {
    const hold = payment(MAGIC.hang);
    expect(await gateway.authorize(hold)).toMatchObject({ outcome: 'unknown', reference: null });
    const status = await gateway.status({ ...hold, reference: null });
    expect(status).toMatchObject({ outcome: 'approved', state: 'authorized', reference: hold.idempotencyKey });
  });

  it('calls a 5xx a retryable error', async () => {
    expect(await gateway.sale(payment(MAGIC.serverError))).toMatchObject({ outcome: 'error', retryable: true });
  });

  it('answers a repeated transaction id with the first result and charges once', async () => {
    const request = payment(7_700n);
    const first = await gateway.sale(request);
    const again = await gateway.sale(request);
    expect(again).toMatchObject({ outcome: 'approved', reference: first.reference });
    expect(server.orders.get(request.orderReference)?.transactions).toHaveLength(1);
    expect(server.orders.get(request.orderReference)?.capturedMinor).toBe(7_700n);
  });

  it('treats a wrong API password as an error, never an approval', async () => {
    const wrong = amexMpgsGateway({ baseUrl: server.url, timeoutMs: TIMEOUT_MS, ...MPGS_CREDENTIALS, apiPassword: 'guess' });
    const request = payment(1_000n);
    expect(await wrong.sale(request)).toMatchObject({ outcome: 'error', retryable: false });
    expect(server.orders.has(request.orderReference)).toBe(false);
  });

  it('keeps the API password and the card token out of the logged exchange', async () => {
    const result = await gateway.sale(payment(2_000n));
    expect(logged(result)).not.toContain(MPGS_CREDENTIALS.apiPassword);
    expect(logged(result)).not.toContain('tms_7f3a');
    expect(result.raw.request.method).toBe('PUT');
    expect(result.raw.request.body).toMatchObject({ apiOperation: 'PAY', order: { amount: '20.00', currency: 'LKR' } });
  });
});

describe('Dialog Fuel Card adapter', () => {
  let server: FuelCardContract;
  let gateway: DialogFuelCardGateway;
  const card = { kind: 'fuelCard', cardNumber: FLEET.cardNumber, pin: FLEET.pin } as const;
  beforeAll(async () => {
    server = await startFuelCardServer();
    gateway = dialogFuelCardGateway({ baseUrl: server.url, timeoutMs: TIMEOUT_MS, apiKey: FUEL_CARD_API_KEY });
  });
  afterAll(() => server.close());

  it('holds against the available limit, captures less than the hold, and gives the rest back', async () => {
    const before = (await gateway.account(FLEET.accountId))!.availableMinor;
    const hold = payment(20_000n, card);
    const held = await gateway.authorize(hold);
    expect(held.outcome).toBe('approved');
    expect((await gateway.account(FLEET.accountId))?.availableMinor).toBe(before - 20_000n);

    const captured = await gateway.capture({
      ...hold,
      reference: held.reference!,
      idempotencyKey: randomUUID(),
      amountMinor: 15_000n,
    });
    expect(captured.outcome).toBe('approved');
    expect((await gateway.account(FLEET.accountId))?.availableMinor).toBe(before - 15_000n);

    const refunded = await gateway.refund({
      ...hold,
      reference: captured.reference!,
      idempotencyKey: randomUUID(),
      amountMinor: 15_000n,
    });
    expect(refunded.outcome).toBe('approved');
    expect((await gateway.account(FLEET.accountId))?.availableMinor).toBe(before);
    expect((await gateway.status({ ...hold, reference: held.reference })).state).toBe('captured');
    expect((await gateway.status({ ...hold, reference: captured.reference })).state).toBe('refunded');
  });

  it('declines a hold beyond the available limit', async () => {
    const result = await gateway.authorize(payment(FLEET.creditLimitMinor + 1n, { kind: 'rfid', uid: FLEET.rfid }));
    expect(result.outcome).toBe('declined');
    expect(result.reason).toMatch(/^Exceeds the available limit of \d+ \(LIMIT_EXCEEDED\)$/);
  });

  it('declines a wrong PIN with its reason, and releases a hold', async () => {
    expect(await gateway.sale(payment(1_000n, { ...card, pin: '0000' }))).toMatchObject({
      outcome: 'declined',
      reason: 'Incorrect PIN (INVALID_PIN)',
    });
    const before = server.available();
    const hold = payment(5_000n, { kind: 'token', token: FLEET.token });
    const held = await gateway.authorize(hold);
    expect((await gateway.void({ ...hold, reference: held.reference!, idempotencyKey: randomUUID() })).outcome).toBe('approved');
    expect(server.available()).toBe(before);
  });

  it('calls a timeout unknown, and status later finds the hold by its idempotency key', async () => {
    const hold = payment(MAGIC.hang, card);
    expect(await gateway.authorize(hold)).toMatchObject({ outcome: 'unknown', reference: null });
    const status = await gateway.status({ ...hold, reference: null });
    expect(status).toMatchObject({ outcome: 'approved', state: 'authorized' });
    expect(status.reference).toBe(server.transactions.find((t) => t.idempotencyKey === hold.idempotencyKey)?.id);
  });

  it('calls a 5xx a retryable error', async () => {
    expect(await gateway.sale(payment(MAGIC.serverError, card))).toMatchObject({ outcome: 'error', retryable: true });
  });

  it('answers a repeated Idempotency-Key with the first result and charges once', async () => {
    const before = server.available();
    const request = payment(2_500n, card);
    const first = await gateway.sale(request);
    const again = await gateway.sale(request);
    expect(again).toMatchObject({ outcome: 'approved', reference: first.reference });
    expect(server.transactions.filter((t) => t.idempotencyKey === request.idempotencyKey)).toHaveLength(1);
    expect(server.available()).toBe(before - 2_500n);
  });

  it('treats a wrong API key as an error, never an approval', async () => {
    const wrong = dialogFuelCardGateway({ baseUrl: server.url, timeoutMs: TIMEOUT_MS, apiKey: 'dfc_wrong' });
    const request = payment(1_000n, card);
    expect(await wrong.sale(request)).toMatchObject({ outcome: 'error', retryable: false });
    expect(server.transactions.some((t) => t.idempotencyKey === request.idempotencyKey)).toBe(false);
  });

  it('keeps the API key, card number, PIN and RFID out of the logged exchange', async () => {
    for (const source of [card, { kind: 'rfid', uid: FLEET.rfid } as const]) {
      const result = await gateway.sale(payment(1_000n, source));
      for (const secret of [FUEL_CARD_API_KEY, FLEET.cardNumber, FLEET.rfid]) expect(logged(result)).not.toContain(secret);
      expect(logged(result)).not.toContain(`"${FLEET.pin}"`);
      expect(result.raw.request.body).toMatchObject({ amount: { minor: 1000, currency: 'LKR' } });
    }
  });
});

describe('Manual adapter', () => {
  const gateway = manualGateway();
  const cash = (receiptNumber: string) => ({ kind: 'manual', method: 'cash', receiptNumber }) as const;

  it('approves a cash payment at once under the receipt number', async () => {
    const request = payment(2_930_00n, cash('RCPT-0042'));
    expect(await gateway.sale(request)).toMatchObject({ outcome: 'approved', reference: 'RCPT-0042', amountMinor: 2_930_00n });
    expect(await gateway.status({ ...request, reference: null })).toMatchObject({ outcome: 'approved', state: 'captured' });
  });

  it('records a repeated key once, with the first receipt', async () => {
    const request = payment(1_000n, cash('RCPT-0043'));
    await gateway.sale(request);
    const again = await gateway.sale({ ...request, source: cash('RCPT-9999') });
    expect(again.reference).toBe('RCPT-0043');
  });

  it('refuses a payment without a receipt number, and a refund without its own receipt', async () => {
    expect(await gateway.sale(payment(1_000n, cash('  ')))).toMatchObject({ outcome: 'error', retryable: false });
    const paid = payment(1_000n, { kind: 'manual', method: 'bankTransfer', receiptNumber: 'TRF-77' });
    await gateway.sale(paid);
    const follow = { ...paid, reference: 'TRF-77', idempotencyKey: randomUUID() };
    expect((await gateway.refund(follow)).outcome).toBe('error');
    expect(await gateway.refund({ ...follow, idempotencyKey: randomUUID(), receiptNumber: 'RF-1' })).toMatchObject({
      outcome: 'approved',
      reference: 'RF-1',
    });
  });

  it('says nothing was recorded for a key it never saw', async () => {
    expect((await gateway.status({ ...payment(1_000n, cash('X')), reference: null })).outcome).toBe('declined');
  });
});

import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { type GatewayKind, gatewayConfigs, paymentMethods } from '../../src/db/schema/index.js';
import { encryptSecret, parseSecretKey } from '../../src/domain/secrets.js';
import { EventBus } from '../../src/live/bus.js';
import { type PaymentsDeps, attemptPayment } from '../../src/modules/payments/attempts.js';
import { GatewayRegistry } from '../../src/modules/payments/registry.js';

/** The SECRETS_KEY test servers run with (64 hex digits), so a test's gateway rows open on the server too. */
export const TEST_SECRETS_KEY = '6f'.repeat(32);
export const TEST_SECRETS = { current: parseSecretKey(TEST_SECRETS_KEY, 'SECRETS_KEY'), previous: [] };

/** A gateway configuration row with its credentials encrypted as the gateways page stores them. */
export async function gatewayConfig(
  db: Db,
  fields: {
    organizationId: string | null;
    gateway: GatewayKind;
    baseUrl?: string;
    credentials?: Record<string, string>;
    label?: string;
  },
) {
  const [row] = await db
    .insert(gatewayConfigs)
    .values({
      organizationId: fields.organizationId,
      gateway: fields.gateway,
      label: fields.label ?? `${fields.gateway} test`,
      baseUrl: fields.baseUrl ?? null,
      credentialsCiphertext: fields.credentials ? encryptSecret(TEST_SECRETS, JSON.stringify(fields.credentials)) : null,
    })
    .returning();
  return row!;
}

/** What moving money needs, on the test's database, with the test key and short gateway timeouts. */
export function testPaymentsDeps(db: Db): PaymentsDeps {
  const config = loadConfig({ JWT_SECRET: 'x'.repeat(40), SECRETS_KEY: TEST_SECRETS_KEY }, {});
  return { db, registry: new GatewayRegistry(TEST_SECRETS, { timeoutMs: 300 }), config: config.payments, bus: new EventBus() };
}

/** The driver pays by card through `gateway` (no card token, so the settlement's collection job leaves it to the test). */
export async function paysWith(db: Db, idTokenId: string, gateway: GatewayKind) {
  await db.insert(paymentMethods).values({ idTokenId, gateway });
}

/**
 * A session's money taken as the collection takes it: a sale through the gateway's contract server
 * (or, with `hold`, an authorization then its capture), approved by actually calling it.
 */
export async function chargedSession(
  deps: PaymentsDeps,
  config: typeof gatewayConfigs.$inferSelect,
  session: { id: string; organizationId: string; userId?: string | null; idTokenId?: string | null },
  amountMinor: bigint,
  options: { currency?: string; hold?: boolean; brand?: string; last4?: string } = {},
) {
  const common = {
    config,
    organizationId: session.organizationId,
    currency: options.currency ?? 'LKR',
    orderReference: session.id,
    links: {
      sessionId: session.id,
      userId: session.userId ?? null,
      idTokenId: session.idTokenId ?? null,
      cardBrand: options.brand ?? 'visa',
      cardLast4: options.last4 ?? '4242',
    },
  };
  const source =
    config.gateway === 'manual'
      ? { kind: 'manual' as const, method: 'cash' as const, receiptNumber: `R-${session.id.slice(0, 6)}` }
      : { kind: 'token' as const, token: 'tms_7f3a' };
  if (!options.hold)
    return attemptPayment(deps, { ...common, type: 'sale', source, amountMinor, idempotencyKey: `sale:${session.id}:1` });
  const hold = await attemptPayment(deps, {
    ...common,
    type: 'authorization',
    source,
    amountMinor,
    idempotencyKey: `authorize:${session.id}`,
  });
  return attemptPayment(deps, {
    ...common,
    type: 'capture',
    amountMinor,
    parent: hold,
    idempotencyKey: `capture:${session.id}:1`,
  });
}

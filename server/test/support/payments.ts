import { eq } from 'drizzle-orm';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';
import { type GatewayKind, gatewayConfigs, paymentMethods, paymentSettings } from '../../src/db/schema/index.js';
import { encryptSecret, parseSecretKey } from '../../src/domain/secrets.js';
import { EventBus } from '../../src/live/bus.js';
import { type PaymentsDeps, attemptPayment } from '../../src/modules/payments/attempts.js';
import { GatewayRegistry } from '../../src/modules/payments/registry.js';
import { TEST_SECRETS_KEY } from './server.js';

export { TEST_SECRETS_KEY };
export const testSecrets = () => ({ current: parseSecretKey(TEST_SECRETS_KEY, 'TEST_SECRETS_KEY'), previous: [] });

/** A gateway configuration as an Admin would store it: credentials encrypted with the test servers' key. */
export async function gatewayConfig(
  db: Db,
  fields: {
    organizationId: string | null;
    gateway: GatewayKind;
    baseUrl?: string;
    credentials?: Record<string, string>;
  } & Partial<Omit<typeof gatewayConfigs.$inferInsert, 'credentialsCiphertext'>>,
) {
  const { credentials, ...rest } = fields;
  const [row] = await db
    .insert(gatewayConfigs)
    .values({
      label: `${fields.gateway} test merchant`,
      currencies: ['LKR'],
      ...rest,
      credentialsCiphertext: credentials ? encryptSecret(testSecrets(), JSON.stringify(credentials)) : null,
    })
    .returning();
  return row!;
}

/** A card on file for a token: the gateway's token only, with brand and last 4. */
export async function putCardOnFile(db: Db, idTokenId: string, gateway: GatewayKind, cardToken = 'tms_card_4242') {
  await db.delete(paymentMethods).where(eq(paymentMethods.idTokenId, idTokenId));
  await db
    .insert(paymentMethods)
    .values({ idTokenId, gateway, cardToken, cardBrand: 'visa', cardLast4: '4242', cardExpiry: '12/29' });
}

export async function setPreauth(db: Db, organizationId: string, preauthAmountMinor: bigint) {
  await db
    .insert(paymentSettings)
    .values({ organizationId, preauthAmountMinor })
    .onConflictDoUpdate({ target: paymentSettings.organizationId, set: { preauthAmountMinor } });
}

/** What moving money needs, on the test's database, with the test key and short gateway timeouts. */
export function testPaymentsDeps(db: Db): PaymentsDeps {
  const config = loadConfig({ JWT_SECRET: 'x'.repeat(40), SECRETS_KEY: TEST_SECRETS_KEY }, {});
  return { db, registry: new GatewayRegistry(testSecrets(), { timeoutMs: 300 }), config: config.payments, bus: new EventBus() };
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

import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';
import { type GatewayKind, gatewayConfigs, paymentMethods, paymentSettings } from '../../src/db/schema/index.js';
import { encryptSecret, parseSecretKey } from '../../src/domain/secrets.js';
import { TEST_SECRETS_KEY } from './server.js';

export const testSecrets = () => ({ current: parseSecretKey(TEST_SECRETS_KEY, 'TEST_SECRETS_KEY'), previous: [] });

/** A gateway configuration as an Admin would store it: credentials encrypted with the test servers' key. */
export async function makeGatewayConfig(
  db: Db,
  fields: { organizationId: string | null; gateway: GatewayKind; baseUrl: string; credentials: Record<string, string> } & Partial<
    typeof gatewayConfigs.$inferInsert
  >,
) {
  const { credentials, ...rest } = fields;
  const [row] = await db
    .insert(gatewayConfigs)
    .values({
      label: `${fields.gateway} test merchant`,
      currencies: ['LKR'],
      ...rest,
      credentialsCiphertext: encryptSecret(testSecrets(), JSON.stringify(credentials)),
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

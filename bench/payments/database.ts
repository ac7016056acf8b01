/**
 * The payments bench's network, added in bulk to a migrated bench database: priced organizations
 * (the worked example's taxes, commission and tariff, docs/finance.md §13), each with a CyberSource
 * configuration whose credentials are encrypted under the server's SECRETS_KEY and a hold amount;
 * chargers with a password each; one driver token per session, each with its own card on file.
 */
import { sql } from 'drizzle-orm';
import { hashChargerPassword } from '../../server/src/auth/charger-passwords.js';
import { openDatabase } from '../../server/src/db/client.js';
import { queryRows } from '../../server/src/db/rows.js';
import type { TariffElement } from '../../server/src/domain/finance/tariff.js';
import { encryptSecret } from '../../server/src/domain/secrets.js';
import { insertTariff } from '../../server/src/modules/tariffs/queries.js';
import { WORKED_EXAMPLE_ELEMENTS } from '../../server/test/support/pricing.js';
import type { PaymentCharger } from './protocol.js';

/** LKR 5,000.00: above any bench session's gross, so each session is one hold and one capture. */
export const PREAUTH_MINOR = 500_000n;

export const paymentIdentityOf = (i: number) => `PAY-${String(i + 1).padStart(6, '0')}`;
export const tokenOf = (i: number) => `PAYTOK-${String(i + 1).padStart(6, '0')}`;

export interface PaymentNetwork {
  organizations: number;
  chargers: PaymentCharger[];
  sessions: number;
  gatewayUrl: string;
  credentials: Record<string, string>;
  secretsKey: Buffer;
}

/** Seeds the network; returns the token values per organization (token i belongs to organization i mod n). */
export async function seedPaymentNetwork(url: string, network: PaymentNetwork): Promise<string[][]> {
  const { db, close } = await openDatabase({ databaseUrl: url, dataDir: '.', poolSize: 2 });
  const tokens: string[][] = Array.from({ length: network.organizations }, () => []);
  try {
    for (let o = 0; o < network.organizations; o++) {
      const [org] = await queryRows<{ id: string }>(
        db,
        sql`INSERT INTO organizations (name, currency, time_zone, taxes, energy_cost_per_kwh, gateway_charges)
          VALUES (${`Bench payments CPO ${o + 1}`}, 'LKR', 'Asia/Colombo',
            ${JSON.stringify([
              { name: 'SSCL', rate: '0.025', compound: false },
              { name: 'VAT', rate: '0.18', compound: true },
            ])}::jsonb, '45.00', ${JSON.stringify([{ gateway: 'cybersource', percent: '0.025', fixed: 0 }])}::jsonb)
          RETURNING id`,
      );
      const orgId = org!.id;
      await db.execute(sql`INSERT INTO commission_contracts (organization_id, name, kind, percent, effective_from)
        VALUES (${orgId}, 'Platform 10 %', 'percent_of_net', '0.10', '2020-01-01')`);
      const [site] = await queryRows<{ id: string }>(
        db,
        sql`INSERT INTO sites (organization_id, name, time_zone, latitude, longitude)
          VALUES (${orgId}, ${`Bench payments site ${o + 1}`}, 'Asia/Colombo', '6.93', '79.85') RETURNING id`,
      );
      await insertTariff(db, {
        organizationId: orgId,
        name: 'Peak / off-peak',
        currency: 'LKR',
        elements: WORKED_EXAMPLE_ELEMENTS as TariffElement[],
        validFrom: new Date('2020-01-01T00:00:00Z'),
      });
      await db.execute(
        sql`INSERT INTO payment_settings (organization_id, preauth_amount_minor) VALUES (${orgId}, ${PREAUTH_MINOR})`,
      );
      // The merchant's agreed request rate with the gateway: well above the offered load, so the
      // token bucket (default 20/s) does not stand in for the gateway's capacity.
      await db.execute(sql`INSERT INTO gateway_configs (organization_id, gateway, label, base_url, credentials_ciphertext, currencies, rate_limit_per_second)
        VALUES (${orgId}, 'cybersource', 'CyberSource bench merchant', ${network.gatewayUrl},
          ${encryptSecret({ current: network.secretsKey, previous: [] }, JSON.stringify(network.credentials))}, '["LKR"]'::jsonb, 500)`);
      const mine = network.chargers.filter((c) => c.organization === o);
      await db.execute(sql`INSERT INTO chargers (organization_id, site_id, ocpp_identity, name, ocpp_password_hash)
        SELECT ${orgId}, ${site!.id}, i, 'Bench payments charger ' || i, h
        FROM unnest(${sql.param(mine.map((c) => c.identity))}::text[], ${sql.param(mine.map((c) => hashChargerPassword(c.password)))}::text[]) AS p(i, h)`);
      await db.execute(sql`INSERT INTO connectors (charger_id, connector_id, type, max_power_kw)
        SELECT id, 1, 'CCS2', '50' FROM chargers WHERE organization_id = ${orgId}`);
      const values: string[] = [];
      for (let i = o; i < network.sessions; i += network.organizations) values.push(tokenOf(i));
      tokens[o] = values;
      // One card per driver: its own gateway token, brand and last 4.
      await db.execute(sql`WITH t AS (
          INSERT INTO id_tokens (organization_id, token, kind)
          SELECT ${orgId}, v, 'rfid' FROM unnest(${sql.param(values)}::text[]) AS v RETURNING id, token)
        INSERT INTO payment_methods (id_token_id, gateway, card_token, card_brand, card_last4, card_expiry)
        SELECT id, 'cybersource', 'tms_' || lower(token), 'visa', lpad((abs(hashtext(token)) % 10000)::text, 4, '0'), '12/29' FROM t`);
    }
  } finally {
    await close();
  }
  return tokens;
}

/**
 * Bench-only instrumentation: every change of a session's payment_status, with the database's clock
 * at that moment (inside the changing transaction, a few ms before its commit).
 */
export async function watchPaymentStatus(url: string): Promise<void> {
  const { db, close } = await openDatabase({ databaseUrl: url, dataDir: '.', poolSize: 1 });
  try {
    await db.execute(sql`CREATE TABLE bench_payment_status (session_id uuid NOT NULL, status text, at timestamptz NOT NULL)`);
    await db.execute(sql`CREATE FUNCTION bench_payment_status() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.payment_status IS DISTINCT FROM OLD.payment_status THEN
          INSERT INTO bench_payment_status VALUES (NEW.id, NEW.payment_status, clock_timestamp());
        END IF;
        RETURN NEW;
      END $$`);
    await db.execute(sql`CREATE TRIGGER bench_payment_status AFTER UPDATE OF payment_status ON charging_sessions
      FOR EACH ROW EXECUTE FUNCTION bench_payment_status()`);
  } finally {
    await close();
  }
}

import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.js';
import { queryRows } from '../db/rows.js';
import {
  chargers,
  commissionContracts,
  connectors,
  customRoles,
  idTokens,
  organizations,
  siteLoadManagement,
  gridFeeds,
  sites,
  users,
} from '../db/schema/index.js';
import { hashChargerPassword } from '../auth/charger-passwords.js';
import { hashPassword } from '../auth/passwords.js';
import { recordAudit } from '../modules/audit/service.js';
import { seedDemoHistory } from './demo-history.js';
import { seedDemoTariffs } from './demo-tariffs.js';
import { seedDemoPayments } from './demo-payments.js';
import { seedDemoWallets } from './demo-wallets.js';
import {
  DEMO_CHARGER_IDENTITIES,
  DEMO_ID_TOKENS_PER_ORGANIZATION,
  DEMO_OCPP_PASSWORD,
  DEMO_ORGANIZATIONS,
  DEMO_PASSWORD,
  DEMO_USERS,
  DEMO_VENDORS,
} from './demo-data.js';

export { DEMO_CREDENTIALS } from './demo-data.js';

/** Any fixed number: the advisory lock every instance takes while loading the demo network. */
const DEMO_SEED_LOCK = 7_240_612;

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM organizations) AS n`,
  );
  return Number(row?.n ?? 0) === 0;
}

export async function hasDemoUsers(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM users WHERE email = ${DEMO_USERS[0]!.email}`,
  );
  return Number(row?.n ?? 0) > 0;
}

/**
 * The demo network is there (or part of it: a demo login or a demo charger identity is taken). It is
 * loaded in one transaction, so any of them means all of it; loading it again would only collide.
 */
export async function hasDemoNetwork(db: Executor): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`SELECT (SELECT count(*) FROM users WHERE email IN (${sql.join(
      DEMO_USERS.map((u) => sql`${u.email}`),
      sql`, `,
    )}))
      + (SELECT count(*) FROM chargers WHERE retired_at IS NULL AND lower(ocpp_identity) IN (${sql.join(
        DEMO_CHARGER_IDENTITIES.map((id) => sql`${id.toLowerCase()}`),
        sql`, `,
      )})) AS n`,
  );
  return Number(row?.n ?? 0) > 0;
}

/**
 * Loads the demo network in one transaction: organizations, sites, 40+ chargers, one user per role.
 * Idempotent: returns false, changing nothing, when the demo network is already there.
 */
export async function seedDemo(db: Db, options: { bcryptCost: number }): Promise<boolean> {
  if (await hasDemoNetwork(db)) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD, options.bcryptCost);
  // The published demo password, in the charger format (docs/decisions/0002-charger-password-hashing.md).
  const ocppPasswordHash = hashChargerPassword(DEMO_OCPP_PASSWORD);
  const loaded = await db.transaction(async (tx) => {
    // Two instances starting at once with DEMO_DATA=always: the second waits here, then finds the network.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${DEMO_SEED_LOCK})`);
    if (await hasDemoNetwork(tx)) return false;
    const orgIds = new Map<string, string>();
    const siteIds: string[] = [];
    const chargerIdsByOrg = new Map<string, string[]>();
    for (const demo of DEMO_ORGANIZATIONS) {
      const [org] = await tx
        .insert(organizations)
        .values({
          name: demo.name,
          parentId: demo.parent ? orgIds.get(demo.parent)! : null,
          currency: demo.currency,
          timeZone: demo.timeZone,
          addressLine: demo.addressLine,
          city: demo.city,
          country: demo.country,
          contactEmail: `finance@${demo.key}.demo`,
          billingCycle: 'monthly',
          billingDay: 1,
          paymentTermsDays: 30,
          taxes: demo.taxes,
          energyCostPerKwh: demo.energyCostPerKwh,
          gatewayCharges: [{ gateway: 'cybersource', percent: '0.025', fixed: 0 }],
        })
        .returning();
      orgIds.set(demo.key, org!.id);
      await seedDemoTariffs(tx, [org!]);
      await tx.insert(commissionContracts).values({
        organizationId: org!.id,
        name: 'Platform services 2026',
        kind: 'percent_of_net',
        percent: '0.10',
        effectiveFrom: '2026-01-01',
        effectiveTo: '2026-12-31',
      });
      const [feed] = demo.gridFeed
        ? await tx
            .insert(gridFeeds)
            .values({ organizationId: org!.id, name: demo.gridFeed, kind: 'simulated', settings: { seed: 1 } })
            .returning()
        : [];
      let chargerNo = 0;
      for (const demoSite of demo.sites) {
        const { chargers: count, prefix, short, loadLimitKw, ...siteFields } = demoSite;
        const [site] = await tx
          .insert(sites)
          .values({ ...siteFields, organizationId: org!.id, timeZone: demo.timeZone })
          .returning();
        siteIds.push(site!.id);
        if (loadLimitKw)
          await tx.insert(siteLoadManagement).values({
            siteId: site!.id,
            enabled: true,
            limitKw: loadLimitKw,
            ...(feed ? { gridFeedId: feed.id, gridAlertReductionPercent: 20, gridEmergencyReductionPercent: 50 } : {}),
          });
        for (let i = 1; i <= count; i++) {
          const hardware = DEMO_VENDORS[chargerNo++ % DEMO_VENDORS.length]!;
          const [charger] = await tx
            .insert(chargers)
            .values({
              organizationId: org!.id,
              siteId: site!.id,
              ocppIdentity: `${prefix}-${String(i).padStart(3, '0')}`,
              name: `${short} ${hardware.vendor} #${i}`,
              vendor: hardware.vendor,
              model: hardware.model,
              serialNumber: `${hardware.vendor.slice(0, 3).toUpperCase()}${(100000 + chargerNo * 7919).toString()}`,
              firmwareVersion: '1.4.2',
              ocppPasswordHash,
              adminStatus: i === count && count > 4 ? 'maintenance' : 'active',
              visible: !(i === 2 && prefix === 'DE-HHC'),
            })
            .returning();
          const ids = chargerIdsByOrg.get(demo.key) ?? [];
          ids.push(charger!.id);
          chargerIdsByOrg.set(demo.key, ids);
          const connectorCount = hardware.connector === 'Type2' ? 2 : 1;
          for (let c = 1; c <= connectorCount; c++) {
            await tx
              .insert(connectors)
              .values({ chargerId: charger!.id, evseId: c, connectorId: c, type: hardware.connector, maxPowerKw: hardware.kw });
          }
        }
      }
    }
    const lanka = orgIds.get('lanka')!;
    const lankaSites = await tx
      .select({ id: sites.id })
      .from(sites)
      .where(sql`${sites.organizationId} = ${lanka}`)
      .orderBy(sites.name);
    const [facilityRole] = await tx
      .insert(customRoles)
      .values({
        organizationId: lanka,
        name: 'Facility manager',
        description: 'Watches the chargers of the Colombo and Kandy sites',
        permissions: ['sites:read', 'chargers:read', 'monitoring:read', 'alerts:read'],
        siteIds: lankaSites.slice(0, 2).map((s) => s.id),
      })
      .returning();
    for (const demoUser of DEMO_USERS) {
      const [user] = await tx
        .insert(users)
        .values({
          email: demoUser.email,
          name: demoUser.name,
          passwordHash,
          role: demoUser.role,
          organizationId: demoUser.organization ? orgIds.get(demoUser.organization)! : null,
          customRoleId: demoUser.role === 'custom' ? facilityRole!.id : null,
        })
        .returning();
      if (demoUser.role === 'location_owner') {
        // The location owner hosts the first three LankaCharge chargers for a 5 % share.
        const hosted = chargerIdsByOrg.get('lanka')!.slice(0, 3);
        await tx
          .update(chargers)
          .set({ locationOwnerId: user!.id, locationOwnerShare: '0.05' })
          .where(
            sql`${chargers.id} IN (${sql.join(
              hosted.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`,
          );
      }
    }
    await ensureDemoIdTokens(tx);
    await recordAudit(
      tx,
      { actorId: null, actorEmail: 'system:seed', requestId: null },
      {
        entityType: 'platform',
        entityId: 'demo',
        action: 'seed_demo',
        organizationId: null,
        after: {
          organizations: orgIds.size,
          sites: siteIds.length,
          chargers: [...chargerIdsByOrg.values()].flat().length,
          users: DEMO_USERS.length,
        },
      },
    );
    return true;
  });
  // Settled after the network is committed: each settlement is its own transaction.
  if (loaded) {
    await seedDemoHistory(db);
    await seedDemoWallets(db);
    await seedDemoPayments(db);
  }
  return loaded;
}

/** The demo organizations without a parent get a few RFID cards, unless they already have ID tokens. */
export async function ensureDemoIdTokens(db: Executor): Promise<void> {
  for (const demo of DEMO_ORGANIZATIONS.filter((o) => !o.parent)) {
    const [org] = await db
      .select({ id: organizations.id })
      .from(organizations)
      .where(sql`${organizations.name} = ${demo.name}`);
    if (!org) continue;
    const [existing] = await db
      .select({ id: idTokens.id })
      .from(idTokens)
      .where(sql`${idTokens.organizationId} = ${org.id}`)
      .limit(1);
    if (existing) continue;
    await db.insert(idTokens).values(
      Array.from({ length: DEMO_ID_TOKENS_PER_ORGANIZATION }, (_, i) => ({
        organizationId: org.id,
        token: `${demo.key.toUpperCase()}-RFID-${String(i + 1).padStart(3, '0')}`,
        kind: 'rfid' as const,
        label: `Demo card ${i + 1}`,
      })),
    );
  }
}

/** Demo chargers (by identity) that may connect: not retired, not inactive, with an OCPP password. */
export async function demoChargersForSimulation(db: Db) {
  return queryRows<{
    identity: string;
    adminStatus: 'active' | 'maintenance' | 'inactive';
    passwordHash: string;
    connectors: number;
    /** Each connector's maximum power in kW, by connector number. */
    connectorKw: string[];
    tokens: string[];
  }>(
    db,
    sql`SELECT c.ocpp_identity AS identity, c.admin_status AS "adminStatus", c.ocpp_password_hash AS "passwordHash",
          (SELECT count(*)::int FROM connectors k WHERE k.charger_id = c.id) AS connectors,
          ARRAY(SELECT k.max_power_kw::text FROM connectors k WHERE k.charger_id = c.id ORDER BY k.connector_id) AS "connectorKw",
          ARRAY(SELECT t.token FROM id_tokens t JOIN organizations o ON o.id = c.organization_id
                WHERE t.organization_id IN (o.id, o.parent_id) AND t.status = 'active'
                  AND (t.expires_at IS NULL OR t.expires_at > now()) ORDER BY t.token) AS tokens
        FROM chargers c
        WHERE c.ocpp_identity IN (${sql.join(
          DEMO_CHARGER_IDENTITIES.map((id) => sql`${id}`),
          sql`, `,
        )})
          AND c.retired_at IS NULL AND c.admin_status <> 'inactive' AND c.ocpp_password_hash IS NOT NULL
        ORDER BY c.ocpp_identity`,
  );
}

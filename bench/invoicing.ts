/**
 * `npm run bench:invoicing [-- --organizations 500 --sessions 40]`: bulk invoicing at size on PostgreSQL.
 * Seeds N organizations with settled sessions (half in the period that just closed, half older), times one
 * bulk run generating their N drafts, then times rendering the N PDFs. Target: both together < 60 s.
 * Writes bench/results/invoicing-<timestamp>.json. `benchInvoicing()` is exported for bench/analytics.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import pg from 'pg';
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/client.js';
import { invoiceRuns } from '../server/src/db/schema/index.js';
import { executeRun, findRun } from '../server/src/modules/invoices/bulk-run.js';
import { invoiceDocument } from '../server/src/modules/invoices/document.js';
import { renderInvoicePdf } from '../server/src/modules/invoices/pdf.js';
import { findInvoice } from '../server/src/modules/invoices/queries.js';

const ZONE = 'Asia/Colombo';

export interface InvoicingBenchOptions {
  organizations?: number;
  /** Settled sessions per organization: half end in the period just closed, half before it. */
  sessionsPerOrganization?: number;
  databaseUrl?: string;
  log?: (line: string) => void;
}

export interface InvoicingBenchResult {
  benchmark: 'invoicing';
  at: string;
  organizations: number;
  sessionsPerOrganization: number;
  seedSeconds: number;
  run: { seconds: number; generated: number; skipped: number; failed: number; draftsPerSecond: number };
  pdf: { seconds: number; documents: number; perDocumentMs: number; bytesTotal: number };
  totalSeconds: number;
  targetSeconds: number;
  withinTarget: boolean;
}

/** One SQL statement per table: organizations billed weekly on today's weekday (their period closed at midnight). */
async function seed(db: Awaited<ReturnType<typeof openDatabase>>['db'], organizations: number, sessions: number) {
  const weekday = DateTime.now().setZone(ZONE).weekday;
  const periodStart = DateTime.now().setZone(ZONE).startOf('day').minus({ days: 7 });
  await db.execute(sql`
    INSERT INTO organizations (name, currency, time_zone, billing_cycle, billing_day, taxes, address_line, city, country, tax_id)
    SELECT 'Bench Org ' || lpad(g::text, 4, '0'), 'LKR', ${ZONE}, 'weekly', ${weekday},
      '[{"name":"SSCL","rate":"0.025","compound":false},{"name":"VAT","rate":"0.18","compound":true}]'::jsonb,
      g || ' Galle Road', 'Colombo', 'LK', 'TIN-' || g
    FROM generate_series(1, ${organizations}) g`);
  await db.execute(sql`
    INSERT INTO sites (organization_id, name, time_zone, latitude, longitude)
    SELECT id, name || ' Site', ${ZONE}, 6.9271, 79.8612 FROM organizations`);
  await db.execute(sql`
    INSERT INTO chargers (organization_id, site_id, ocpp_identity, name)
    SELECT s.organization_id, s.id, 'BENCH-' || row_number() OVER (), 'CH-1' FROM sites s`);
  // Session i of an organization ends i hours into the closed week (first half) or i hours before it.
  await db.execute(sql`
    INSERT INTO charging_sessions (organization_id, site_id, charger_id, protocol, transaction_id, connector_id, status,
      started_at, stopped_at, meter_start_wh, meter_stop_wh, energy_wh, last_activity_at, closed_by)
    SELECT c.organization_id, c.site_id, c.id, 'ocpp1.6', c.ocpp_identity || '-' || i, 1, 'completed',
      t - interval '1 hour', t, 0, 27500, 27500, t, 'charger'
    FROM chargers c, generate_series(1, ${sessions}) i,
      LATERAL (SELECT ${periodStart.toJSDate().toISOString()}::timestamptz
        + (CASE WHEN i <= ${Math.ceil(sessions / 2)} THEN i ELSE -i END) * interval '1 hour' AS t) tt`);
  // The worked example's per-session figures (docs/finance.md §13.1), as settlement stores them.
  await db.execute(sql`
    INSERT INTO session_settlements (session_id, organization_id, site_id, charger_id, currency, time_zone, started_at,
      stopped_at, energy_wh, lines, lines_total_minor, discount_minor, net_minor, tax_lines, tax_minor, gross_minor,
      payment_method, gateway, gateway_fee_minor, gateway_fee_bearer, platform_commission_minor,
      location_owner_commission_minor, partner_share_minor, energy_cost_minor, margin_minor)
    SELECT s.id, s.organization_id, s.site_id, s.charger_id, 'LKR', ${ZONE}, s.started_at, s.stopped_at, 27500,
      '[]'::jsonb, 293000, 0, 293000, '[]'::jsonb, 61384, 354384, 'cybersource', 'cybersource', 8860, 'organization',
      29300, 14650, 240190, 123750, 116440
    FROM charging_sessions s`);
}

export async function benchInvoicing(options: InvoicingBenchOptions = {}): Promise<InvoicingBenchResult> {
  const organizations = options.organizations ?? 500;
  const sessions = options.sessionsPerOrganization ?? 40;
  const log = options.log ?? (() => undefined);
  const base = options.databaseUrl ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `invoicing_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '.', poolSize: 10 });
  try {
    await database.migrate();
    const db = database.db;
    let started = performance.now();
    await seed(db, organizations, sessions);
    const seedSeconds = (performance.now() - started) / 1000;
    log(`seeded ${organizations} organizations × ${sessions} settled sessions in ${seedSeconds.toFixed(1)} s`);

    started = performance.now();
    const [run] = await db.insert(invoiceRuns).values({ trigger: 'manual' }).returning();
    await executeRun(db, run!.id, null);
    const runSeconds = (performance.now() - started) / 1000;
    const finished = (await findRun(db, run!.id))!;
    log(`bulk run: ${finished.generated} drafts in ${runSeconds.toFixed(1)} s (${finished.failed} failed)`);

    const issuer = loadConfig({}).invoiceIssuer;
    const ids = (await db.execute(sql`SELECT id FROM invoices ORDER BY id`)) as unknown as { rows: { id: string }[] };
    started = performance.now();
    let bytesTotal = 0;
    for (const { id } of ids.rows) {
      const listed = (await findInvoice(db, id, null))!;
      bytesTotal += (await renderInvoicePdf(await invoiceDocument(db, issuer, listed))).length;
    }
    const pdfSeconds = (performance.now() - started) / 1000;
    log(`rendered ${ids.rows.length} PDFs in ${pdfSeconds.toFixed(1)} s`);
    const totalSeconds = runSeconds + pdfSeconds;
    return {
      benchmark: 'invoicing',
      at: new Date().toISOString(),
      organizations,
      sessionsPerOrganization: sessions,
      seedSeconds: round(seedSeconds),
      run: {
        seconds: round(runSeconds),
        generated: finished.generated,
        skipped: finished.skipped,
        failed: finished.failed,
        draftsPerSecond: round(finished.generated / runSeconds),
      },
      pdf: {
        seconds: round(pdfSeconds),
        documents: ids.rows.length,
        perDocumentMs: round((pdfSeconds * 1000) / Math.max(1, ids.rows.length)),
        bytesTotal,
      },
      totalSeconds: round(totalSeconds),
      targetSeconds: 60,
      withinTarget: totalSeconds < 60,
    };
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      organizations: { type: 'string', default: '500' },
      sessions: { type: 'string', default: '40' },
      'database-url': { type: 'string' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const result = await benchInvoicing({
    organizations: Number(values.organizations),
    sessionsPerOrganization: Number(values.sessions),
    ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
    log: (line) => console.log(`[bench invoicing] ${line}`),
  });
  console.log(JSON.stringify(result, null, 2));
  if (!values['no-write']) {
    const dir = fileURLToPath(new URL('./results', import.meta.url));
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `invoicing-${result.at.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
}

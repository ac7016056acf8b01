/**
 * `npx tsx bench/alerts/profile-periodic.ts [chargers]`: the periodic alert rules timed one by one over
 * a fresh bench database with that many chargers (10,000), all online with one connector each and a
 * tenth of the connectors charging — the quiet network the rules see most of the time. A diagnostic
 * for bench:alerts' periodic figure; prints each rule's time.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../server/src/db/client.js';
import { EventBus } from '../../server/src/live/bus.js';
import { runPeriodicRules } from '../../server/src/modules/alerts/checks.js';
import { chargerPasswords, createBenchDatabase, seedChargers } from '../ocpp/database.js';

const count = Number(process.argv[2] ?? 10_000);
const bench = await createBenchDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
try {
  const database = await openDatabase({ databaseUrl: bench.url, dataDir: '.', poolSize: 2 });
  await database.migrate();
  await seedChargers(bench.url, chargerPasswords(count), 'BENCH-TAG');
  await database.db
    .execute(sql`INSERT INTO charger_connections (charger_id, online, protocol, registration_status, heartbeat_interval_seconds,
      last_message_at, connected_at, last_boot_at)
    SELECT id, true, 'ocpp1.6', 'Accepted', 60, now(), now(), now() FROM chargers`);
  await database.db.execute(sql`INSERT INTO connector_statuses (charger_id, evse_id, connector_id, status, error_code, at)
    SELECT id, 1, 1, CASE WHEN random() < 0.1 THEN 'Charging' ELSE 'Available' END, 'NoError', now() - interval '2 hours' FROM chargers`);
  await database.db.execute(sql`ANALYZE`);
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const figures = await runPeriodicRules({ db: database.db, bus: new EventBus() });
    console.log(`run ${i + 1}: ${Math.round(performance.now() - started)} ms ${JSON.stringify(figures)}`);
  }
  await database.close();
} finally {
  await bench.drop();
}

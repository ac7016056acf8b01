import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { DEFAULT_GRID_THRESHOLDS, type GridThresholds, thresholdProblems } from '../../domain/grid-health.js';
import { bucketSecondsFor } from '../../domain/time-buckets.js';
import { type Scope, assertWholeOrganization, canReachOrganization } from '../../domain/scope.js';
import { type SecretKeys, encryptSecret } from '../../domain/secrets.js';
import { AppError, notFound } from '../../errors.js';
import { type AuditContext, recordAudit } from '../audit/service.js';
import { type FeedRow, type FeedSqlRow, feedOf, loadFeeds } from './feed-store.js';
import type { GridMonitor } from './monitor.js';
import { readingJson } from './reading-json.js';
import type { CreateFeedInput, UpdateFeedInput } from './schemas.js';

const invalid = (field: string, message: string) => new AppError('GRID_FEED_INVALID', message, { field });

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** What the settings must hold for each kind of feed; the thresholds merged over the defaults and checked. */
function checked(input: UpdateFeedInput): { thresholds: GridThresholds; settings: Record<string, unknown> } {
  const s = input.settings;
  if (input.kind === 'mqtt') {
    if (!s.url || !/^(mqtts?|wss?):\/\/[^\s/]+/.test(s.url))
      throw invalid('settings.url', 'An MQTT feed needs a broker URL such as mqtt://broker.example:1883');
    if (!s.topic) throw invalid('settings.topic', 'An MQTT feed needs a topic to subscribe to');
  }
  if (input.kind === 'http' && (!s.url || !/^https?:\/\/[^\s/]+/.test(s.url)))
    throw invalid('settings.url', 'An HTTP feed needs the http:// or https:// address of a JSON endpoint');
  const settings: Record<string, unknown> =
    input.kind === 'mqtt'
      ? { url: s.url, topic: s.topic, ...(s.username ? { username: s.username } : {}) }
      : input.kind === 'http'
        ? { url: s.url, pollSeconds: s.pollSeconds ?? 15 }
        : { seed: s.seed ?? 1 };
  const thresholds = { ...DEFAULT_GRID_THRESHOLDS, ...(input.thresholds ?? {}) };
  const problems = thresholdProblems(thresholds);
  if (problems.length) throw invalid('thresholds', `The thresholds do not fit together: ${problems.join('; ')}`);
  const stale = input.staleAfterSeconds ?? 30;
  if (input.kind === 'http' && stale <= Number(settings.pollSeconds))
    throw invalid(
      'staleAfterSeconds',
      `A feed polled every ${String(settings.pollSeconds)} s cannot be stale after ${stale} s: give it longer`,
    );
  return { thresholds, settings };
}

function sealed(secrets: SecretKeys | null, secret: string | null | undefined): string | null | undefined {
  if (secret === undefined || secret === null) return secret;
  if (!secrets)
    throw new AppError(
      'SECRETS_KEY_MISSING',
      'A feed’s password cannot be stored: the server has no SECRETS_KEY (see docs/configuration.md)',
    );
  return encryptSecret(secrets, secret);
}

/** The feeds in scope, each with its health, link and latest reading as this instance's monitor knows them. */
export async function listFeeds(db: Db, monitor: GridMonitor | undefined, scope: Scope, feedId?: string) {
  const orgs = scope.organizationIds;
  const rows = await queryRows<
    FeedSqlRow & {
      organization_name: string;
      time_zone: string;
      bad_readings: number;
      sites: { id: string; name: string }[] | null;
    }
  >(
    db,
    sql`SELECT f.*, o.name AS organization_name, o.time_zone,
               (SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.name)
                  FROM site_load_management m JOIN sites s ON s.id = m.site_id WHERE m.grid_feed_id = f.id) AS sites
        FROM grid_feeds f JOIN organizations o ON o.id = f.organization_id
        WHERE ${
          orgs === null
            ? sql`true`
            : orgs.length
              ? sql`f.organization_id IN (${sql.join(
                  orgs.map((o) => sql`${o}`),
                  sql`, `,
                )})`
              : sql`false`
        }
          ${feedId === undefined ? sql`` : sql`AND f.id = ${feedId}`}
        ORDER BY o.name, f.name`,
  );
  return rows.map((row) => {
    const feed = feedOf(row);
    const live = feed.enabled ? monitor?.status(feed.id) : null;
    return {
      id: feed.id,
      organizationId: feed.organizationId,
      organizationName: row.organization_name,
      timeZone: row.time_zone,
      name: feed.name,
      kind: feed.kind,
      enabled: feed.enabled,
      settings: feed.settings,
      mapping: feed.mapping,
      hasSecret: feed.secretCiphertext !== null,
      thresholds: feed.thresholds,
      staleAfterSeconds: feed.staleAfterSeconds,
      health: live?.health ?? feed.health,
      healthSince: (live?.healthSince ?? feed.healthSince).toISOString(),
      healthReason: live?.healthReason ?? feed.healthReason,
      link: feed.enabled ? (live?.link ?? 'connecting') : ('off' as const),
      linkError: live?.linkError ?? null,
      lastReadingAt: iso(live?.lastReadingAt ?? feed.lastReadingAt),
      badReadings: row.bad_readings,
      latest: live?.latest ? readingJson(live.latest) : null,
      sites: row.sites ?? [],
    };
  });
}

export async function feedDetail(db: Db, monitor: GridMonitor | undefined, scope: Scope, feedId: string) {
  const [feed] = await listFeeds(db, monitor, scope, feedId);
  if (!feed) throw notFound('Grid feed');
  const history = await queryRows<{
    at: Date;
    health: 'normal' | 'alert' | 'emergency';
    previous: 'normal' | 'alert' | 'emergency';
    reason: string;
  }>(db, sql`SELECT at, health, previous, reason FROM grid_health_changes WHERE feed_id = ${feedId} ORDER BY at DESC LIMIT 50`);
  const bad = await queryRows<{ at: Date; reason: string; raw: string }>(
    db,
    sql`SELECT at, reason, raw FROM grid_bad_readings WHERE feed_id = ${feedId} ORDER BY at DESC, id DESC LIMIT 20`,
  );
  return {
    feed,
    healthHistory: history.map((h) => ({ ...h, at: iso(h.at)! })),
    recentBadReadings: bad.map((b) => ({ ...b, at: iso(b.at)! })),
  };
}

async function feedInScope(db: Db, scope: Scope, feedId: string): Promise<FeedRow> {
  const [feed] = await loadFeeds(db, feedId);
  if (!feed || !canReachOrganization(scope, feed.organizationId)) throw notFound('Grid feed');
  return feed;
}

const auditable = (f: {
  name: string;
  kind: string;
  enabled: boolean;
  settings: unknown;
  mapping: unknown;
  thresholds: unknown;
  staleAfterSeconds: number;
}) => ({
  name: f.name,
  kind: f.kind,
  enabled: f.enabled,
  settings: f.settings,
  mapping: f.mapping,
  thresholds: f.thresholds,
  staleAfterSeconds: f.staleAfterSeconds,
});

export async function createFeed(db: Db, secrets: SecretKeys | null, audit: AuditContext, scope: Scope, input: CreateFeedInput) {
  assertWholeOrganization(scope, 'Grid feeds');
  if (!canReachOrganization(scope, input.organizationId)) throw notFound('Organization');
  const { thresholds, settings } = checked(input);
  const secret = sealed(secrets, input.secret);
  const stale = input.staleAfterSeconds ?? 30;
  return db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`INSERT INTO grid_feeds (organization_id, name, kind, enabled, settings, mapping, secret_ciphertext, thresholds,
                                  stale_after_seconds, updated_by)
          VALUES (${input.organizationId}, ${input.name}, ${input.kind}, ${input.enabled}, ${JSON.stringify(settings)}::jsonb,
                  ${JSON.stringify(input.mapping ?? {})}::jsonb, ${secret ?? null}, ${JSON.stringify(thresholds)}::jsonb,
                  ${stale}, ${audit.actorId})
          RETURNING id`,
    );
    await recordAudit(tx, audit, {
      entityType: 'grid-feed',
      entityId: row!.id,
      action: 'grid-feed.create',
      organizationId: input.organizationId,
      after: auditable({ ...input, settings, thresholds, mapping: input.mapping ?? {}, staleAfterSeconds: stale }),
    });
    return row!.id;
  });
}

export async function updateFeed(
  db: Db,
  secrets: SecretKeys | null,
  audit: AuditContext,
  scope: Scope,
  feedId: string,
  input: UpdateFeedInput,
): Promise<void> {
  assertWholeOrganization(scope, 'Grid feeds');
  const before = await feedInScope(db, scope, feedId);
  const { thresholds, settings } = checked(input);
  const secret = sealed(secrets, input.secret);
  const stale = input.staleAfterSeconds ?? before.staleAfterSeconds;
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`UPDATE grid_feeds SET name = ${input.name}, kind = ${input.kind}, enabled = ${input.enabled},
            settings = ${JSON.stringify(settings)}::jsonb, mapping = ${JSON.stringify(input.mapping ?? {})}::jsonb,
            ${secret === undefined ? sql`` : sql`secret_ciphertext = ${secret},`}
            thresholds = ${JSON.stringify(thresholds)}::jsonb, stale_after_seconds = ${stale},
            updated_at = now(), updated_by = ${audit.actorId}
          WHERE id = ${feedId}`,
    );
    await recordAudit(tx, audit, {
      entityType: 'grid-feed',
      entityId: feedId,
      action: 'grid-feed.update',
      organizationId: before.organizationId,
      before: auditable(before),
      after: auditable({ ...input, settings, thresholds, mapping: input.mapping ?? {}, staleAfterSeconds: stale }),
    });
  });
}

export async function deleteFeed(db: Db, audit: AuditContext, scope: Scope, feedId: string): Promise<void> {
  assertWholeOrganization(scope, 'Grid feeds');
  const before = await feedInScope(db, scope, feedId);
  await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM grid_feeds WHERE id = ${feedId}`);
    await recordAudit(tx, audit, {
      entityType: 'grid-feed',
      entityId: feedId,
      action: 'grid-feed.delete',
      organizationId: before.organizationId,
      before: auditable(before),
    });
  });
}

/** Longest range one request may read. */
const MAX_RANGE_DAYS = 400;
/** About this many points at most: longer ranges are averaged into buckets. */
const MAX_POINTS = 720;
/** Up to this long (an hour, and a minute for the clock of whoever asks) the readings themselves are sent. */
const RAW_SECONDS = 3_660;

/** A feed's readings over a range (default the last hour), averaged into buckets when there would be too many. */
export async function feedReadings(db: Db, scope: Scope, feedId: string, query: { from?: string; to?: string }) {
  await feedInScope(db, scope, feedId);
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 3_600_000);
  if (!(from < to)) throw new AppError('DATE_RANGE_INVALID', '`from` must be before `to`');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000)
    throw new AppError('DATE_RANGE_INVALID', `A range of at most ${MAX_RANGE_DAYS} days can be read at once`);
  const seconds = (to.getTime() - from.getTime()) / 1000;
  // The readings themselves up to an hour of 5-second readings; beyond, the smallest bucket a chart reads well.
  const bucket = seconds <= RAW_SECONDS ? 0 : bucketSecondsFor(seconds, MAX_POINTS);
  const num = (v: string | null) => (v === null ? null : Number(v));
  type Row = {
    at: Date;
    frequency_hz: string | null;
    min_frequency_hz: string | null;
    demand_mw: string | null;
    generation_mw: string | null;
    reserve_margin_percent: string | null;
    renewable_percent: string | null;
    carbon_g_per_kwh: string | null;
  };
  const range = sql`feed_id = ${feedId} AND at >= ${from.toISOString()} AND at < ${to.toISOString()}`;
  const rows =
    bucket === 0
      ? await queryRows<Row>(
          db,
          sql`SELECT at, frequency_hz, frequency_hz AS min_frequency_hz, demand_mw, generation_mw, reserve_margin_percent,
                     renewable_percent, carbon_g_per_kwh
              FROM grid_readings WHERE ${range} ORDER BY at`,
        )
      : await queryRows<Row>(
          db,
          sql`SELECT to_timestamp(floor(extract(epoch FROM at) / ${bucket}) * ${bucket}) AS at,
                     round(avg(frequency_hz), 3) AS frequency_hz, min(frequency_hz) AS min_frequency_hz,
                     round(avg(demand_mw), 1) AS demand_mw, round(avg(generation_mw), 1) AS generation_mw,
                     round(avg(reserve_margin_percent), 2) AS reserve_margin_percent,
                     round(avg(renewable_percent), 2) AS renewable_percent, round(avg(carbon_g_per_kwh), 1) AS carbon_g_per_kwh
              FROM grid_readings WHERE ${range} GROUP BY 1 ORDER BY 1`,
        );
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucketSeconds: bucket,
    points: rows.map((r) => ({
      at: iso(r.at)!,
      frequencyHz: num(r.frequency_hz),
      minFrequencyHz: num(r.min_frequency_hz),
      demandMw: num(r.demand_mw),
      generationMw: num(r.generation_mw),
      reserveMarginPercent: num(r.reserve_margin_percent),
      renewablePercent: num(r.renewable_percent),
      carbonGPerKwh: num(r.carbon_g_per_kwh),
    })),
  };
}

import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { organizations, sites } from '../../db/schema/index.js';
import { priceSession } from '../../domain/finance/price-session.js';
import type { MeterReading } from '../../domain/finance/session-timeline.js';
import { resolveTariff } from '../../domain/finance/tariff-assignment.js';
import { applyTaxes, type TaxRule } from '../../domain/finance/tax.js';
import type { EstimatedCost } from '../../live/bus.js';
import { organizationTariffs, type TariffRow } from '../tariffs/queries.js';
import type { SessionRow } from './session-queries.js';

/** What pricing one session needs, looked up once when the session is first seen. */
interface Pricing {
  tariff: TariffRow;
  timeZone: string;
  taxes: TaxRule[];
  /** Cumulative energy since the start (what priceSession takes), one point per register reading seen. */
  readings: MeterReading[];
  computedAt: number;
  estimate: EstimatedCost | null;
}

/** Recomputed at most this often per session; between times the last estimate is repeated. */
const RECOMPUTE_MS = 3000;
const MAX_SESSIONS = 50_000;
const MAX_READINGS = 500;

/**
 * The estimated cost carried by `session.updated`: the session's tariff (docs/finance.md §2, the one
 * settlement would pick) applied to the readings so far, plus the organization's taxes. The tariff,
 * taxes and time zone are read once per session (two queries, in parallel for a batch, never per
 * message); the readings are the session's own figures as they pass by, kept in memory.
 * An estimate only: settlement re-prices from the stored samples at the stop.
 */
export class CostEstimator {
  private readonly sessions = new Map<string, Pricing | null>();
  private readonly loading = new Map<string, Promise<void>>();

  constructor(private readonly db: Db) {}

  /** Looks up the pricing of the sessions not seen yet (once per session). */
  async prepare(rows: readonly SessionRow[]): Promise<void> {
    const missing = rows.filter((r) => r.status === 'active' && !this.sessions.has(r.id));
    await Promise.all(missing.map((row) => this.load(row)));
  }

  private load(row: SessionRow): Promise<void> {
    let loading = this.loading.get(row.id);
    if (!loading) {
      loading = this.lookup(row)
        .catch(() => null)
        .then((pricing) => {
          if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
          this.sessions.set(row.id, pricing);
        })
        .finally(() => this.loading.delete(row.id));
      this.loading.set(row.id, loading);
    }
    return loading;
  }

  /**
   * An organization's tariffs and a site's time zone and taxes, shared by the sessions starting
   * within LOOKUP_TTL_MS: a fleet starting at once costs two queries per organization, not per session.
   */
  private readonly tariffs = new Memo((organizationId: string) => organizationTariffs(this.db, organizationId));
  private readonly places = new Memo(async (key: string) => {
    const [organizationId, siteId] = key.split('/') as [string, string];
    const [place] = await this.db
      .select({ timeZone: sites.timeZone, taxes: organizations.taxes, currency: organizations.currency })
      .from(sites)
      .innerJoin(organizations, eq(organizations.id, organizationId))
      .where(eq(sites.id, siteId));
    return place;
  });

  private async lookup(row: SessionRow): Promise<Pricing | null> {
    const [candidates, place] = await Promise.all([
      this.tariffs.get(row.organizationId),
      this.places.get(`${row.organizationId}/${row.siteId}`),
    ]);
    const tariff = resolveTariff(
      candidates,
      { organizationId: row.organizationId, siteId: row.siteId, chargerId: row.chargerId, connectorId: row.connectorId },
      row.startedAt,
    );
    if (!tariff || !place || tariff.currency !== place.currency) return null;
    return {
      tariff,
      timeZone: place.timeZone,
      taxes: place.taxes as TaxRule[],
      readings: [{ at: row.startedAt, wh: 0 }],
      computedAt: 0,
      estimate: null,
    };
  }

  /** The estimate after this update, or null when the session has no tariff (or was not prepared). */
  estimate(row: SessionRow, now = Date.now()): EstimatedCost | null {
    const pricing = this.sessions.get(row.id);
    if (!pricing) return null;
    if (row.lastRegisterAt) addReading(pricing.readings, { at: row.lastRegisterAt, wh: row.energyWh });
    if (pricing.estimate && now - pricing.computedAt < RECOMPUTE_MS) return pricing.estimate;
    try {
      const last = pricing.readings.at(-1)!.at;
      const endedAt = new Date(Math.max(now, last.getTime()));
      const priced = priceSession(pricing.tariff, pricing.readings, { timeZone: pricing.timeZone, endedAt });
      const taxed = applyTaxes(priced.netMinor, pricing.taxes);
      pricing.estimate = { currency: priced.currency, netMinor: Number(taxed.netMinor), grossMinor: Number(taxed.grossMinor) };
    } catch {
      pricing.estimate = null;
    }
    pricing.computedAt = now;
    return pricing.estimate;
  }

  /** A stopped session is settled from its stored samples; its estimate is no longer needed. */
  forget(sessionId: string): void {
    this.sessions.delete(sessionId);
  }
}

const LOOKUP_TTL_MS = 2000;

/** Results by key for LOOKUP_TTL_MS, the lookup under way shared; a failed lookup is not kept. */
class Memo<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(private readonly lookup: (key: string) => Promise<T>) {}

  get(key: string): Promise<T> {
    const now = Date.now();
    const found = this.entries.get(key);
    if (found && now - found.at < LOOKUP_TTL_MS) return found.value;
    if (this.entries.size > 10_000) this.entries.clear();
    const value = this.lookup(key);
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }
}

/** Readings stay in time order and bounded: a long session keeps every other older point. */
function addReading(readings: MeterReading[], reading: MeterReading): void {
  const last = readings.at(-1)!;
  if (reading.at.getTime() < last.at.getTime()) return;
  if (reading.at.getTime() === last.at.getTime()) {
    last.wh = Math.max(last.wh, reading.wh);
    return;
  }
  readings.push({ at: reading.at, wh: Math.max(last.wh, reading.wh) });
  if (readings.length > MAX_READINGS) {
    const kept = readings.filter((_, i) => i === 0 || i % 2 === 1 || i === readings.length - 1);
    readings.splice(0, readings.length, ...kept);
  }
}

const estimators = new WeakMap<Db, CostEstimator>();

export function costEstimatorOf(db: Db): CostEstimator {
  let estimator = estimators.get(db);
  if (!estimator) estimators.set(db, (estimator = new CostEstimator(db)));
  return estimator;
}

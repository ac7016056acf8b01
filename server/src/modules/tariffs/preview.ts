import { DateTime } from 'luxon';
import type { Db } from '../../db/client.js';
import { type PricedLine, priceSession } from '../../domain/finance/price-session.js';
import type { TaxLine } from '../../domain/finance/tax.js';
import { applyTaxes } from '../../domain/finance/tax.js';
import type { TariffElement } from '../../domain/finance/tariff.js';
import { assertTimeZone } from '../../domain/organization-rules.js';
import { type Scope, canReachCharger, canReachOrganization, canReachSite } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import { organizationPricing, previewPlace } from './queries.js';
import type { PreviewInput } from './schemas.js';
import { getTariff } from './service.js';

export const presentLine = (line: PricedLine) => ({
  elementIndex: line.elementIndex,
  type: line.type,
  unitPrice: line.unitPrice,
  quantity: line.quantity.toFixed(4),
  amountMinor: Number(line.amountMinor),
});

export const presentTaxLine = (tax: TaxLine) => ({
  name: tax.name,
  rate: tax.rate.toFixed(),
  compound: tax.compound,
  baseMinor: Number(tax.baseMinor),
  amountMinor: Number(tax.amountMinor),
});

/** The tariff to preview: a stored one in scope, or an inline draft for an organization in scope. */
async function previewTariff(db: Db, scope: Scope, input: PreviewInput) {
  if (input.tariffId) {
    const stored = await getTariff(db, scope, input.tariffId);
    return {
      organizationId: stored.organizationId,
      currency: stored.currency,
      elements: stored.elements,
      siteId: stored.siteId,
      chargerId: stored.chargerId,
    };
  }
  if (!input.tariff) throw new AppError('VALIDATION_FAILED', 'Send a tariff or a tariffId', { field: 'tariff' });
  if (!canReachOrganization(scope, input.tariff.organizationId)) throw notFound('Organization');
  const elements: TariffElement[] = input.tariff.elements;
  return { ...input.tariff, elements, siteId: null, chargerId: null };
}

type ZoneSource = 'request' | 'site' | 'organization';

/**
 * docs/finance.md §2: tariff times are read in the site's local time zone. The preview's clock is the one
 * asked for, else the site of the charger or site given (or the stored tariff is assigned to), else —
 * for an organization-wide tariff with no place — the organization's.
 */
async function previewClock(
  db: Db,
  scope: Scope,
  input: PreviewInput,
  tariff: { organizationId: string; siteId: string | null; chargerId: string | null },
  organizationZone: string,
): Promise<{ timeZone: string; source: ZoneSource; siteName: string | null }> {
  const wanted =
    input.chargerId || input.siteId ? input : { chargerId: tariff.chargerId ?? undefined, siteId: tariff.siteId ?? undefined };
  const place = await previewPlace(db, wanted);
  if ((input.chargerId || input.siteId) && !place) throw notFound(input.chargerId ? 'Charger' : 'Site');
  if (place) {
    const reachable =
      place.organizationId === tariff.organizationId &&
      (place.chargerId
        ? canReachCharger(scope, { id: place.chargerId, organizationId: place.organizationId, siteId: place.siteId })
        : canReachSite(scope, { id: place.siteId, organizationId: place.organizationId }));
    if (!reachable) throw notFound(input.chargerId ? 'Charger' : 'Site');
  }
  if (input.timeZone) return { timeZone: input.timeZone, source: 'request', siteName: place?.siteName ?? null };
  if (place) return { timeZone: place.timeZone, source: 'site', siteName: place.siteName };
  return { timeZone: organizationZone, source: 'organization', siteName: null };
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** An instant as sent, or a wall-clock time "2026-03-10T17:50" read on the preview's clock. */
function instantOf(instant: string | undefined, local: string | undefined, timeZone: string, field: string): Date {
  if (instant) return new Date(instant);
  if (!local || !LOCAL.test(local))
    throw new AppError('VALIDATION_FAILED', `Send ${field} (an instant) or ${field}Local (a wall-clock time)`, { field });
  const at = DateTime.fromISO(local, { zone: timeZone });
  if (!at.isValid) throw new AppError('VALIDATION_FAILED', `${local} is not a time`, { field: `${field}Local` });
  return at.toJSDate();
}

type Energy = 'even' | 'even-then-parked' | 'readings';

/** The meter readings the preview prices: the curve sent, or energy rising evenly until charging ends. */
function sampleReadings(
  input: PreviewInput,
  startedAt: Date,
  stoppedAt: Date,
  timeZone: string,
): { readings: { at: Date; wh: number }[]; energy: Energy } {
  if (input.meterReadings) {
    if (input.energyWh !== undefined || input.chargingEndsAt)
      throw new AppError('VALIDATION_FAILED', 'Send meterReadings or energyWh (and chargingEndsAt), not both', {
        field: 'meterReadings',
      });
    const curve = input.meterReadings
      .map((r) => ({ at: instantOf(r.at, r.atLocal, timeZone, 'meterReadings.at'), wh: r.energyWh }))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const [i, r] of curve.entries()) {
      if (r.at < startedAt || r.at > stoppedAt)
        throw new AppError('UNPROCESSABLE', 'Every meter reading must lie between the start and the stop', {
          field: 'meterReadings',
        });
      if (i > 0 && r.wh < curve[i - 1]!.wh)
        throw new AppError('UNPROCESSABLE', 'Energy delivered cannot go down from one reading to a later one', {
          field: 'meterReadings',
        });
      if (r.at.getTime() === startedAt.getTime() && r.wh !== 0)
        throw new AppError('UNPROCESSABLE', 'At the start no energy has been delivered yet: the reading there must be 0', {
          field: 'meterReadings',
        });
    }
    return {
      readings: [{ at: startedAt, wh: 0 }, ...curve.filter((r) => r.at.getTime() > startedAt.getTime())],
      energy: 'readings',
    };
  }
  if (input.energyWh === undefined)
    throw new AppError('VALIDATION_FAILED', 'Send energyWh (spread evenly) or meterReadings (a power curve)', {
      field: 'energyWh',
    });
  const chargingEndsAt = input.chargingEndsAt ? new Date(input.chargingEndsAt) : stoppedAt;
  if (chargingEndsAt < startedAt || chargingEndsAt > stoppedAt)
    throw new AppError('UNPROCESSABLE', 'Charging must end between start and stop', { field: 'chargingEndsAt' });
  const readings =
    chargingEndsAt.getTime() > startedAt.getTime()
      ? [
          { at: startedAt, wh: 0 },
          { at: chargingEndsAt, wh: input.energyWh },
        ]
      : [{ at: startedAt, wh: 0 }];
  return { readings, energy: chargingEndsAt.getTime() < stoppedAt.getTime() ? 'even-then-parked' : 'even' };
}

const ENERGY_ASSUMPTIONS: Record<Energy, (readings: number) => string> = {
  even: () =>
    'Energy rises evenly from the start to the end. A real session is priced from its meter readings, so one that charges faster at first puts more of its energy before a tariff boundary.',
  'even-then-parked': () =>
    'Energy rises evenly from the start until charging ends, then the car stays plugged in without charging until the end.',
  readings: (n) =>
    `Energy follows the ${n} meter reading${n === 1 ? '' : 's'} given, in a straight line between them, as a settlement prices a real session's readings.`,
};

function assumptionsOf(clock: { timeZone: string; source: ZoneSource; siteName: string | null }, energy: string): string[] {
  const where =
    clock.source === 'site'
      ? `the time zone of site ${clock.siteName}, where the session is charged`
      : clock.source === 'request'
        ? 'the time zone asked for'
        : 'the organization’s time zone (no site chosen)';
  return [
    `Times are read in ${clock.timeZone}, ${where}; tariff windows and days follow that clock, DST included.`,
    energy,
    'Taxes are the organization’s, in order; no campaign discount is applied.',
  ];
}

/**
 * What a sample session would cost (docs/finance.md §2 and §4): energy follows the meter readings sent
 * (a power curve), or rises linearly from start until charging ends (default: the stop), then the car
 * stays plugged in until the stop. The response says
 * which clock it used and what it assumed, so the page can show it.
 */
export async function previewPrice(db: Db, scope: Scope, input: PreviewInput) {
  const tariff = await previewTariff(db, scope, input);
  const org = await organizationPricing(db, tariff.organizationId);
  if (!org) throw notFound('Organization');
  const clock = await previewClock(db, scope, input, tariff, org.timeZone);
  const { timeZone } = clock;
  assertTimeZone(timeZone);
  const startedAt = instantOf(input.startedAt, input.startedAtLocal, timeZone, 'startedAt');
  const stoppedAt = instantOf(input.stoppedAt, input.stoppedAtLocal, timeZone, 'stoppedAt');
  if (stoppedAt < startedAt) throw new AppError('UNPROCESSABLE', 'The session must stop after it starts', { field: 'stoppedAt' });
  const { readings, energy } = sampleReadings(input, startedAt, stoppedAt, timeZone);
  const priced = priceSession(tariff, readings, { timeZone, endedAt: stoppedAt });
  const taxed = applyTaxes(priced.netMinor, org.taxes);
  return {
    currency: priced.currency,
    timeZone,
    timeZoneSource: clock.source,
    siteName: clock.siteName,
    startedAt: startedAt.toISOString(),
    stoppedAt: stoppedAt.toISOString(),
    assumptions: assumptionsOf(clock, ENERGY_ASSUMPTIONS[energy](input.meterReadings?.length ?? 0)),
    energyWh: priced.energyWh,
    lines: priced.lines.map(presentLine),
    netMinor: Number(priced.netMinor),
    taxes: taxed.lines.map(presentTaxLine),
    taxMinor: Number(taxed.taxMinor),
    grossMinor: Number(taxed.grossMinor),
  };
}

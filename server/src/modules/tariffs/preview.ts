import type { Db } from '../../db/client.js';
import { type PricedLine, priceSession } from '../../domain/finance/price-session.js';
import type { TaxLine } from '../../domain/finance/tax.js';
import { applyTaxes } from '../../domain/finance/tax.js';
import type { TariffElement } from '../../domain/finance/tariff.js';
import { assertTimeZone } from '../../domain/organization-rules.js';
import { type Scope, canReachOrganization } from '../../domain/scope.js';
import { AppError, notFound } from '../../errors.js';
import { organizationPricing } from './queries.js';
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
    return { organizationId: stored.organizationId, currency: stored.currency, elements: stored.elements };
  }
  if (!input.tariff) throw new AppError('VALIDATION_FAILED', 'Send a tariff or a tariffId', { field: 'tariff' });
  if (!canReachOrganization(scope, input.tariff.organizationId)) throw notFound('Organization');
  const elements: TariffElement[] = input.tariff.elements;
  return { ...input.tariff, elements };
}

/**
 * What a sample session would cost (docs/finance.md §2 and §4): energy rises linearly from start until
 * charging ends (default: the stop), then the car stays plugged in until the stop.
 */
export async function previewPrice(db: Db, scope: Scope, input: PreviewInput) {
  const tariff = await previewTariff(db, scope, input);
  const org = await organizationPricing(db, tariff.organizationId);
  if (!org) throw notFound('Organization');
  const timeZone = input.timeZone ?? org.timeZone;
  assertTimeZone(timeZone);
  const startedAt = new Date(input.startedAt);
  const stoppedAt = new Date(input.stoppedAt);
  const chargingEndsAt = input.chargingEndsAt ? new Date(input.chargingEndsAt) : stoppedAt;
  if (stoppedAt < startedAt) throw new AppError('UNPROCESSABLE', 'The session must stop after it starts', { field: 'stoppedAt' });
  if (chargingEndsAt < startedAt || chargingEndsAt > stoppedAt)
    throw new AppError('UNPROCESSABLE', 'Charging must end between start and stop', { field: 'chargingEndsAt' });
  const readings =
    chargingEndsAt.getTime() > startedAt.getTime()
      ? [
          { at: startedAt, wh: 0 },
          { at: chargingEndsAt, wh: input.energyWh },
        ]
      : [{ at: startedAt, wh: 0 }];
  const priced = priceSession(tariff, readings, { timeZone, endedAt: stoppedAt });
  const taxed = applyTaxes(priced.netMinor, org.taxes);
  return {
    currency: priced.currency,
    timeZone,
    energyWh: priced.energyWh,
    lines: priced.lines.map(presentLine),
    netMinor: Number(priced.netMinor),
    taxes: taxed.lines.map(presentTaxLine),
    taxMinor: Number(taxed.taxMinor),
    grossMinor: Number(taxed.grossMinor),
  };
}

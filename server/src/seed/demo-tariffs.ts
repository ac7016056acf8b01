import type { Executor } from '../db/client.js';
import type { TariffElement } from '../domain/finance/tariff.js';
import { insertTariff } from '../modules/tariffs/queries.js';

/** The worked-example tariff of docs/finance.md §13: peak energy in the evening, off-peak otherwise, a flat fee per session. */
const LKR_ELEMENTS: TariffElement[] = [
  {
    price_components: [{ type: 'ENERGY', price: '120.00', step_size: 0 }],
    restrictions: { start_time: '18:30', end_time: '22:30' },
  },
  {
    price_components: [
      { type: 'ENERGY', price: '90.00', step_size: 0 },
      { type: 'FLAT', price: '50.00', step_size: 0 },
    ],
  },
];

/** A German-style tariff: energy plus a blocking fee per started minute of parking after charging. */
const EUR_ELEMENTS: TariffElement[] = [
  {
    price_components: [
      { type: 'ENERGY', price: '0.49', step_size: 0 },
      { type: 'PARKING_TIME', price: '6.00', step_size: 60 },
    ],
  },
];

/** One organization-wide default tariff per demo organization, valid from the start of 2026. */
export async function seedDemoTariffs(tx: Executor, organizations: { id: string; currency: string; name: string }[]) {
  for (const org of organizations) {
    await insertTariff(tx, {
      organizationId: org.id,
      name: `${org.name} standard`,
      currency: org.currency,
      elements: org.currency === 'EUR' ? EUR_ELEMENTS : LKR_ELEMENTS,
      validFrom: new Date('2026-01-01T00:00:00Z'),
    });
  }
}

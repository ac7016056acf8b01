import { DateTime } from 'luxon';
import type { Db } from '../../src/db/client.js';
import { commissionContracts, tariffs } from '../../src/db/schema/index.js';
import { makeCharger, makeOrganization, makeSite } from './factories.js';
import { settledStoredSession } from './sessions.js';

export const ZONE = 'Asia/Colombo';

/** A weekly-billed organization whose last period closed at today's local midnight (its billing day is today). */
export const weeklyClosingToday = () => ({
  billingCycle: 'weekly' as const,
  billingDay: DateTime.now().setZone(ZONE).weekday,
  timeZone: ZONE,
});

/** An organization with a 10 % commission contract, a 90.00/kWh tariff and one charger, billed weekly. */
export async function invoicedOrganization(db: Db, fields: Parameters<typeof makeOrganization>[1] = {}) {
  const org = await makeOrganization(db, {
    taxes: [
      { name: 'SSCL', rate: '0.025', compound: false },
      { name: 'VAT', rate: '0.18', compound: true },
    ],
    ...weeklyClosingToday(),
    ...fields,
  });
  await db.insert(commissionContracts).values({
    organizationId: org.id,
    name: 'Platform 10 %',
    kind: 'percent_of_net',
    percent: '0.10',
    effectiveFrom: '2020-01-01',
  });
  await db.insert(tariffs).values({
    organizationId: org.id,
    name: 'Flat energy',
    currency: org.currency,
    elements: [{ price_components: [{ type: 'ENERGY', price: '90.00', step_size: 0 }] }],
    validFrom: new Date('2020-01-01T00:00:00Z'),
  });
  const site = await makeSite(db, org.id, { timeZone: ZONE });
  const charger = await makeCharger(db, site);
  return { org, site, charger };
}

/** A completed session of `energyWh` that stopped `daysAgo` days ago, settled through the real settlement service. */
export async function settledSession(
  db: Db,
  place: { org: { id: string }; site: { id: string }; charger: { id: string } },
  energyWh = 10_000,
  daysAgo = 1,
) {
  const stoppedAt = DateTime.now().minus({ days: daysAgo }).toJSDate();
  return settledStoredSession(db, {
    charger: { id: place.charger.id, organizationId: place.org.id, siteId: place.site.id },
    startedAt: new Date(stoppedAt.getTime() - 3_600_000),
    wh: energyWh,
    idTag: 'INV-TAG',
    closedBy: 'charger',
  });
}

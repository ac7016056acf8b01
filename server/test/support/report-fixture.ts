/**
 * A small network for the report tests: Colombo (LKR, UTC+05:30, 18 % VAT, a location owner on one
 * charger, a CHAdeMO connector, a fleet token group) and Berlin (EUR, DST), sessions spread over
 * local midnights, weeks, months and the last 30 days, settled through the real settlement path.
 */
import { connectors } from '../../src/db/schema/index.js';
import { makeCharger, makeUser } from './factories.js';
import { flatPricedNetwork } from './pricing.js';
import type { ApiClient } from './http.js';
import { makeToken } from './ocpp.js';
import { settledStoredSession, storedSession } from './sessions.js';
import type { TestServer } from './server.js';

const DAY = 86_400_000;

export async function reportNetwork(t: TestServer, accounts: ApiClient, now = new Date()) {
  const colombo = await flatPricedNetwork(t.db, accounts, {
    currency: 'LKR',
    timeZone: 'Asia/Colombo',
    price: '100.00',
    taxes: [{ name: 'VAT', rate: '0.18' }],
  });
  const berlin = await flatPricedNetwork(t.db, accounts, { currency: 'EUR', timeZone: 'Europe/Berlin', price: '0.30' });
  const owner = await makeUser(t.db, 'location_owner', { organizationId: colombo.org.id });
  const ownersCharger = await makeCharger(t.db, colombo.site, {
    name: 'Galle Face 1',
    locationOwnerId: owner.id,
    locationOwnerShare: '0.05',
  });
  const otherCharger = await makeCharger(t.db, colombo.site, { name: 'Galle Face 2' });
  await t.db.insert(connectors).values({ chargerId: otherCharger.id, connectorId: 2, type: 'CHAdeMO', maxPowerKw: '50' });
  const berlinCharger = await makeCharger(t.db, berlin.site, { name: 'Mitte 1' });
  const fleet = await makeToken(t.db, colombo.org.id, { tokenGroup: 'Fleet' });

  const fixed = [
    // 00:10 and 23:50 local around a Colombo midnight; a Monday and a Sunday.
    { charger: ownersCharger, at: '2026-03-09T18:40:00Z', wh: 12_000, minutes: 50, idTokenId: fleet.id },
    { charger: ownersCharger, at: '2026-03-08T18:20:00Z', wh: 7_500, minutes: 95.01 },
    { charger: otherCharger, at: '2026-03-31T18:45:00Z', wh: 3_333, minutes: 20, connectorId: 2 },
    { charger: otherCharger, at: '2026-04-02T04:00:00Z', wh: 20_000, minutes: 120, idTokenId: fleet.id },
    // Berlin: the night DST starts (29 March 2026) and a late-evening session in UTC that is the next day locally.
    { charger: berlinCharger, at: '2026-03-29T00:30:00Z', wh: 9_000, minutes: 61 },
    { charger: berlinCharger, at: '2026-03-31T22:30:00Z', wh: 4_000, minutes: 33 },
  ];
  for (const s of fixed) {
    await settledStoredSession(t.db, {
      charger: s.charger,
      startedAt: new Date(s.at),
      wh: s.wh,
      minutes: s.minutes,
      idTokenId: s.idTokenId ?? null,
      connectorId: s.connectorId ?? 1,
    });
  }
  // Recent ones for the relative periods: inside the last 30 days, one outside, one still charging.
  for (const [charger, daysAgo, wh] of [
    [ownersCharger, 2, 11_000],
    [otherCharger, 9, 6_500],
    [berlinCharger, 20, 8_800],
    [berlinCharger, 45, 5_000],
  ] as const) {
    await settledStoredSession(t.db, { charger, startedAt: new Date(now.getTime() - daysAgo * DAY), wh, minutes: 40 });
  }
  await storedSession(t.db, { charger: ownersCharger, startedAt: new Date(now.getTime() - 3_600_000), wh: 1_200, active: true });
  return { colombo, berlin, owner, ownersCharger, otherCharger, berlinCharger };
}

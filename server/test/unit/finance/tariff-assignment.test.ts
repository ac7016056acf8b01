import { describe, expect, it } from 'vitest';
import {
  type AssignedTariff,
  assignmentLevel,
  overlappingTariff,
  resolveTariff,
  validityOverlaps,
} from '../../../src/domain/finance/tariff-assignment.js';

const ORG = 'org';
const at = (iso: string) => new Date(iso);
const tariff = (id: string, fields: Partial<AssignedTariff> = {}): AssignedTariff => ({
  id,
  organizationId: ORG,
  siteId: null,
  chargerId: null,
  connectorId: null,
  validFrom: at('2026-01-01T00:00:00Z'),
  validTo: null,
  ...fields,
});
const place = { organizationId: ORG, siteId: 'site-1', chargerId: 'ch-1', connectorId: 1 };
const START = at('2026-03-10T12:20:00Z');

describe('resolveTariff: most specific assignment valid at the session start', () => {
  const orgDefault = tariff('org');
  const site = tariff('site', { siteId: 'site-1' });
  const charger = tariff('charger', { chargerId: 'ch-1' });
  const connector = tariff('connector', { chargerId: 'ch-1', connectorId: 1 });

  it.each([
    ['connector beats charger, site and organization', [orgDefault, site, charger, connector], 'connector'],
    ['charger beats site and organization', [orgDefault, site, charger], 'charger'],
    ['site beats organization', [site, orgDefault], 'site'],
    ['the organization default when nothing more specific exists', [orgDefault], 'org'],
    ['order of candidates does not matter', [connector, charger, site, orgDefault], 'connector'],
  ])('%s', (_name, candidates, expected) => {
    expect(resolveTariff(candidates, place, START)?.id).toBe(expected);
  });

  it.each([
    ['another site', tariff('x', { siteId: 'site-2' })],
    ['another charger', tariff('x', { chargerId: 'ch-2' })],
    ['another connector of the same charger', tariff('x', { chargerId: 'ch-1', connectorId: 2 })],
    ['another organization', tariff('x', { organizationId: 'other' })],
    ['not yet valid', tariff('x', { validFrom: at('2026-03-10T12:20:01Z') })],
    ['no longer valid (validTo is exclusive)', tariff('x', { validTo: START })],
  ])('ignores a tariff for %s', (_name, candidate) => {
    expect(resolveTariff([candidate], place, START)).toBeNull();
  });

  it('a specific tariff not yet valid leaves the general one in force', () => {
    const future = tariff('future-connector', { chargerId: 'ch-1', connectorId: 1, validFrom: at('2026-04-01T00:00:00Z') });
    expect(resolveTariff([future, orgDefault], place, START)?.id).toBe('org');
  });

  it('is effective at the start: a tariff that starts mid-session does not apply', () => {
    const later = tariff('later', { siteId: 'site-1', validFrom: at('2026-03-10T12:30:00Z') });
    expect(resolveTariff([later, orgDefault], place, START)?.id).toBe('org');
  });

  it('a session with no connector is priced by charger-level tariffs', () => {
    const connector1 = tariff('c1', { chargerId: 'ch-1', connectorId: 1 });
    const charger1 = tariff('ch', { chargerId: 'ch-1' });
    expect(resolveTariff([connector1, charger1], { ...place, connectorId: null }, START)?.id).toBe('ch');
  });
});

describe('assignment levels and overlaps', () => {
  it.each([
    [{}, 'organization'],
    [{ siteId: 's' }, 'site'],
    [{ chargerId: 'c' }, 'charger'],
    [{ chargerId: 'c', connectorId: 2 }, 'connector'],
  ] as const)('%o is a %s assignment', (fields, level) => {
    expect(assignmentLevel(tariff('t', fields))).toBe(level);
  });

  const range = (from: string, to: string | null) => ({ validFrom: at(from), validTo: to ? at(to) : null });
  it.each([
    [range('2026-01-01', '2026-02-01'), range('2026-02-01', null), false],
    [range('2026-01-01', '2026-02-01'), range('2026-01-31', '2026-03-01'), true],
    [range('2026-01-01', null), range('2030-01-01', null), true],
    [range('2026-03-01', null), range('2026-01-01', '2026-03-01'), false],
    [range('2026-01-01', '2026-12-31'), range('2026-05-01', '2026-06-01'), true],
  ])('%o and %o overlap: %s', (a, b, expected) => {
    expect(validityOverlaps(a, b)).toBe(expected);
    expect(validityOverlaps(b, a)).toBe(expected);
  });

  it('only the same assignment clashes, and a tariff never clashes with itself', () => {
    const existing = [tariff('a'), tariff('b', { siteId: 's' })];
    expect(overlappingTariff(tariff('new'), existing)?.id).toBe('a');
    expect(overlappingTariff(tariff('new', { siteId: 's' }), existing)?.id).toBe('b');
    expect(overlappingTariff(tariff('new', { chargerId: 'c' }), existing)).toBeNull();
    expect(overlappingTariff(tariff('a'), existing)).toBeNull();
  });
});

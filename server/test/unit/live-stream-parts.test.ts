import { describe, expect, it } from 'vitest';
import type { Sample } from '../../src/domain/meter.js';
import { downsample, sessionCurve } from '../../src/domain/session-curve.js';
import { scopeFor } from '../../src/domain/scope.js';
import type { LiveEvent } from '../../src/live/bus.js';
import { RingBuffer } from '../../src/live/ring-buffer.js';
import { canReceive } from '../../src/live/scope-filter.js';
import { StreamTickets } from '../../src/live/tickets.js';
import { redactFrame } from '../../src/modules/live/redact.js';

describe('ring buffer', () => {
  it('replays what came after an id, and refuses ids it no longer (or never) holds', () => {
    const buffer = new RingBuffer<string>(3);
    expect(buffer.since(0)).toEqual([]);
    for (const item of ['a', 'b', 'c', 'd']) buffer.push(item);
    expect(buffer.newestId).toBe(4);
    expect(buffer.since(1)).toEqual([
      { id: 2, item: 'b' },
      { id: 3, item: 'c' },
      { id: 4, item: 'd' },
    ]);
    expect(buffer.since(3)).toEqual([{ id: 4, item: 'd' }]);
    expect(buffer.since(4)).toEqual([]);
    expect(buffer.since(0)).toBeNull();
    expect(buffer.since(5)).toBeNull();
    expect(buffer.since(-1)).toBeNull();
  });
});

describe('stream tickets', () => {
  it('open one stream for their user and session until they expire', async () => {
    let now = 1_000_000;
    const tickets = new StreamTickets('a-secret-that-is-long-enough-for-tests', 60, () => now);
    const { ticket, expiresIn } = tickets.issue('user-1', 'session-1');
    expect(expiresIn).toBe(60);
    expect(await tickets.redeem(ticket)).toEqual({ userId: 'user-1', sessionId: 'session-1' });
    expect(await tickets.redeem(ticket)).toBeNull();
    const later = tickets.issue('user-1', 'session-1').ticket;
    now += 60_000;
    expect(await tickets.redeem(later)).toBeNull();
  });

  it('refuses forged and foreign tickets', async () => {
    const tickets = new StreamTickets('a-secret-that-is-long-enough-for-tests', 60);
    const other = new StreamTickets('another-secret-that-is-long-enough-too', 60);
    const { ticket } = tickets.issue('user-1', 'session-1');
    const [payload] = ticket.split('.');
    const forged = Buffer.from(JSON.stringify({ u: 'admin', s: 'session-1', e: Date.now() + 60_000, n: 'x' })).toString(
      'base64url',
    );
    expect(await tickets.redeem(`${forged}.${ticket.split('.')[1]}`)).toBeNull();
    expect(await tickets.redeem(`${payload}.`)).toBeNull();
    expect(await tickets.redeem('garbage')).toBeNull();
    expect(await other.redeem(ticket)).toBeNull();
  });
});

describe('who receives a live event', () => {
  const event: LiveEvent = {
    type: 'charger.status',
    payload: {
      chargerId: 'c1',
      organizationId: 'o1',
      siteId: 's1',
      evseId: 1,
      connectorId: 1,
      status: 'Charging',
      errorCode: null,
      info: null,
      vendorId: null,
      vendorErrorCode: null,
      at: '',
    },
  };
  const base = {
    userId: 'u',
    organizationId: 'o1',
    organizationRestriction: null,
    organizationTree: ['o1'],
    assignedChargerIds: [] as string[],
    assignedSiteIds: [] as string[],
    assignedOrganizationIds: [] as string[],
    customRole: null,
  };
  it.each([
    ['admin', scopeFor({ ...base, role: 'admin' }), true],
    ['accounts (no monitoring:read)', scopeFor({ ...base, role: 'accounts' }), false],
    ['CPO of the organization', scopeFor({ ...base, role: 'cpo' }), true],
    ['CPO of another organization', scopeFor({ ...base, role: 'cpo', organizationTree: ['o2'] }), false],
    [
      'location owner of the charger',
      scopeFor({
        ...base,
        role: 'location_owner',
        assignedChargerIds: ['c1'],
        assignedSiteIds: ['s1'],
        assignedOrganizationIds: ['o1'],
      }),
      true,
    ],
    [
      'location owner of another charger at the site',
      scopeFor({
        ...base,
        role: 'location_owner',
        assignedChargerIds: ['c2'],
        assignedSiteIds: ['s1'],
        assignedOrganizationIds: ['o1'],
      }),
      false,
    ],
    [
      'custom role of another site',
      scopeFor({ ...base, role: 'custom', customRole: { permissions: ['monitoring:read'], siteIds: ['s2'] } }),
      false,
    ],
    [
      'custom role of the site',
      scopeFor({ ...base, role: 'custom', customRole: { permissions: ['monitoring:read'], siteIds: ['s1'] } }),
      true,
    ],
    ['driver', scopeFor({ ...base, role: 'driver' }), false],
  ])('%s → %s', (_name, scope, expected) => {
    expect(canReceive(scope, event)).toBe(expected);
  });
});

describe('message log redaction', () => {
  it.each([
    [
      '1.6 ChangeConfiguration of the authorization key',
      '[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"s3cret"}]',
      '[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"[redacted]"}]',
    ],
    [
      '2.0.1 SetVariables of the basic-auth password',
      '[2,"1","SetVariables",{"setVariableData":[{"attributeValue":"s3cret","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}}]}]',
      '[2,"1","SetVariables",{"setVariableData":[{"attributeValue":"[redacted]","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}}]}]',
    ],
    ['a field named password', '[3,"1",{"password":"s3cret"}]', '[3,"1",{"password":"[redacted]"}]'],
    ['an ordinary frame', '[2,"1","Heartbeat",{}]', '[2,"1","Heartbeat",{}]'],
    ['a cut frame', '[2,"1","DataTransfer",{"data":"abc…', '[2,"1","DataTransfer",{"data":"abc…'],
  ])('%s', (_name, frame, expected) => {
    expect(redactFrame(frame)).toBe(expected);
  });

  it('withholds a cut frame that mentions a credential', () => {
    expect(redactFrame('[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"s3c…')).not.toContain('s3c');
  });
});

describe('session chart', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
  const sample = (minute: number, measurand: string, value: number): Sample => ({
    at: at(minute),
    measurand,
    phase: null,
    location: null,
    context: null,
    value,
    unit: '',
  });

  it('accumulates energy from the meter start and keeps power and SoC per instant', () => {
    const curve = sessionCurve(
      [
        sample(1, 'Energy.Active.Import.Register', 1500),
        sample(1, 'Power.Active.Import', 7000),
        sample(2, 'SoC', 40),
        sample(3, 'Energy.Active.Import.Register', 1400),
        sample(4, 'Energy.Active.Import.Register', 2000),
      ],
      { meterStartWh: 1000, startedAt: at(0) },
    );
    expect(curve.map((p) => [p.energyWh, p.powerW, p.socPercent])).toEqual([
      [500, 7000, null],
      [500, null, 40],
      [500, null, null],
      [1100, null, null],
    ]);
  });

  it('downsamples to at most the limit, keeping the first and last point', () => {
    const points = Array.from({ length: 1234 }, (_, i) => i);
    const kept = downsample(points, 500);
    expect(kept).toHaveLength(500);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(1233);
    expect(downsample([1, 2, 3], 500)).toEqual([1, 2, 3]);
  });
});

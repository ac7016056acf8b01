import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AllocationInput,
  type AllocationStrategy,
  type SessionAllocation,
  type SessionDemand,
  allocateSiteLoad,
  ampsToWatts,
  isMeaningfulChange,
  wattsToAmps,
} from '../../src/domain/load-allocation.js';

const THREE_PHASE = { phases: 3, voltageV: 230 } as const;
const ONE_PHASE = { phases: 1, voltageV: 230 } as const;

const session = (id: string, fields: Partial<SessionDemand> = {}): SessionDemand => ({
  sessionId: id,
  connectorMaxW: 22_000,
  measuredW: null,
  priority: 0,
  startedAt: Number(id.replace(/\D/g, '')) || 0,
  ...fields,
});

const input = (fields: Partial<AllocationInput>): AllocationInput => ({
  siteLimitW: 60_000,
  strategy: 'equal-share',
  minimumW: 4_140,
  headroomW: 1_000,
  supply: THREE_PHASE,
  sessions: [],
  ...fields,
});

/** Limits in W by session, paused sessions as 'paused'. */
const limits = (allocations: SessionAllocation[]) =>
  Object.fromEntries(allocations.map((a) => [a.sessionId, a.paused ? 'paused' : a.limitW]));

describe('allocateSiteLoad', () => {
  it.each([
    {
      name: 'equal share: 6 × 22 kW under 60 kW get 10 kW each',
      given: input({ sessions: ['s1', 's2', 's3', 's4', 's5', 's6'].map((id) => session(id)) }),
      want: { s1: 10_000, s2: 10_000, s3: 10_000, s4: 10_000, s5: 10_000, s6: 10_000 },
    },
    {
      name: 'equal share: room for everyone gives each its connector maximum',
      given: input({ sessions: [session('s1'), session('s2', { connectorMaxW: 11_000 })] }),
      want: { s1: 22_000, s2: 11_000 },
    },
    {
      name: 'equal share: an EV drawing less than its share frees the rest for the others',
      given: input({
        siteLimitW: 30_000,
        sessions: [session('s1', { measuredW: 3_000 }), session('s2'), session('s3')],
      }),
      // s1 keeps its draw plus 1 kW headroom; s2 and s3 share the remaining 26 kW.
      want: { s1: 4_140, s2: 12_930, s3: 12_930 },
    },
    {
      name: 'equal share: an EV drawing all it is allowed (a new session under the default) is not drawing less',
      given: input({
        siteLimitW: 30_000,
        sessions: [session('s1', { measuredW: 4_100, allowedW: 4_140 }), session('s2'), session('s3')],
      }),
      want: { s1: 10_000, s2: 10_000, s3: 10_000 },
    },
    {
      name: 'equal share: an EV drawing well under its allowance still frees the rest',
      given: input({
        siteLimitW: 30_000,
        sessions: [session('s1', { measuredW: 3_000, allowedW: 10_000 }), session('s2'), session('s3')],
      }),
      want: { s1: 4_140, s2: 12_930, s3: 12_930 },
    },
    {
      name: 'equal share: a small connector is capped and its unused share goes to the others',
      given: input({ siteLimitW: 30_000, sessions: [session('s1', { connectorMaxW: 7_400 }), session('s2'), session('s3')] }),
      want: { s1: 7_400, s2: 11_300, s3: 11_300 },
    },
    {
      name: 'limit below the sum of minimums: the latest arrivals are paused',
      given: input({ siteLimitW: 10_000, sessions: [session('s3'), session('s1'), session('s2')] }),
      want: { s1: 5_000, s2: 5_000, s3: 'paused' },
    },
    {
      name: 'limit below one minimum: everyone is paused',
      given: input({ siteLimitW: 4_000, sessions: [session('s1'), session('s2')] }),
      want: { s1: 'paused', s2: 'paused' },
    },
    {
      name: 'a connector that cannot reach the minimum is paused, not starved',
      given: input({ sessions: [session('s1', { connectorMaxW: 3_000 }), session('s2')] }),
      want: { s1: 'paused', s2: 22_000 },
    },
    {
      name: 'priority: the higher group is served to its maximum first, the others keep their minimum',
      given: input({
        strategy: 'priority',
        siteLimitW: 40_000,
        sessions: [session('s1'), session('s2', { priority: 10 }), session('s3')],
      }),
      want: { s1: 9_000, s2: 22_000, s3: 9_000 },
    },
    {
      name: 'priority: when minimums do not fit, the lowest priority is paused even if it came first',
      given: input({
        strategy: 'priority',
        siteLimitW: 9_000,
        sessions: [session('s1'), session('s2', { priority: 5 }), session('s3', { priority: 1 })],
      }),
      want: { s1: 'paused', s2: 4_860, s3: 4_140 },
    },
    {
      name: 'first-come: everyone gets the minimum, the earliest gets the rest first',
      given: input({ strategy: 'first-come', siteLimitW: 40_000, sessions: [session('s2'), session('s1'), session('s3')] }),
      want: { s1: 22_000, s2: 13_860, s3: 4_140 },
    },
    {
      name: 'first-come: an earlier EV drawing little leaves the rest to the next one',
      given: input({
        strategy: 'first-come',
        siteLimitW: 30_000,
        sessions: [session('s1', { measuredW: 5_000 }), session('s2'), session('s3')],
      }),
      want: { s1: 6_000, s2: 19_860, s3: 4_140 },
    },
    {
      name: 'no minimum: a tiny limit is still shared, nobody is paused',
      given: input({ minimumW: 0, siteLimitW: 1_000, sessions: [session('s1'), session('s2')] }),
      want: { s1: 500, s2: 500 },
    },
  ])('$name', ({ given, want }) => {
    expect(limits(allocateSiteLoad(given))).toEqual(want);
  });

  it.each([
    { supply: THREE_PHASE, watts: 11_000, amps: 15.9 },
    { supply: THREE_PHASE, watts: 22_080, amps: 32 },
    { supply: ONE_PHASE, watts: 7_360, amps: 32 },
    { supply: ONE_PHASE, watts: 1_380, amps: 6 },
  ])('gives each limit in amperes per phase too: $watts W on $supply.phases phase(s) = $amps A', ({ supply, watts, amps }) => {
    const [allocation] = allocateSiteLoad(
      input({ supply, minimumW: 0, siteLimitW: watts, sessions: [session('s1', { connectorMaxW: 50_000 })] }),
    );
    expect(allocation).toMatchObject({ paused: false, limitW: watts, limitA: amps });
    expect(wattsToAmps(watts, supply)).toBe(amps);
  });

  it('converts amperes back to watts for the phases', () => {
    expect(ampsToWatts(16, THREE_PHASE)).toBe(11_040);
    expect(ampsToWatts(16, ONE_PHASE)).toBe(3_680);
  });

  const sessions = fc.array(
    fc.record({
      connectorMaxW: fc.integer({ min: 0, max: 350_000 }),
      measuredW: fc.option(fc.integer({ min: 0, max: 350_000 })),
      priority: fc.integer({ min: 0, max: 3 }),
      startedAt: fc.integer({ min: 0, max: 1_000 }),
    }),
    { maxLength: 40 },
  );
  const scenario = fc.record({
    siteLimitW: fc.integer({ min: 0, max: 2_000_000 }),
    strategy: fc.constantFrom<AllocationStrategy>('equal-share', 'priority', 'first-come'),
    minimumW: fc.integer({ min: 0, max: 11_000 }),
    headroomW: fc.integer({ min: 0, max: 5_000 }),
    phases: fc.constantFrom<1 | 3>(1, 3),
    sessions,
  });

  it('never exceeds the site limit, and no running session gets less than the minimum or more than its connector', () => {
    fc.assert(
      fc.property(scenario, ({ phases, sessions: demands, ...rest }) => {
        const given = input({
          ...rest,
          supply: { phases, voltageV: 230 },
          sessions: demands.map((d, i) => ({ ...d, sessionId: `s${i}` })),
        });
        const result = allocateSiteLoad(given);
        const total = result.reduce((sum, a) => sum + a.limitW, 0);
        expect(total).toBeLessThanOrEqual(given.siteLimitW);
        expect(result).toHaveLength(given.sessions.length);
        for (const [i, allocation] of result.entries()) {
          if (allocation.paused) continue;
          expect(allocation.limitW).toBeGreaterThanOrEqual(given.minimumW);
          expect(allocation.limitW).toBeLessThanOrEqual(given.sessions[i]!.connectorMaxW);
          expect(allocation.limitA * phases * 230).toBeLessThanOrEqual(allocation.limitW + 1e-6);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('isMeaningfulChange', () => {
  const at = (limitW: number): SessionAllocation => ({ sessionId: 's1', paused: false, limitW, limitA: 0 });
  const paused: SessionAllocation = { sessionId: 's1', paused: true, limitW: 0, limitA: 0 };
  const threshold = { relative: 0.05, absoluteW: 1_000 };

  it.each([
    { name: 'the first limit of a session', previous: null, next: at(10_000), want: true },
    { name: 'the same limit again', previous: at(10_000), next: at(10_000), want: false },
    { name: 'a small increase (2 %, 200 W)', previous: at(10_000), next: at(10_200), want: false },
    { name: 'an increase above 5 %', previous: at(10_000), next: at(10_600), want: true },
    { name: 'an increase above 1 kW on a large limit (4 %)', previous: at(30_000), next: at(31_200), want: true },
    {
      name: 'any decrease, however small: the site must stay under its limit',
      previous: at(10_000),
      next: at(9_990),
      want: true,
    },
    { name: 'pausing', previous: at(4_140), next: paused, want: true },
    { name: 'resuming', previous: paused, next: at(4_140), want: true },
    { name: 'still paused', previous: paused, next: paused, want: false },
  ])('$name → $want', ({ previous, next, want }) => {
    expect(isMeaningfulChange(previous, next, threshold)).toBe(want);
  });
});

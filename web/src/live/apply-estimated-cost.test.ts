import { describe, expect, it } from 'vitest';
import type { LiveCharger, SessionEvent } from '../api/live';
import { type LiveSession, applySession } from './apply';
import { liveCharger } from './live-charger.fixture';

const charger = liveCharger({ status: 'Charging' });

const event = (fields: Partial<SessionEvent>): SessionEvent => ({
  sessionId: 'x1',
  chargerId: 'c1',
  organizationId: 'o1',
  siteId: 's1',
  transactionId: '1',
  evseId: 1,
  connectorId: 1,
  startedAt: '2026-11-21T10:00:00Z',
  stoppedAt: null,
  energyWh: 2000,
  powerW: 7000,
  socPercent: null,
  status: 'active',
  closedBy: null,
  flagged: false,
  ...fields,
});

const running = (list: LiveCharger[]) => list[0]!.activeSession as LiveSession | null;

describe('estimated cost in the live list', () => {
  it('keeps the estimated cost of the latest session.updated, and the last one when an update carries none', () => {
    const cost = { currency: 'LKR', netMinor: 20_000, grossMinor: 23_600 };
    let list = applySession([charger], event({ estimatedCost: cost }));
    expect(running(list)?.estimatedCost).toEqual(cost);
    list = applySession(list, event({ energyWh: 2500 }));
    expect(running(list)).toMatchObject({ energyWh: 2500, estimatedCost: cost });
    const later = { currency: 'LKR', netMinor: 25_000, grossMinor: 29_500 };
    // Same readings, new estimate (time-based tariffs): still applied.
    list = applySession(list, event({ energyWh: 2500, estimatedCost: later }));
    expect(running(list)?.estimatedCost).toEqual(later);
  });

  it('has none for a session without a tariff', () => {
    expect(running(applySession([charger], event({})))).not.toHaveProperty('estimatedCost');
  });
});

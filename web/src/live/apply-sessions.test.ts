import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../api/live';
import { applySession } from './apply';
import { liveCharger } from './live-charger.fixture';
import { currentPowerW } from './status';

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

const first = event({});
const second = event({ sessionId: 'x2', transactionId: '2', connectorId: 2, startedAt: '2026-11-21T10:05:00Z', powerW: 3400 });

describe('running sessions in the live list', () => {
  it('keeps every running session of a charger, newest first, and sums their power', () => {
    let list = applySession([liveCharger()], first);
    list = applySession(list, second);
    const [charger] = list;
    expect(charger!.activeSessions.map((s) => s.sessionId)).toEqual(['x2', 'x1']);
    expect(charger!.activeSession?.sessionId).toBe('x2');
    expect(currentPowerW(charger!)).toBe(10_400);
  });

  it('updates one session in place and ignores a late, older reading', () => {
    let list = applySession(applySession([liveCharger()], first), second);
    list = applySession(list, event({ energyWh: 3000, powerW: 7400 }));
    expect(list[0]!.activeSessions.find((s) => s.sessionId === 'x1')).toMatchObject({ energyWh: 3000, powerW: 7400 });
    const again = applySession(list, event({ energyWh: 2500, powerW: 1 }));
    expect(again).toBe(list);
    expect(applySession(list, event({ energyWh: 3000, powerW: 7400 }))).toBe(list);
  });

  it('drops a stopped session and keeps the other one running; stopping it twice changes nothing', () => {
    let list = applySession(applySession([liveCharger()], first), second);
    list = applySession(list, event({ ...second, status: 'completed', stoppedAt: '2026-11-21T10:30:00Z' }));
    expect(list[0]!.activeSessions.map((s) => s.sessionId)).toEqual(['x1']);
    expect(list[0]!.activeSession?.sessionId).toBe('x1');
    expect(currentPowerW(list[0]!)).toBe(7000);
    expect(applySession(list, event({ ...second, status: 'completed', stoppedAt: '2026-11-21T10:30:00Z' }))).toBe(list);
    list = applySession(list, event({ status: 'completed', stoppedAt: '2026-11-21T10:31:00Z' }));
    expect(list[0]!.activeSession).toBeNull();
    expect(currentPowerW(list[0]!)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { LiveCharger } from '../api/live';
import { liveCharger } from './live-charger.fixture';
import { agoWords, attentionHeadline, needsAttention, durationWords, vendorDetail } from './attention';

const thresholds = { preparingMinutes: 15, suspendedEvMinutes: 60, finishingMinutes: 15 };
const now = new Date('2026-12-04T10:00:00Z');
const ago = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

const charger = (name: string, fields: Partial<LiveCharger>) =>
  liveCharger({ chargerId: name, name, ocppIdentity: name, ...fields });

const connector = (status: string, since: string, extra = {}) => ({
  evseId: 1,
  connectorId: 1,
  type: 'CCS2',
  maxPowerKw: '50',
  status,
  errorCode: null,
  info: null,
  vendorId: null,
  vendorErrorCode: null,
  since,
  ...extra,
});

describe('needs attention in the live cache', () => {
  const network = [
    charger('Stuck', { connectors: [connector('Finishing', ago(40))] }),
    charger('Down', { online: false, offlineSince: ago(90), status: 'Offline' }),
    charger('Broken', {
      status: 'Faulted',
      connectors: [connector('Faulted', ago(3), { errorCode: 'GroundFailure', vendorId: 'ABB', vendorErrorCode: 'E42' })],
    }),
    charger('Fine', { connectors: [connector('Charging', ago(300))] }),
  ];
  const items = needsAttention(network, thresholds, now);

  it('puts the fault first, then offline, then the stuck session; nothing for a healthy charger', () => {
    expect(items.map((i) => i.chargerName)).toEqual(['Broken', 'Down', 'Stuck']);
  });

  it('says what is wrong in words, with the OCPP and the vendor code', () => {
    expect(items.map(attentionHeadline)).toEqual([
      'Connector 1 faulted: GroundFailure',
      'Offline',
      'Connector 1: Session over, cable still in',
    ]);
    expect(vendorDetail(items[0]!)).toBe('Vendor ABB E42');
    expect(vendorDetail(items[1]!)).toBeNull();
  });

  it('calls a charger without a known offline time never connected', () => {
    const [item] = needsAttention([charger('New', { online: false, status: 'Offline' })], thresholds, now);
    expect(attentionHeadline(item!)).toBe('Never connected');
  });

  it.each([
    [null, null],
    [0, '0 min'],
    [59, '59 min'],
    [60, '1 h'],
    [185, '3 h 5 min'],
    [1440, '1 d'],
    [3120, '2 d 4 h'],
  ])('%s minutes read %s', (minutes, words) => {
    expect(durationWords(minutes)).toBe(words);
  });
});

describe('how long ago, in words', () => {
  const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000).toISOString();
  it.each([
    [12, '12 s ago'],
    [59, '59 s ago'],
    [60, '1 min ago'],
    [3 * 3600 + 5 * 60 + 30, '3 h 5 min ago'],
    [2 * 86_400, '2 d ago'],
    [0, 'just now'],
    [-30, 'just now'],
  ])('%i seconds → %s', (seconds, words) => {
    expect(agoWords(secondsAgo(seconds), now)).toBe(words);
  });
});

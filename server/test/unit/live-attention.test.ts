import { describe, expect, it } from 'vitest';
import {
  type AttentionCharger,
  type AttentionConnector,
  DEFAULT_ATTENTION_THRESHOLDS,
  needsAttention,
} from '../../src/domain/live-attention.js';

const now = new Date('2026-12-04T10:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

const connector = (connectorId: number, status: string, since: string | null, extra: Partial<AttentionConnector> = {}) => ({
  evseId: connectorId,
  connectorId,
  status,
  errorCode: null,
  since,
  ...extra,
});

const charger = (name: string, connectors: AttentionConnector[], extra: Partial<AttentionCharger> = {}): AttentionCharger => ({
  chargerId: `id-${name}`,
  name,
  siteId: 's1',
  siteName: 'Harbour',
  online: true,
  offlineSince: null,
  status: 'Available',
  connectors,
  ...extra,
});

const kindsOf = (chargers: AttentionCharger[]) =>
  needsAttention(chargers, DEFAULT_ATTENTION_THRESHOLDS, now).map((i) => `${i.kind}:${i.chargerName}:${i.connectorId}`);

describe('needs attention', () => {
  it('lists nothing for a healthy network', () => {
    const healthy = [
      charger('A', [connector(1, 'Available', minutesAgo(600)), connector(2, 'Charging', minutesAgo(300))]),
      charger('B', [connector(1, 'SuspendedEVSE', minutesAgo(500))]),
    ];
    expect(kindsOf(healthy)).toEqual([]);
  });

  it('gives a faulted connector with its OCPP error code and the vendor code and info', () => {
    const [item] = needsAttention(
      [
        charger('A', [
          connector(2, 'Faulted', minutesAgo(7), {
            errorCode: 'GroundFailure',
            vendorId: 'ACME',
            vendorErrorCode: 'E-042',
            info: 'RCD tripped',
          }),
        ]),
      ],
      DEFAULT_ATTENTION_THRESHOLDS,
      now,
    );
    expect(item).toMatchObject({
      kind: 'faulted',
      connectorId: 2,
      status: 'Faulted',
      minutes: 7,
      errorCode: 'GroundFailure',
      vendorId: 'ACME',
      vendorErrorCode: 'E-042',
      info: 'RCD tripped',
    });
  });

  it('drops the NoError code a faulted report may carry', () => {
    const [item] = needsAttention(
      [charger('A', [connector(1, 'Faulted', minutesAgo(1), { errorCode: 'NoError', vendorErrorCode: 'X1' })])],
      DEFAULT_ATTENTION_THRESHOLDS,
      now,
    );
    expect(item).toMatchObject({ errorCode: null, vendorErrorCode: 'X1' });
  });

  it('lists an offline charger once, since when, whatever its connectors last said', () => {
    const items = needsAttention(
      [
        charger('A', [connector(1, 'Faulted', minutesAgo(90))], {
          online: false,
          offlineSince: minutesAgo(42),
          status: 'Offline',
        }),
      ],
      DEFAULT_ATTENTION_THRESHOLDS,
      now,
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'offline', since: minutesAgo(42), minutes: 42, connectorId: null });
  });

  it.each([
    ['Preparing', 14, false],
    ['Preparing', 15, true],
    ['SuspendedEV', 59, false],
    ['SuspendedEV', 61, true],
    ['Finishing', 10, false],
    ['Finishing', 20, true],
    ['Charging', 600, false],
    ['Available', 6000, false],
  ])('%s for %i minutes is stuck: %s', (status, minutes, stuck) => {
    expect(kindsOf([charger('A', [connector(1, status, minutesAgo(minutes))])])).toEqual(stuck ? ['stuck:A:1'] : []);
  });

  it('follows the thresholds it is given', () => {
    const chargers = [charger('A', [connector(1, 'Preparing', minutesAgo(3))])];
    const strict = { ...DEFAULT_ATTENTION_THRESHOLDS, preparingMinutes: 2 };
    expect(needsAttention(chargers, strict, now).map((i) => i.kind)).toEqual(['stuck']);
  });

  it('never calls a connector stuck when it does not know since when', () => {
    expect(kindsOf([charger('A', [connector(1, 'Finishing', null)])])).toEqual([]);
  });

  it('lists a fault or unavailability of the charger as a whole (connector 0) without a connector', () => {
    expect(
      kindsOf([
        charger('A', [connector(1, 'Available', minutesAgo(1))], { status: 'Faulted' }),
        charger('B', [connector(1, 'Available', minutesAgo(1))], { status: 'Unavailable' }),
      ]),
    ).toEqual(['faulted:A:null', 'unavailable:B:null']);
  });

  it('puts faults first, then offline, unavailable and stuck; the longest-standing first within each', () => {
    const network = [
      charger('Stuck', [connector(1, 'Finishing', minutesAgo(300))]),
      charger('Down', [], { online: false, offlineSince: minutesAgo(5), status: 'Offline' }),
      charger('Off', [connector(1, 'Unavailable', minutesAgo(2))]),
      charger('Fault new', [connector(1, 'Faulted', minutesAgo(1))]),
      charger('Fault old', [connector(1, 'Faulted', minutesAgo(100)), connector(2, 'Preparing', minutesAgo(30))]),
      charger('Down long', [], { online: false, offlineSince: minutesAgo(500), status: 'Offline' }),
    ];
    expect(kindsOf(network)).toEqual([
      'faulted:Fault old:1',
      'faulted:Fault new:1',
      'offline:Down long:null',
      'offline:Down:null',
      'unavailable:Off:1',
      'stuck:Stuck:1',
      'stuck:Fault old:2',
    ]);
  });
});

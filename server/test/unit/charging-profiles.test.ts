import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { type ProfileRequest, profileIdOf, profileLimitOf } from '../../src/domain/charging-profiles.js';
import type { PreparedProfile } from '../../src/modules/charging/charging-profile-requests.js';
import { ocppCallFor } from '../../src/ocpp/commands.js';

// The official OCPP JSON schemas, as the RPC library validates every call with them (strict mode).
const require = createRequire(import.meta.url);
const { createValidator } = require('ocpp-rpc/lib/validator') as {
  createValidator(protocol: string, schemas: unknown): { validate(id: string, params: unknown): void };
};
const VALIDATORS = {
  'ocpp1.6': createValidator('ocpp1.6', require('ocpp-rpc/lib/schemas/ocpp1_6.json')),
  'ocpp2.0.1': createValidator('ocpp2.0.1', require('ocpp-rpc/lib/schemas/ocpp2_0_1.json')),
};

const request = (fields: Partial<ProfileRequest>): ProfileRequest => ({
  purpose: 'tx-default',
  limit: 11,
  unit: 'kW',
  connector: 1,
  ...fields,
});

describe('profileLimitOf', () => {
  it.each([
    { given: request({ limit: 11 }), want: { rateUnit: 'W', limit: 11_000 } },
    { given: request({ limit: 7.36 }), want: { rateUnit: 'W', limit: 7_360 } },
    { given: request({ limit: 16, unit: 'A' }), want: { rateUnit: 'A', limit: 16 } },
    { given: request({ limit: 15.94, unit: 'A' }), want: { rateUnit: 'A', limit: 15.9 } },
    { given: request({ purpose: 'charger-max', connector: 0, limit: 50 }), want: { rateUnit: 'W', limit: 50_000 } },
  ])('$given.limit $given.unit → $want.limit $want.rateUnit', ({ given, want }) => {
    expect(profileLimitOf(given)).toEqual(want);
  });

  it.each([
    { name: 'a zero limit', given: request({ limit: 0 }), field: 'limit' },
    { name: 'a negative limit', given: request({ limit: -5 }), field: 'limit' },
    { name: 'megawatts typed as kW', given: request({ limit: 22_000 }), field: 'limit' },
    { name: 'an absurd current', given: request({ limit: 5_000, unit: 'A' }), field: 'limit' },
    { name: 'a current that rounds to nothing', given: request({ limit: 0.04, unit: 'A' }), field: 'limit' },
    {
      name: 'a charger maximum on one connector',
      given: request({ purpose: 'charger-max', connector: 2 }),
      field: 'connectorId',
    },
    { name: 'a transaction limit for the whole charger', given: request({ purpose: 'tx', connector: 0 }), field: 'connectorId' },
    { name: 'a duration under a minute', given: request({ durationSeconds: 10 }), field: 'durationSeconds' },
    { name: 'a stack level above 10', given: request({ stackLevel: 11 }), field: 'stackLevel' },
  ])('refuses $name with CHARGING_PROFILE_INVALID on $field', ({ given, field }) => {
    expect(() => profileLimitOf(given)).toThrow(
      expect.objectContaining({ code: 'CHARGING_PROFILE_INVALID', details: { field } }),
    );
  });

  it('gives each purpose and connector its own profile id, the same every time', () => {
    expect(profileIdOf('tx', 1)).toBe(profileIdOf('tx', 1));
    expect(
      new Set([profileIdOf('tx', 1), profileIdOf('tx', 2), profileIdOf('tx-default', 1), profileIdOf('charger-max', 0)]).size,
    ).toBe(4);
  });
});

const prepared = (fields: Partial<PreparedProfile>): PreparedProfile => ({
  purpose: 'tx',
  connector: 1,
  profileId: 3001,
  stackLevel: 1,
  rateUnit: 'W',
  limit: 7_000,
  transactionId: '42',
  ...fields,
});

describe.each(['ocpp1.6', 'ocpp2.0.1'] as const)('smart-charging calls over %s', (protocol) => {
  const validate = (action: string, payload: unknown) => VALIDATORS[protocol].validate(`urn:${action}.req`, payload);

  it.each([
    { name: 'a TxProfile for a running session in W', input: prepared({}) },
    { name: 'a TxProfile in A for 15 minutes', input: prepared({ rateUnit: 'A', limit: 15.9, durationSeconds: 900 }) },
    {
      name: 'a TxDefaultProfile for every connector',
      input: prepared({ purpose: 'tx-default', connector: 0, transactionId: undefined }),
    },
    {
      name: 'a charger maximum',
      input: prepared({ purpose: 'charger-max', connector: 0, profileId: 1000, transactionId: undefined }),
    },
  ])('$name is a schema-valid SetChargingProfile', ({ input }) => {
    const call = ocppCallFor(protocol, 'set-charging-profile', { ...input });
    expect(call.action).toBe('SetChargingProfile');
    expect(() => validate(call.action, call.payload)).not.toThrow();
  });

  it('the schema check itself refuses a malformed profile (so the checks above can fail)', () => {
    const call = ocppCallFor(protocol, 'set-charging-profile', { ...prepared({}) });
    const payload = JSON.parse(JSON.stringify(call.payload)) as Record<string, Record<string, unknown>>;
    delete payload[protocol === 'ocpp1.6' ? 'csChargingProfiles' : 'chargingProfile']!.chargingSchedule;
    expect(() => validate(call.action, payload)).toThrow();
  });

  it('names the purposes and the transaction as the version does', () => {
    const tx = ocppCallFor(protocol, 'set-charging-profile', { ...prepared({ rateUnit: 'A', limit: 16 }) }).payload;
    const max = ocppCallFor(protocol, 'set-charging-profile', { ...prepared({ purpose: 'charger-max', connector: 0 }) }).payload;
    if (protocol === 'ocpp1.6') {
      expect(tx).toMatchObject({
        connectorId: 1,
        csChargingProfiles: {
          transactionId: 42,
          chargingProfilePurpose: 'TxProfile',
          chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
        },
      });
      expect(max).toMatchObject({ connectorId: 0, csChargingProfiles: { chargingProfilePurpose: 'ChargePointMaxProfile' } });
    } else {
      expect(tx).toMatchObject({
        evseId: 1,
        chargingProfile: {
          transactionId: '42',
          chargingProfilePurpose: 'TxProfile',
          chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }],
        },
      });
      expect(max).toMatchObject({ evseId: 0, chargingProfile: { chargingProfilePurpose: 'ChargingStationMaxProfile' } });
    }
  });

  it.each([{}, { purpose: 'tx' as const, connectorId: 2 }, { purpose: 'charger-max' as const }, { evseId: 1 }])(
    'ClearChargingProfile %o is schema-valid',
    (input) => {
      const call = ocppCallFor(protocol, 'clear-charging-profile', input);
      expect(() => validate(call.action, call.payload)).not.toThrow();
    },
  );

  it.each([{}, { connectorId: 1, durationSeconds: 600, unit: 'kW' as const }, { evseId: 2, unit: 'A' as const }])(
    'GetCompositeSchedule %o is schema-valid',
    (input) => {
      const call = ocppCallFor(protocol, 'get-composite-schedule', input);
      expect(() => validate(call.action, call.payload)).not.toThrow();
    },
  );
});

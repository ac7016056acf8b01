import { describe, expect, it } from 'vitest';
import { payloadOf, rateOf, validateCampaign, valuesOf } from './campaign-form-values';

describe('campaign form values', () => {
  it('turns a typed percentage into an exact rate and back', () => {
    expect(rateOf('10')).toBe('0.1');
    expect(rateOf('12.5')).toBe('0.125');
    expect(rateOf('100')).toBe('1');
    expect(rateOf('ten')).toBeNull();
    const values = valuesOf(
      {
        id: 'c',
        organizationId: 'o',
        name: 'Ten',
        siteId: null,
        kind: 'percent',
        percent: '0.125',
        fixedMinor: null,
        validFrom: '2026-03-01T00:00:00.000Z',
        validTo: null,
        createdAt: '2026-03-01T00:00:00.000Z',
      },
      null,
      'LKR',
    );
    expect(values.percent).toBe('12.5');
  });

  it('a fixed amount is sent in minor units; bad figures are refused before sending', () => {
    const base = valuesOf(null, 'org', 'LKR');
    const fixed = { ...base, name: 'Hundred off', kind: 'fixed' as const, fixedAmount: '100.50' };
    expect(validateCampaign(fixed, 'LKR')).toEqual({});
    expect(payloadOf(fixed, 'LKR')).toMatchObject({ kind: 'fixed', fixedMinor: 10_050, percent: null, siteId: null });
    expect(validateCampaign({ ...fixed, fixedAmount: '-5' }, 'LKR')).toHaveProperty('fixedAmount');
    expect(validateCampaign({ ...base, name: 'X', percent: '0' }, 'LKR')).toHaveProperty('percent');
    expect(validateCampaign({ ...base, name: 'X', percent: '150' }, 'LKR')).toHaveProperty('percent');
    expect(validateCampaign({ ...base, name: 'X', percent: '10', validTo: '2000-01-01T00:00' }, 'LKR')).toHaveProperty('validTo');
  });
});

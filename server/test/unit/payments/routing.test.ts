import { describe, expect, it } from 'vitest';
import {
  binRangeOrdered,
  inBinRange,
  routingMatches,
  type GatewayConfigRow,
  type RouteQuery,
} from '../../../src/modules/payments/registry.js';
import { checkedRouting } from '../../../src/modules/gateway-configs/rules.js';

const config = (fields: Partial<GatewayConfigRow>): GatewayConfigRow =>
  ({ currencies: [], routing: {}, ...fields }) as GatewayConfigRow;
const query = (fields: Partial<RouteQuery> = {}): RouteQuery => ({
  organizationId: 'org',
  gateway: 'cybersource',
  currency: 'LKR',
  amountMinor: 10_000n,
  cardBrand: 'Visa',
  bin: '41111111',
  ...fields,
});

describe('BIN ranges', () => {
  it('compare on the range’s own length', () => {
    const range = { from: '4111', to: '4199' };
    expect(inBinRange('41111111', range)).toBe(true);
    expect(inBinRange('41990000', range)).toBe(true);
    expect(inBinRange('41100000', range)).toBe(false);
    expect(inBinRange('42000000', range)).toBe(false);
    expect(inBinRange('5', { from: '4', to: '5' })).toBe(true);
    expect(inBinRange('411111', { from: '411111', to: '411111' })).toBe(true);
  });

  it('a range whose start is after its end takes nothing and is refused', () => {
    expect(binRangeOrdered({ from: '4111', to: '4199' })).toBe(true);
    expect(binRangeOrdered({ from: '4199', to: '4111' })).toBe(false);
    expect(() => checkedRouting({ binRanges: [{ from: '52', to: '51' }] })).toThrow(/ends before it starts/);
  });
});

describe('routing rules', () => {
  it('every rule given must hold', () => {
    expect(routingMatches(config({}), query())).toBe(true);
    expect(routingMatches(config({ currencies: ['USD'] }), query())).toBe(false);
    expect(routingMatches(config({ routing: { currencies: ['LKR'] } }), query())).toBe(true);
    expect(routingMatches(config({ routing: { brands: ['visa'] } }), query())).toBe(true);
    expect(routingMatches(config({ routing: { brands: ['amex'] } }), query())).toBe(false);
    expect(routingMatches(config({ routing: { brands: ['visa'] } }), query({ cardBrand: null }))).toBe(false);
    expect(routingMatches(config({ routing: { binRanges: [{ from: '4111', to: '4199' }] } }), query({ bin: null }))).toBe(false);
    expect(
      routingMatches(
        config({
          routing: {
            binRanges: [
              { from: '5100', to: '5599' },
              { from: '4111', to: '4111' },
            ],
          },
        }),
        query(),
      ),
    ).toBe(true);
    expect(routingMatches(config({ routing: { minAmountMinor: 10_000, maxAmountMinor: 10_000 } }), query())).toBe(true);
    expect(routingMatches(config({ routing: { minAmountMinor: 10_001 } }), query())).toBe(false);
    expect(routingMatches(config({ routing: { maxAmountMinor: 9_999 } }), query())).toBe(false);
  });

  it('stores rules cleaned: empty lists left out, currencies upper case, amounts consistent', () => {
    expect(checkedRouting({ brands: [], currencies: ['lkr', 'LKR'], minAmountMinor: 0 })).toEqual({
      currencies: ['LKR'],
      minAmountMinor: 0,
    });
    expect(() => checkedRouting({ currencies: ['XXQ'] })).toThrow(/ISO 4217/);
    expect(() => checkedRouting({ minAmountMinor: 2, maxAmountMinor: 1 })).toThrow(/smallest amount/);
  });
});

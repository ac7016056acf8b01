import { describe, expect, it } from 'vitest';
import { amountRangeMinor } from './amount-range';

describe('the amount filter', () => {
  it('turns major units into exact minor units of the currency', () => {
    expect(amountRangeMinor('0.29', '1234567.89', 'LKR')).toEqual({ minAmountMinor: 29, maxAmountMinor: 123456789, error: null });
    expect(amountRangeMinor('', '1.005', 'KWD')).toEqual({ minAmountMinor: undefined, maxAmountMinor: 1005, error: null });
    expect(amountRangeMinor('1500', '', 'JPY')).toEqual({ minAmountMinor: 1500, maxAmountMinor: undefined, error: null });
  });

  it('refuses what it cannot convert exactly, and a range the wrong way round', () => {
    expect(amountRangeMinor('12.345', '', 'LKR').error).toContain('at most 2 decimals');
    expect(amountRangeMinor('-5', '', 'LKR').error).not.toBeNull();
    expect(amountRangeMinor('20', '10', 'EUR').error).toBe('The smallest amount must not be above the largest');
  });
});

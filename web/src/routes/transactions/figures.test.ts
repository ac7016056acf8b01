import { describe, expect, it } from 'vitest';
import { priceLineWords as words, trimDecimal } from './figures';

/** Intl separates the currency with a no-break space; compare as a reader sees it. */
const priceLineWords = (...args: Parameters<typeof words>) => words(...args).replace(/\u00a0/g, ' ');

describe('price lines in words', () => {
  it('names the dimension, its unit and the unit price with its currency', () => {
    expect(priceLineWords({ type: 'ENERGY', quantity: '6.3840', unitPrice: '120.00' }, 'LKR')).toBe(
      'Energy 6.384 kWh × LKR 120.00/kWh',
    );
    expect(priceLineWords({ type: 'TIME', quantity: '1.2500', unitPrice: '2.40' }, 'EUR')).toBe('Charging time 1.25 h × €2.40/h');
    expect(priceLineWords({ type: 'PARKING_TIME', quantity: '0.5000', unitPrice: '6.00' }, 'LKR')).toBe(
      'Parking time 0.5 h × LKR 6.00/h',
    );
    expect(priceLineWords({ type: 'FLAT', quantity: '1', unitPrice: '50.00' }, 'LKR')).toBe('Session fee LKR 50.00');
  });

  it('keeps the exact digits the server sent, only without trailing zeros', () => {
    expect(trimDecimal('12.0000')).toBe('12');
    expect(trimDecimal('0.0010')).toBe('0.001');
    expect(trimDecimal('250')).toBe('250');
  });
});

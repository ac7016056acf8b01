import { Decimal } from 'decimal.js';

/** A numeric column's text ("45.000000") in its shortest exact form ("45"). */
export function plainDecimal(value: string): string;
export function plainDecimal(value: string | null): string | null;
export function plainDecimal(value: string | null): string | null {
  return value === null ? null : new Decimal(value).toFixed();
}

import { shiftDecimal } from '../../decimal';

const kwh = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Wh → "12.5" kWh for display. */
export const kwhOf = (wh: number) => kwh.format(wh / 1000);

/** margin ÷ net "0.3974" → "39.74 %"; "—" without net revenue. */
export function formatProfitability(ratio: string | null): string {
  if (ratio === null) return '—';
  const percent = shiftDecimal(ratio, 2);
  const [int = '0', frac = ''] = percent.split('.');
  return `${int}.${frac.padEnd(2, '0').slice(0, 2)} %`;
}

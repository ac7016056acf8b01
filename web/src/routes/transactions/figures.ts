import { formatMoney, formatPrice } from '../../format';

/** 3725 s → "1 h 02 min"; under an hour "14 min"; under a minute "45 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Wh → "12.345 kWh", exact: integer division and remainder, no float division. */
export function formatEnergy(wh: number): string {
  const abs = Math.abs(wh);
  const rest = String(abs % 1000).padStart(3, '0');
  return `${wh < 0 ? '-' : ''}${Math.floor(abs / 1000).toLocaleString()}.${rest} kWh`;
}

/** A money figure or a dash when there is none yet (an unsettled session). */
export const moneyOrDash = (minor: number | null, currency: string) => (minor === null ? '—' : formatMoney(minor, currency));

/** Why a session or its settlement is flagged, in words an operator reads (unknown codes shown as they are). */
const FLAG_WORDS: Record<string, string> = {
  closed_at_boot: 'Closed by the system: the charger rebooted without stopping it',
  closed_after_timeout: 'Closed by the system: the charger went silent',
  superseded: 'Closed by the system: a newer session started on the connector',
  start_missing: 'The charger never reported the start',
  clock_skew: "The charger's clock was off: some timestamps are far ahead or went backwards",
  NO_TARIFF: 'No tariff applied',
  NO_CONTRACT: 'No commission contract in force',
  TARIFF_CURRENCY_MISMATCH: "The tariff's currency differs from the organization's",
  PRICING_FAILED: 'The readings could not be priced',
};

export const flagWords = (flag: string) => FLAG_WORDS[flag] ?? flag;

/** "6.3840" → "6.384", "12.0000" → "12": the exact decimal the server sent, without trailing zeros. */
export function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}

/** One priced line of a session as a person reads it: "Energy 6.384 kWh × LKR 120.00/kWh". */
export function priceLineWords(line: { type: string; quantity: string; unitPrice: string }, currency: string): string {
  const price = formatPrice(line.unitPrice, currency);
  const quantity = trimDecimal(line.quantity);
  switch (line.type) {
    case 'ENERGY':
      return `Energy ${quantity} kWh × ${price}/kWh`;
    case 'TIME':
      return `Charging time ${quantity} h × ${price}/h`;
    case 'PARKING_TIME':
      return `Parking time ${quantity} h × ${price}/h`;
    case 'FLAT':
      return quantity === '1' ? `Session fee ${price}` : `Session fee ${quantity} × ${price}`;
    default:
      return `${line.type} ${quantity} × ${price}`;
  }
}

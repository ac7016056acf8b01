/** ISO 4217 minor-unit digits where they are not 2 (docs/finance.md §1: the digit count comes from ISO 4217). */
const MINOR_DIGITS_EXCEPTIONS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && KNOWN_CURRENCIES.has(code);
}

export function minorDigits(currency: string): number {
  return MINOR_DIGITS_EXCEPTIONS[currency] ?? 2;
}

const KNOWN_TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

export function isKnownTimeZone(zone: string): boolean {
  return KNOWN_TIME_ZONES.has(zone);
}

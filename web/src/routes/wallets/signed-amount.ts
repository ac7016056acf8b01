import { majorToMinor } from '../../format';

/** "-12.50" or "+12.50" (major units) → signed minor units; null when it is not an amount of the currency. */
export function signedMajorToMinor(text: string, currency: string): number | null {
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-') || trimmed.startsWith('−');
  const minor = majorToMinor(trimmed.replace(/^[-−+]/, ''), currency);
  return minor === null ? null : negative ? -minor : minor;
}

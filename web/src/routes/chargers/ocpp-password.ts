/** OCPP 2.0.1 security profile 1: BasicAuthPassword is 16 to 40 characters (the server enforces it too). */
export const MIN_OCPP_PASSWORD = 16;
export const MAX_OCPP_PASSWORD = 40;
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A 24-character random secret: what a charger should be provisioned with rather than a memorable word. */
export function generatedOcppPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

import { createHash, createHmac } from 'node:crypto';

/**
 * CyberSource's HTTP Signature scheme for the REST API (shared-secret keys): the signed string is
 * the listed headers as `name: value` lines in the listed order, `(request-target)` being
 * `<method lower-case> <path and query>`; the key is the base64-decoded shared secret.
 */
export interface SignatureInput {
  method: string;
  /** Path and query, e.g. /pts/v2/payments. */
  target: string;
  host: string;
  date: string;
  merchantId: string;
  /** The exact body bytes sent; absent for GET. */
  body?: string;
  keyId: string;
  sharedSecretBase64: string;
}

export function bodyDigest(body: string): string {
  return `SHA-256=${createHash('sha256').update(body, 'utf8').digest('base64')}`;
}

export function signedHeaderNames(hasBody: boolean): string[] {
  return hasBody
    ? ['host', 'date', '(request-target)', 'digest', 'v-c-merchant-id']
    : ['host', 'date', '(request-target)', 'v-c-merchant-id'];
}

export function signingString(names: string[], values: Record<string, string>): string {
  return names.map((name) => `${name}: ${values[name] ?? ''}`).join('\n');
}

export function hmacSignature(secretBase64: string, data: string): string {
  return createHmac('sha256', Buffer.from(secretBase64, 'base64')).update(data, 'utf8').digest('base64');
}

/** The headers that authenticate one request (`host` is signed but sent by fetch itself, from the URL). */
export function signatureHeaders(input: SignatureInput): Record<string, string> {
  const hasBody = input.body !== undefined;
  const values: Record<string, string> = {
    host: input.host,
    date: input.date,
    '(request-target)': `${input.method.toLowerCase()} ${input.target}`,
    'v-c-merchant-id': input.merchantId,
  };
  if (hasBody) values.digest = bodyDigest(input.body!);
  const names = signedHeaderNames(hasBody);
  const signature = hmacSignature(input.sharedSecretBase64, signingString(names, values));
  return {
    date: input.date,
    'v-c-merchant-id': input.merchantId,
    ...(hasBody ? { digest: values.digest! } : {}),
    signature: `keyid="${input.keyId}", algorithm="HmacSHA256", headers="${names.join(' ')}", signature="${signature}"`,
  };
}

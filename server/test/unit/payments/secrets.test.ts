import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SecretsError,
  ciphertextKeyId,
  decryptSecret,
  encryptSecret,
  keyId,
  maskValue,
  parseSecretKey,
} from '../../../src/domain/secrets.js';
import { completeCredentials, maskCredentials } from '../../../src/modules/gateway-configs/credentials.js';

const key = () => randomBytes(32);

describe('secrets at rest (AES-256-GCM)', () => {
  it('opens what it sealed, and never the same ciphertext twice', () => {
    const keys = { current: key(), previous: [] };
    const a = encryptSecret(keys, '{"apiKey":"dialog-key-1"}');
    const b = encryptSecret(keys, '{"apiKey":"dialog-key-1"}');
    expect(a).not.toBe(b);
    expect(a).not.toContain('dialog');
    expect(ciphertextKeyId(a)).toBe(keyId(keys.current));
    expect(decryptSecret(keys, a)).toBe('{"apiKey":"dialog-key-1"}');
  });

  it('refuses a ciphertext that was altered, or one from another key', () => {
    const keys = { current: key(), previous: [] };
    const sealed = encryptSecret(keys, 'shared-secret');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0]! ^= 1;
    const tampered = [...parts.slice(0, 4), body.toString('base64url')].join('.');
    expect(() => decryptSecret(keys, tampered)).toThrow(SecretsError);
    expect(() => decryptSecret(keys, tampered)).toThrow(/altered or the key is wrong/);
    const otherTag = [...parts.slice(0, 3), Buffer.alloc(16).toString('base64url'), parts[4]].join('.');
    expect(() => decryptSecret(keys, otherTag)).toThrow(SecretsError);
    expect(() => decryptSecret({ current: key(), previous: [] }, sealed)).toThrow(
      /neither SECRETS_KEY nor in SECRETS_KEY_PREVIOUS/,
    );
    expect(() => decryptSecret(keys, 'plain text')).toThrow(/Not an encrypted secret/);
  });

  it('after a rotation, opens old ciphertexts with SECRETS_KEY_PREVIOUS and seals new ones with SECRETS_KEY', () => {
    const old = key();
    const sealedBefore = encryptSecret({ current: old, previous: [] }, 'merchant-secret');
    const rotated = { current: key(), previous: [old] };
    expect(decryptSecret(rotated, sealedBefore)).toBe('merchant-secret');
    const resealed = encryptSecret(rotated, decryptSecret(rotated, sealedBefore));
    expect(ciphertextKeyId(resealed)).toBe(keyId(rotated.current));
    expect(() => decryptSecret({ current: rotated.current, previous: [] }, sealedBefore)).toThrow(SecretsError);
    expect(decryptSecret({ current: rotated.current, previous: [] }, resealed)).toBe('merchant-secret');
  });

  it('takes a key as 64 hex digits or base64 of 32 bytes, nothing else', () => {
    const raw = key();
    expect(parseSecretKey(raw.toString('hex'), 'SECRETS_KEY').equals(raw)).toBe(true);
    expect(parseSecretKey(raw.toString('base64'), 'SECRETS_KEY').equals(raw)).toBe(true);
    expect(() => parseSecretKey('short', 'SECRETS_KEY')).toThrow(/32 bytes/);
  });
});

describe('gateway credentials', () => {
  it('masks identifiers in part and secrets whole', () => {
    expect(maskValue('lanka_ev_merchant01', false)).toBe('lan…01');
    expect(maskValue('short', false)).toBe('••••');
    expect(
      maskCredentials({ merchantId: 'lanka_ev_merchant01', keyId: 'key-1234567', sharedSecret: 'c2VjcmV0', apiKey: 'k' }),
    ).toEqual({
      merchantId: 'lan…01',
      keyId: 'key…67',
      sharedSecret: '••••',
      apiKey: '••••',
    });
  });

  it('needs every field of the gateway, keeps stored ones left out, refuses other gateways’ fields', () => {
    expect(() => completeCredentials('amex', { merchantId: 'AMEX01' })).toThrow('American Express needs apiPassword');
    expect(completeCredentials('amex', { apiPassword: 'new' }, { merchantId: 'AMEX01', apiPassword: 'old' })).toEqual({
      merchantId: 'AMEX01',
      apiPassword: 'new',
    });
    expect(completeCredentials('dialog_fuel_card', { apiKey: '' }, { apiKey: 'kept' })).toEqual({ apiKey: 'kept' });
    expect(() => completeCredentials('dialog_fuel_card', { apiKey: 'k', merchantId: 'm' })).toThrow(
      'Dialog Fuel Card takes no merchantId',
    );
    expect(completeCredentials('manual', {})).toEqual({});
    expect(() => completeCredentials('cybersource', { merchantId: 'm', keyId: 'k', sharedSecret: 'not base64!' })).toThrow(
      /base64/,
    );
    expect(completeCredentials('cybersource', { merchantId: 'm', keyId: 'k', sharedSecret: 'c2VjcmV0' }).sharedSecret).toBe(
      'c2VjcmV0',
    );
  });
});

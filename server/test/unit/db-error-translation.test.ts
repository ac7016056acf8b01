import { describe, expect, it } from 'vitest';
import { translateDbError } from '../../src/errors.js';

describe('database errors a user can cause are translated, never passed on', () => {
  it.each([
    ['22P02', 'invalid text representation', 400, 'VALIDATION_FAILED'],
    ['22021', 'character not in repertoire (a NUL in text)', 400, 'VALIDATION_FAILED'],
    ['22P05', 'untranslatable character (a NUL in jsonb)', 400, 'VALIDATION_FAILED'],
    ['22003', 'numeric value out of range', 400, 'VALIDATION_FAILED'],
    ['22007', 'invalid datetime format', 400, 'VALIDATION_FAILED'],
    ['23514', 'check violation', 422, 'UNPROCESSABLE'],
    ['23505', 'unique violation', 409, 'DUPLICATE'],
    ['23503', 'foreign key violation', 409, 'IN_USE'],
  ])('%s (%s) → %i %s', (code, _what, status, appCode) => {
    // Drizzle wraps the driver's error: the SQLSTATE sits on its cause.
    const translated = translateDbError(new Error('Failed query', { cause: { code, message: 'ERROR: raw postgres text' } }));
    expect(translated).toMatchObject({ status, code: appCode });
    expect(translated?.message).not.toContain('postgres');
  });

  it('leaves errors that are the server’s own alone (they stay 500)', () => {
    expect(translateDbError({ code: '42P01' })).toBeNull(); // undefined table: a defect of ours
    expect(translateDbError({ code: '42703' })).toBeNull(); // undefined column
    expect(translateDbError(new Error('boom'))).toBeNull();
  });

  it('answers a database that refuses connections as unavailable, to be tried again (503)', () => {
    expect(translateDbError({ code: '53300' })).toMatchObject({ status: 503, code: 'UNAVAILABLE' }); // too many connections
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { assertAcceptablePassword, passwordProblem } from '../../src/auth/passwords.js';
import { DEMO_CREDENTIALS } from '../../src/seed/demo.js';

const refusal = (password: string, owner = {}) => {
  try {
    assertAcceptablePassword(password, owner);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { status: error.status, code: error.code, rule: (error.details as { rule: string }).rule, message: error.message };
  }
};

describe('password policy', () => {
  it('accepts long passwords of unrelated words', () => {
    expect(refusal('harbour-lantern-keystone', { email: 'amara@example.com', name: 'Amara Perera' })).toBeNull();
    expect(refusal('correct-horse-battery')).toBeNull();
  });

  it('refuses fewer than 10 characters with 400', () => {
    expect(refusal('Tr0ub4d&r')).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', rule: 'too_short' });
  });

  it('counts the 72-byte limit in UTF-8 bytes, as bcrypt does, not in characters', () => {
    expect(refusal('a'.repeat(72))).not.toMatchObject({ rule: 'too_long' });
    expect(refusal('a'.repeat(73))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', rule: 'too_long' });
    // 40 characters, 80 bytes: bcrypt would silently ignore the last 8 bytes.
    const accented = 'é'.repeat(40);
    expect(accented.length).toBe(40);
    expect(refusal(accented)).toMatchObject({ status: 400, rule: 'too_long' });
    expect(refusal(accented)!.message).toMatch(/72 bytes/);
    // 20 emoji: 20 "characters" to a person, 80 bytes.
    expect(refusal('🔋'.repeat(20))).toMatchObject({ rule: 'too_long' });
  });

  it.each(['password1234', 'qwertyuiop', '1234567890', 'iloveyou12', 'Password123!', 'P@ssw0rd2024', 'letmein123456'])(
    'refuses the common password %s with 422 PASSWORD_TOO_WEAK',
    (password) => {
      expect(refusal(password)).toMatchObject({ status: 422, code: 'PASSWORD_TOO_WEAK', rule: 'too_common' });
    },
  );

  it("refuses a password containing the e-mail's name part, whatever the case", () => {
    expect(refusal('Nuwan.Silva-2026-charger', { email: 'nuwan.silva@chargeboard.demo' })).toMatchObject({
      status: 422,
      code: 'PASSWORD_TOO_WEAK',
      rule: 'contains_email',
    });
    expect(refusal('harbour-lantern-keystone', { email: 'nuwan.silva@chargeboard.demo' })).toBeNull();
  });

  it("the demo users' password is acceptable for every demo account", () => {
    for (const demo of DEMO_CREDENTIALS) expect(passwordProblem(demo.password, { email: demo.email })).toBeNull();
  });
});

import bcrypt from 'bcrypt';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 10;
/** bcrypt reads 72 bytes and silently ignores the rest: refusing is more honest than truncating. */
export const MAX_PASSWORD_BYTES = 72;
/** zxcvbn's 0–4 scale; 3 means about 10^8 guesses or more ("safely unguessable" online). */
export const MIN_PASSWORD_SCORE = 3;

export const PASSWORD_RULE =
  `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_BYTES} characters (accented letters and emoji count as 2–4), ` +
  'not a common or easily guessed password, and not containing your e-mail name';

export type PasswordRule = 'too_short' | 'too_long' | 'contains_email' | 'too_common';

/** Whose password it is: its e-mail's name part must not be in it, and its words help the estimate. */
export interface PasswordOwner {
  email?: string | null;
  name?: string | null;
}

let estimator: ZxcvbnFactory | null = null;
/** Built on first use: the common-password and name lists take a moment to load. */
const strength = () => (estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

const emailName = (email: string | null | undefined) => email?.split('@')[0]?.trim().toLowerCase() ?? '';

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, owner: PasswordOwner = {}): { rule: PasswordRule; message: string } | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return { rule: 'too_short', message: `Password must be at least ${MIN_PASSWORD_LENGTH} characters` };
  }
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    return {
      rule: 'too_long',
      message: `Password must be at most ${MAX_PASSWORD_BYTES} bytes (${MAX_PASSWORD_BYTES} plain letters and digits; accented letters and emoji count as 2–4)`,
    };
  }
  const lower = password.toLowerCase();
  const name = emailName(owner.email);
  if (name.length >= 3 && lower.includes(name)) {
    return { rule: 'contains_email', message: 'Password must not contain the name part of the e-mail address' };
  }
  // The estimator also counts the e-mail's and the person's words as easy to guess.
  const userInputs = [...name.split(/[._+-]+/), ...(owner.name?.toLowerCase().split(/\s+/) ?? [])].filter(Boolean);
  if (strength().check(password, userInputs).score < MIN_PASSWORD_SCORE) {
    return {
      rule: 'too_common',
      message:
        'Password is too common or easy to guess (a well-known password, a keyboard pattern, or a word with a few digits): use several unrelated words',
    };
  }
  return null;
}

/**
 * Every place a person's password is set (user creation, own change, admin reset, bootstrap and
 * CLI admin) goes through this: length → 400 VALIDATION_FAILED, guessable → 422 PASSWORD_TOO_WEAK.
 */
export function assertAcceptablePassword(password: string, owner: PasswordOwner = {}): void {
  const problem = passwordProblem(password, owner);
  if (!problem) return;
  const code = problem.rule === 'too_short' || problem.rule === 'too_long' ? 'VALIDATION_FAILED' : 'PASSWORD_TOO_WEAK';
  throw new AppError(code, problem.message, { field: 'password', rule: problem.rule });
}

export const hashPassword = (password: string, cost: number): Promise<string> => bcrypt.hash(password, cost);
export const verifyPassword = (password: string, hash: string): Promise<boolean> => bcrypt.compare(password, hash);

/** Compared against when the e-mail is unknown, so response time does not reveal which accounts exist. */
export const DUMMY_HASH = '$2b$12$C6UzMDM.H6dfI/f/IKxGhuM7RzUR2Y0zC3qJ4.9z8m1Gd6rWvO6ya';

import bcrypt from 'bcrypt';
import { AppError } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 10;

export function assertAcceptablePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError('VALIDATION_FAILED', `Password must be at least ${MIN_PASSWORD_LENGTH} characters`, {
      field: 'password',
    });
  }
  if (password.length > 72) {
    // bcrypt ignores everything past 72 bytes; refusing is more honest than truncating.
    throw new AppError('VALIDATION_FAILED', 'Password must be at most 72 characters', { field: 'password' });
  }
}

export const hashPassword = (password: string, cost: number): Promise<string> => bcrypt.hash(password, cost);
export const verifyPassword = (password: string, hash: string): Promise<boolean> => bcrypt.compare(password, hash);

/** Compared against when the e-mail is unknown, so response time does not reveal which accounts exist. */
export const DUMMY_HASH = '$2b$12$C6UzMDM.H6dfI/f/IKxGhuM7RzUR2Y0zC3qJ4.9z8m1Gd6rWvO6ya';

/** The server's password rule (server/src/auth/passwords.ts), shown under every field where a password is set. */
export const PASSWORD_RULE =
  '10 to 72 characters (accented letters and emoji count as 2–4); not a common or easily guessed password, and not containing the e-mail name';

const utf8 = new TextEncoder();

/** The length part of the rule, checked before sending; the server also refuses guessable passwords. */
export function passwordLengthError(value: string): string | null {
  if ([...value].length < 10) return 'At least 10 characters';
  if (utf8.encode(value).length > 72) return 'Too long: at most 72 bytes (fewer accented letters or emoji)';
  return null;
}

/**
 * Credentials that OCPP frames can carry, hidden before the message log leaves the server:
 * 1.6 `ChangeConfiguration`/`GetConfiguration` of `AuthorizationKey` (the basic-auth password),
 * 2.0.1 `SetVariables`/`GetVariables` of `BasicAuthPassword`, and any field named like a password.
 */
const SECRET_NAME = /password|authorizationkey|secret/i;
const HIDDEN = '[redacted]';

function namesSecret(value: Record<string, unknown>): boolean {
  const variable = value.variable as { name?: unknown } | undefined;
  return [value.key, value.name, variable?.name].some((name) => typeof name === 'string' && SECRET_NAME.test(name));
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const secretHolder = namesSecret(record);
  return Object.fromEntries(
    Object.entries(record).map(([field, inner]) => {
      if (SECRET_NAME.test(field) && typeof inner !== 'object') return [field, HIDDEN];
      if (secretHolder && (field === 'value' || field === 'attributeValue')) return [field, HIDDEN];
      return [field, redactValue(inner)];
    }),
  );
}

/** The frame with credentials hidden; a frame that cannot be read (cut off) but mentions one is withheld whole. */
export function redactFrame(frame: string): string {
  try {
    return JSON.stringify(redactValue(JSON.parse(frame)));
  } catch {
    return SECRET_NAME.test(frame) ? `${HIDDEN} (an unreadable frame that mentions a credential)` : frame;
  }
}

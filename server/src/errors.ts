import { isDatabaseUnavailable } from './db/errors.js';

/** Every error a user can see has a stable code; its HTTP status is defined once, here. */
export const STATUS_BY_CODE = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  DATE_RANGE_INVALID: 400,
  AMOUNT_RANGE_INVALID: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_EXPIRED: 401,
  REFRESH_TOKEN_INVALID: 401,
  SESSION_REVOKED: 401,
  PASSWORD_CHANGE_REQUIRED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BUILT_IN_ROLE_READ_ONLY: 405,
  CONFLICT: 409,
  DUPLICATE: 409,
  OCPP_IDENTITY_TAKEN: 409,
  CHARGER_RETIRED: 409,
  CHARGER_ALREADY_REJECTED: 409,
  EMAIL_TAKEN: 409,
  IN_USE: 409,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  REPORT_DIMENSION_UNKNOWN: 422,
  REPORT_METRIC_UNKNOWN: 422,
  REPORT_COMBINATION_INVALID: 422,
  REPORT_PERIOD_TOO_LONG: 422,
  CURRENCY_UNKNOWN: 422,
  TIME_ZONE_UNKNOWN: 422,
  TAX_RATE_INVALID: 422,
  BILLING_DAY_INVALID: 422,
  ORGANIZATION_CYCLE: 422,
  CONTRACT_INVALID: 422,
  CONTRACT_OVERLAP: 409,
  TARIFF_OVERLAP: 409,
  TARIFF_IN_USE: 409,
  TARIFF_CURRENCY_MISMATCH: 422,
  TARIFF_ASSIGNMENT_INVALID: 422,
  CAMPAIGN_INVALID: 422,
  CAMPAIGN_IN_USE: 409,
  LOGO_INVALID: 422,
  LOGO_EMPTY: 422,
  LOGO_DIMENSIONS_TOO_LARGE: 422,
  LOGO_SVG_REFUSED: 415,
  LOGO_TYPE_UNSUPPORTED: 415,
  PERMISSION_ESCALATION: 403,
  SITE_LIMITED_SCOPE: 403,
  NOT_A_LOCATION_OWNER: 403,
  OWN_ACCOUNT: 422,
  PASSWORD_TOO_WEAK: 422,
  ACCOUNT_LOCKED: 429,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  CHARGER_OFFLINE: 409,
  PERIOD_MISMATCH: 422,
  PERIOD_NOT_CLOSED: 422,
  INVOICE_NOT_DRAFT: 409,
  INVOICE_ALREADY_SENT: 409,
  INVOICE_NOT_SENT: 409,
  SESSION_NOT_SETTLED: 409,
  JOB_NOT_FAILED: 409,
  PAYMENT_EXCEEDS_BALANCE: 422,
  CREDIT_EXCEEDS_INVOICE: 422,
  PAYOUT_EXCEEDS_BALANCE: 422,
  RECONCILIATION_FILE_INVALID: 422,
  RECONCILIATION_PERIOD_MISSING: 422,
  REFUND_EXCEEDS_CAPTURED: 422,
  RECEIPT_NUMBER_REQUIRED: 422,
  PAYMENT_NOT_REFUNDABLE: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  WALLET_EXISTS: 409,
  WALLET_NEEDS_ORGANIZATION: 422,
  TOP_UP_ABOVE_MAXIMUM: 422,
  NO_CARD_ON_FILE: 422,
  GATEWAY_NOT_CONFIGURED: 422,
  PAYMENT_DECLINED: 422,
  PAYMENT_GATEWAY_ERROR: 502,
  COMMAND_UNSUPPORTED: 422,
  CHARGING_PROFILE_INVALID: 422,
  LOAD_MANAGEMENT_INVALID: 422,
  GRID_FEED_INVALID: 422,
  GATEWAY_UNKNOWN: 422,
  GATEWAY_CREDENTIALS_MISSING: 422,
  GATEWAY_CREDENTIALS_INVALID: 422,
  GATEWAY_BASE_URL_INVALID: 422,
  GATEWAY_ROUTING_INVALID: 422,
  GATEWAY_FALLBACK_INVALID: 422,
  SECRETS_KEY_MISSING: 409,
  ALERT_RULE_UNKNOWN: 422,
  ALERT_RULE_NOT_AVAILABLE: 422,
  ALERT_THRESHOLD_INVALID: 422,
  ALERT_RESOLVED: 409,
  MAINTENANCE_WINDOW_INVALID: 422,
  MESSAGE_INVALID: 422,
  MESSAGE_AUDIENCE_INVALID: 422,
  MESSAGE_NO_RECIPIENTS: 422,
  MESSAGE_NOT_SCHEDULED: 409,
  PUSH_ENDPOINT_INVALID: 400,
  PUSH_KEYS_INVALID: 400,
  WEB_PUSH_UNAVAILABLE: 409,
  MOBILE_TOKEN_INVALID: 400,
  CHARGER_ERROR: 502,
  CHARGER_TIMEOUT: 504,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof STATUS_BY_CODE;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = STATUS_BY_CODE[code];
  }
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this'): AppError => new AppError('FORBIDDEN', message);
export const unprocessable = (message: string, details?: unknown): AppError => new AppError('UNPROCESSABLE', message, details);

interface PgErrorLike {
  code?: string;
  constraint?: string;
  detail?: string;
  cause?: unknown;
}

/** Postgres constraint names → what a user reads instead of the database's message. */
const CONSTRAINT_ERRORS: Record<string, () => AppError> = {
  chargers_ocpp_identity_uq: () => new AppError('OCPP_IDENTITY_TAKEN', 'A charger with this OCPP identity already exists'),
  rejected_chargers_identity_uq: () =>
    new AppError('CHARGER_ALREADY_REJECTED', 'This OCPP identity is already in the rejected list'),
  users_email_uq: () => new AppError('EMAIL_TAKEN', 'A user with this e-mail already exists'),
  custom_roles_org_name_uq: () => new AppError('DUPLICATE', 'This organization already has a role with that name'),
  connectors_charger_connector_uq: () => new AppError('DUPLICATE', 'Connector ids must be unique per charger'),
  id_tokens_org_token_uq: () => new AppError('DUPLICATE', 'This organization already has an ID token with that value'),
};

function pgErrorOf(error: unknown): PgErrorLike | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const candidate = current as PgErrorLike;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    current = candidate.cause;
  }
  return null;
}

/** What a request or charger call meets while the database is unreachable: try again, nothing was stored. */
export const databaseUnavailable = (): AppError =>
  new AppError('UNAVAILABLE', 'The database is unreachable right now; nothing was saved. Try again shortly.');

/** Translates database constraint errors at the boundary so users never see a Postgres message. */
export function translateDbError(error: unknown): AppError | null {
  if (isDatabaseUnavailable(error)) return databaseUnavailable();
  const pgError = pgErrorOf(error);
  if (!pgError) return null;
  const known = pgError.constraint ? CONSTRAINT_ERRORS[pgError.constraint] : undefined;
  if (known) return known();
  switch (pgError.code) {
    case '23505':
      return new AppError('DUPLICATE', 'This record already exists');
    case '23503':
      return new AppError('IN_USE', 'This record is referenced by other records or refers to a missing one');
    case '23514':
      return new AppError('UNPROCESSABLE', 'A value is out of range or malformed');
    default:
      // Class 22, "data exception" (22P02 invalid text, 22021 bad encoding, 22003 out of range…):
      // the request carried a value the database cannot take, so it is the client's to fix.
      if (pgError.code?.startsWith('22')) return new AppError('VALIDATION_FAILED', 'A value is malformed or out of range');
      return null;
  }
}

import { DrizzleQueryError } from 'drizzle-orm';
import { pino } from 'pino';

/**
 * What a database failure may say, and to whom. Drizzle wraps every failed query in a
 * DrizzleQueryError whose message and stack carry the SQL *and its parameters* (password hashes,
 * tokens, personal data): logs, answers and the CLI describe it from here instead.
 */

interface ErrorLike {
  code?: unknown;
  syscall?: unknown;
  message?: unknown;
  constraint?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** Socket failures of the connection to PostgreSQL (connect, read, write). */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** SQLSTATEs of a server that is going away, starting up or full (class 08: connection exception). */
const UNAVAILABLE_STATES = /^(08...|57P01|57P02|57P03|53300)$/;
/** node-postgres and pg-pool report a lost or unusable connection with these messages, without a code. */
const LOST_CONNECTION =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|Cannot use a pool after calling end/i;

function chainOf(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const candidate = current as ErrorLike;
    chain.push(candidate);
    // Node reports a refused connection to every address of a host name as one AggregateError.
    if (Array.isArray(candidate.errors))
      chain.push(...(candidate.errors as ErrorLike[]).filter((e) => e && typeof e === 'object'));
    current = candidate.cause;
  }
  return chain;
}

const isSqlState = (code: unknown): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);

/** The database cannot be reached or is restarting: worth retrying later, not a fault of the request. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return chainOf(error).some((e) => {
    if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || (e.code === 'ENOENT' && e.syscall === 'connect'))) return true;
    if (isSqlState(e.code)) return UNAVAILABLE_STATES.test(e.code);
    return typeof e.message === 'string' && LOST_CONNECTION.test(e.message);
  });
}

/** Data and constraint errors (classes 22, 23) may quote the offending value in their message. */
const QUOTES_VALUES = /^2[23]/;

/** Why a database operation failed, without the parameters; null when the error is not a database one. */
export function databaseFailureOf(error: unknown): { reason: string; code?: string; query?: string } | null {
  const chain = chainOf(error);
  const failed = chain.find((e): e is DrizzleQueryError & ErrorLike => e instanceof DrizzleQueryError);
  const unavailable = isDatabaseUnavailable(error);
  if (!failed && !unavailable) return null;
  // The SQL text without parameters (they travel apart as $1, $2…), cut short: enough to know the statement.
  const query = failed ? failed.query.replace(/\s+/g, ' ').trim().slice(0, 160) : undefined;
  const below = chain.filter((e) => !(e instanceof DrizzleQueryError));
  const server = below.find((e) => isSqlState(e.code));
  let reason: string;
  if (server && isSqlState(server.code) && QUOTES_VALUES.test(server.code)) {
    reason = `SQLSTATE ${server.code}${typeof server.constraint === 'string' ? ` (constraint ${server.constraint})` : ''}`;
  } else {
    const message = below.map((e) => e.message).find((m): m is string => typeof m === 'string' && m.length > 0);
    reason = message ? message.slice(0, 300) : 'the database query failed';
    if (server && isSqlState(server.code)) reason += ` (SQLSTATE ${server.code})`;
  }
  const code = server && isSqlState(server.code) ? server.code : below.map((e) => e.code).find((c) => typeof c === 'string');
  return { reason, ...(typeof code === 'string' ? { code } : {}), ...(query ? { query } : {}) };
}

/** The `err` serializer of every log line: database failures without parameters, other errors as pino shows them. */
export function serializeLoggedError(error: unknown): { [key: string]: unknown; type: string; message: string; stack: string } {
  const failure = databaseFailureOf(error);
  // No stack for a database failure: Drizzle's first stack line is its message, parameters included.
  if (failure) return { type: 'DatabaseError', message: failure.reason, stack: '', ...failure };
  if (error instanceof Error) return pino.stdSerializers.err(error);
  return { type: typeof error, message: String(error), stack: '' };
}

/** One line for a person reading a terminal (the CLI): a database failure says why, never with what. */
export function safeErrorMessage(error: unknown): string {
  const failure = databaseFailureOf(error);
  if (failure && !(error instanceof Error && error.name === 'DatabaseUnreachableError'))
    return `Database error: ${failure.reason}${failure.query ? ` — in: ${failure.query}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** A transaction failure that leaves its connection in doubt: lost, or BEGIN/COMMIT/ROLLBACK itself failed. */
export function leavesConnectionUnusable(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  return chainOf(error).some((e) => e instanceof DrizzleQueryError && /^\s*(begin|commit|rollback)\b/i.test(e.query));
}

import { ERROR_STATUS, type ErrorCode } from './server-tables.generated';
import type { LoginReply } from './types';

/** A code of the server's error table, or UNKNOWN for an answer that carries none (a proxy's page). */
export type ApiErrorCode = ErrorCode | 'UNKNOWN';

const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && code in ERROR_STATUS;

/** An API error as the server describes it: `{error: {code, message, details?, requestId}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  formData?: FormData;
  signal?: AbortSignal;
}

type SessionListener = (reply: LoginReply | null) => void;

// The access token lives only in memory; the refresh token is an httpOnly cookie the browser keeps.
let accessToken: string | null = null;
let refreshInFlight: Promise<LoginReply | null> | null = null;
const listeners = new Set<SessionListener>();

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

/** Called with every new session (login, refresh, password change) and with null when it ends. */
export function onSessionChange(listener: SessionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function publishSession(reply: LoginReply | null): void {
  accessToken = reply?.accessToken ?? null;
  for (const listener of listeners) listener(reply);
}

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function errorFrom(response: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // Not JSON (a proxy page, an empty body): fall back to the status text below.
  }
  const error =
    typeof payload === 'object' && payload !== null && 'error' in payload ? (payload as { error: unknown }).error : null;
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown };
    return new ApiError(
      response.status,
      isErrorCode(e.code) ? e.code : 'UNKNOWN',
      typeof e.message === 'string' ? e.message : response.statusText,
      e.details,
      typeof e.requestId === 'string' ? e.requestId : undefined,
    );
  }
  const message = response.status === 404 ? 'Not found' : `The server answered ${response.status} ${response.statusText}`;
  return new ApiError(response.status, response.status === 404 ? 'NOT_FOUND' : 'UNKNOWN', message);
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  let body: BodyInit | undefined;
  if (options.formData) body = options.formData;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return fetch(`/api/v1${path}${buildQuery(options.query)}`, {
    method,
    headers,
    body,
    signal: options.signal,
    credentials: 'same-origin',
  });
}

/**
 * Exchanges the refresh cookie for a new access token. The cookie is single use, so concurrent
 * callers share one request: two refreshes with the same cookie would end the session.
 */
export function refreshSession(): Promise<LoginReply | null> {
  refreshInFlight ??= (async () => {
    // No session was started in this browser (or it ended): nothing to refresh, and no 401 to log.
    if (!document.cookie.split('; ').some((c) => c.startsWith('cb_signed_in='))) {
      publishSession(null);
      return null;
    }
    let reply: LoginReply | null = null;
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      });
      if (response.ok) reply = (await response.json()) as LoginReply;
    } catch {
      reply = null;
    }
    publishSession(reply);
    return reply;
  })().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

// SESSION_REVOKED: the refresh fails too when the session really ended (sign-in again); a token from before an upgrade refreshes.
const RETRYABLE_AUTH_CODES = new Set<ApiErrorCode>(['TOKEN_EXPIRED', 'UNAUTHENTICATED', 'SESSION_REVOKED']);

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, options);
  if (response.status === 401 && !path.startsWith('/auth/')) {
    const error = await errorFrom(response.clone());
    if (RETRYABLE_AUTH_CODES.has(error.code)) {
      const session = await refreshSession();
      if (!session) throw error;
      response = await send(method, path, options);
    }
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  putForm: <T>(path: string, formData: FormData) => request<T>('PUT', path, { formData }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** Fetches a protected file with the session's token (POSTing `body` when given) and hands it to the browser as a download named `fileName`. */
export async function downloadFile(path: string, fileName: string, body?: unknown): Promise<void> {
  const url = await fetchBlobUrl(path, body);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Give the browser a moment to start the download before the object URL goes away.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** Fetches a protected binary (the organization logo) as an object URL; the caller revokes it. A `body` is POSTed as JSON. */
export async function fetchBlobUrl(path: string, body?: unknown): Promise<string> {
  const init = (): RequestInit => ({
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  let response = await fetch(path, init());
  if (response.status === 401 && (await refreshSession())) response = await fetch(path, init());
  if (!response.ok) throw await errorFrom(response);
  return URL.createObjectURL(await response.blob());
}

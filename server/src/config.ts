import { createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import { Cron } from 'croner';
import { passwordProblem } from './auth/passwords.js';
import { type AttentionThresholds } from './domain/live-attention.js';
import { type SecretKeys, SecretsError, parseSecretKey } from './domain/secrets.js';
import { type OcppConfig, loadOcppConfig } from './ocpp/config.js';

export interface Config {
  port: number;
  /** HOST; null when unset: every interface, or only 127.0.0.1 while the database has the demo logins. */
  host: string | null;
  /** Connections the kernel queues before they are accepted (capped by net.core.somaxconn): a reconnect storm arrives at once. */
  listenBacklog: number;
  /** `null` selects the embedded PGlite database in `dataDir`. */
  databaseUrl: string | null;
  databasePoolSize: number;
  /** How long start-up keeps trying to reach DATABASE_URL before it gives up (0: one attempt). */
  databaseStartupRetrySeconds: number;
  /** /readyz answers 503 when the database does not answer a ping within this time. */
  readinessTimeoutMs: number;
  /** SIGTERM: how long calls and requests in flight may take to be answered before connections are closed. */
  shutdownGraceSeconds: number;
  dataDir: string;
  /** In-memory PGlite (tests). */
  memoryDatabase: boolean;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** Which proxies' X-Forwarded-For is believed for the client address (Fastify `trustProxy`). */
  trustProxy: boolean | number | string[];
  /** Failed sign-ins from one address (any accounts) within 15 minutes before it gets 429 for the rest of the window. */
  loginFailuresPerAddress: number;
  bcryptCost: number;
  cookieSecure: boolean;
  logLevel: string;
  /** The level of the one line per HTTP request: debug in a terminal, info elsewhere, unless REQUEST_LOG_LEVEL says. */
  requestLogLevel: 'trace' | 'debug' | 'info';
  demo: 'auto' | 'always' | 'never';
  /** Simulated chargers for the demo network: `auto` runs them on an embedded (non-memory) database with demo data. */
  demoSimulator: 'auto' | 'on' | 'off';
  adminEmail: string | null;
  adminPassword: string | null;
  webDistDir: string;
  publicUrl: string;
  ocpp: OcppConfig;
  /** Map tiles for the web app (a `{z}/{x}/{y}` URL template) and the attribution shown with them. */
  mapTileUrl: string;
  mapAttribution: string;
  /** Minutes a connector may stay Preparing / SuspendedEV / Finishing before the dashboard lists it as stuck. */
  attention: AttentionThresholds;
  /** Lifetime of a ticket that opens the live event stream; the open stream outlives it. */
  streamTicketTtlSeconds: number;
  /** How often the live event stream sends a keep-alive comment. */
  streamPingSeconds: number;
  /** HTTPS and WSS on the one port (OCPP security profile 2); null serves plain HTTP and WS (profile 1). */
  tls: TlsFiles | null;
  /** Several instances: live events and charger commands go through this Redis; null keeps them in-process. */
  redisUrl: string | null;
  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  redisPrefix: string;
  /** Who issues partner invoices (printed on every invoice). */
  invoiceIssuer: { name: string; address: string; taxId: string };
  /** Cron expression of the bulk-invoicing job (croner syntax), or null when `INVOICE_SCHEDULE=off`. */
  invoiceSchedule: string | null;
  /** The durable job queue (jobs/queue.ts). */
  jobs: JobsConfig;
  /**
   * SECRETS_KEY (and SECRETS_KEY_PREVIOUS, comma-separated, after a rotation): encrypts gateway
   * credentials at rest. Null when unset: on the embedded database a key file in DATA_DIR is used
   * (created on first start); on PostgreSQL storing credentials is refused until it is set.
   */
  secrets: SecretKeys | null;
  payments: PaymentsConfig;
  alerts: AlertsConfig;
  notifications: NotificationsConfig;
  grid: GridConfig;
}

export interface GridConfig {
  /** Grid readings older than this are deleted, hourly (GRID_READING_RETENTION_DAYS). */
  readingRetentionDays: number;
}

export interface AlertsConfig {
  /** How often the periodic alert rules and escalations run, once across all instances (ALERT_TICK_SECONDS). */
  tickSeconds: number;
  /** Charger events (boots, refused tokens, firmware and security reports) older than this are deleted (CHARGER_EVENT_RETENTION_DAYS). */
  chargerEventRetentionDays: number;
}

export interface NotificationsConfig {
  /** SMTP_URL (smtp:// or smtps://, credentials in the URL); null: no e-mail is sent (deliveries are recorded as skipped). */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender of every e-mail. */
  mailFrom: string;
  /** How often held deliveries (quiet hours) and due digests are looked at (NOTIFICATION_TICK_SECONDS). */
  tickSeconds: number;
  /** Notification jobs (alert ticks, deliveries, driver messages) one instance runs at once (NOTIFICATION_JOB_CONCURRENCY). */
  jobConcurrency: number;
  /**
   * VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (base64url, as `npx web-push generate-vapid-keys` prints them), set
   * together; null: a pair is generated on first start and kept in `platform_keys` (modules/notifications/vapid.ts).
   */
  vapidKeys: { publicKey: string; privateKey: string } | null;
  /** VAPID_SUBJECT: a mailto: or https: address push services may contact; default mailto: the MAIL_FROM address. */
  vapidSubject: string;
  /** Push subscriptions on http://localhost or http://127.0.0.1 are accepted (development, tests): NODE_ENV is not `production`. */
  allowLocalPushEndpoints: boolean;
  /** Mobile push through FCM HTTP v1 (docs/mobile-push.md); null: no FCM service account, mobile push deliveries are skipped. */
  fcm: FcmSettings | null;
}

/** What the FCM adapter needs: the service account (FCM_SERVICE_ACCOUNT_FILE or _JSON) and the API host. */
export interface FcmSettings {
  /** The Firebase project messages are sent as (`project_id`). */
  projectId: string;
  /** `client_email`: the JWT's issuer and subject. */
  clientEmail: string;
  /** `private_key` (PEM, RSA): signs the JWT. */
  privateKey: string;
  /** `private_key_id`, sent as the JWT's `kid`; null when the file has none. */
  privateKeyId: string | null;
  /** `token_uri`: where the JWT is exchanged for an access token (also its `aud`). */
  tokenUri: string;
  /** FCM_API_URL without a trailing slash: `{apiUrl}/v1/projects/{projectId}/messages:send`. */
  apiUrl: string;
}

export interface PaymentsConfig {
  /** Minutes between a failed capture and each retry; after the last the session is payment_failed. */
  retryMinutes: number[];
  /** How long an unanswered (unknown) payment waits before the reconciler asks the gateway, in seconds. */
  reconcileAfterSeconds: number;
  /** A gateway that has not answered within this is taken as no answer (`unknown`). */
  gatewayTimeoutMs: number;
  /** Payment jobs (captures, reconciliation) one instance runs at once, beside the other jobs. */
  jobConcurrency: number;
  /**
   * PostgreSQL connections of the payments' own pool (PAYMENT_DATABASE_POOL_SIZE): holds at session
   * start, captures and reconciliation wait on gateways without taking the charger traffic's
   * connections. 0 shares the main pool.
   */
  databasePoolSize: number;
}

export interface JobsConfig {
  /** How often an idle worker looks for due jobs (work enqueued on this instance wakes it at once). */
  pollMs: number;
  /** A running job not finished or extended within this time belongs to a process that died: it is claimed again. */
  leaseSeconds: number;
  /** Jobs run at once per instance. */
  concurrency: number;
  /** The first retry waits this long; each further one twice as long (capped at an hour), with jitter. */
  retryBaseMs: number;
  /** Finished jobs are kept this long (a scheduled run's key stays claimed meanwhile), then deleted. */
  retentionDays: number;
}

/** The server certificate (followed by its chain) and private key, read once at start-up. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function choice<T extends string>(env: Env, name: string, options: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!options.includes(raw as T)) throw new ConfigError(`${name} must be one of ${options.join(', ')}, got "${raw}"`);
  return raw as T;
}

const OSM_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

function mapTileUrl(env: Env): string {
  const raw = env.MAP_TILE_URL?.trim();
  if (!raw) return OSM_TILES;
  if (!/^https?:\/\//.test(raw) || !['{z}', '{x}', '{y}'].every((part) => raw.includes(part))) {
    throw new ConfigError(`MAP_TILE_URL must be an http(s) URL template with {z}, {x} and {y}, got "${raw}"`);
  }
  return raw;
}

function readSetting(env: Env, name: string): Buffer {
  try {
    return readFileSync(env[name]!.trim());
  } catch (error) {
    throw new ConfigError(`${name} cannot be read: ${(error as Error).message}`);
  }
}

/** TLS_CERT_FILE and TLS_KEY_FILE together (TLS_CA_FILE: intermediate certificates sent after the certificate). */
function tlsFiles(env: Env): TlsFiles | null {
  const names = ['TLS_CERT_FILE', 'TLS_KEY_FILE'] as const;
  const given = names.filter((name) => env[name]?.trim());
  if (given.length === 0) {
    if (env.TLS_CA_FILE?.trim()) throw new ConfigError('TLS_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE');
    return null;
  }
  if (given.length === 1) throw new ConfigError('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  const chain = env.TLS_CA_FILE?.trim() ? readSetting(env, 'TLS_CA_FILE') : null;
  const cert = chain
    ? Buffer.concat([readSetting(env, 'TLS_CERT_FILE'), Buffer.from('\n'), chain])
    : readSetting(env, 'TLS_CERT_FILE');
  const key = readSetting(env, 'TLS_KEY_FILE');
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    throw new ConfigError(`TLS_CERT_FILE / TLS_KEY_FILE are not a usable PEM certificate and key: ${(error as Error).message}`);
  }
  return { cert, key };
}

function redisUrl(env: Env): string | null {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return null;
  if (!/^rediss?:\/\/./.test(raw)) throw new ConfigError('REDIS_URL must start with redis:// or rediss://');
  return raw;
}

function redisPrefix(env: Env): string {
  const raw = env.REDIS_PREFIX?.trim() || 'chargeboard:';
  if (!/^[A-Za-z0-9:._-]{1,64}$/.test(raw)) {
    throw new ConfigError(`REDIS_PREFIX may hold letters, digits and : . _ - (at most 64), got "${raw}"`);
  }
  return raw;
}

/**
 * TRUST_PROXY: `false` (default) believes no X-Forwarded-For (the socket's address), `true` any, a
 * number that many proxy hops, or a comma-separated list of proxy addresses / CIDR ranges. Off by
 * default: a client that may name its own address escapes every per-address limit.
 */
function trustProxy(env: Env): boolean | number | string[] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return intSetting(env, 'TRUST_PROXY', 1, 1, 10);
  const entries = raw.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => !/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(entry))) {
    throw new ConfigError(`TRUST_PROXY must be true, false, a hop count or proxy addresses/CIDR ranges, got "${raw}"`);
  }
  return entries;
}

/** INVOICE_SCHEDULE: a cron expression (default hourly) or `off`. */
function invoiceSchedule(env: Env): string | null {
  const raw = env.INVOICE_SCHEDULE?.trim() || '0 * * * *';
  if (raw === 'off') return null;
  try {
    new Cron(raw, { paused: true }).stop();
  } catch {
    throw new ConfigError(`INVOICE_SCHEDULE must be a cron expression (e.g. "0 * * * *") or off, got "${raw}"`);
  }
  return raw;
}

function secretKeys(env: Env): SecretKeys | null {
  try {
    const previous = (env.SECRETS_KEY_PREVIOUS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean)
      .map((k) => parseSecretKey(k, 'SECRETS_KEY_PREVIOUS'));
    if (!env.SECRETS_KEY?.trim()) {
      if (previous.length) throw new ConfigError('SECRETS_KEY_PREVIOUS needs SECRETS_KEY (the key to encrypt with now)');
      return null;
    }
    return { current: parseSecretKey(env.SECRETS_KEY, 'SECRETS_KEY'), previous };
  } catch (error) {
    if (error instanceof SecretsError) throw new ConfigError(error.message);
    throw error;
  }
}

/** PAYMENT_RETRY_MINUTES: e.g. "1,5,30,120,720" (at most 10 retries, each 1 minute to 7 days). */
function retryMinutes(env: Env): number[] {
  const raw = env.PAYMENT_RETRY_MINUTES?.trim() || '1,5,30,120,720';
  const minutes = raw.split(',').map((m) => Number(m.trim()));
  if (minutes.length > 10 || minutes.some((m) => !Number.isInteger(m) || m < 1 || m > 10_080))
    throw new ConfigError(`PAYMENT_RETRY_MINUTES must be up to 10 whole minutes (1–10080), comma-separated, got "${raw}"`);
  return minutes;
}

function smtpUrl(env: Env): string | null {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return null;
  if (!/^smtps?:\/\/[^/]/.test(raw)) throw new ConfigError('SMTP_URL must start with smtp:// or smtps:// and name a host');
  return raw;
}

/** VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY: both or neither; a 65-byte P-256 point and a 32-byte scalar, base64url. */
function vapidKeys(env: Env): { publicKey: string; privateKey: string } | null {
  const publicKey = env.VAPID_PUBLIC_KEY?.trim() || null;
  const privateKey = env.VAPID_PRIVATE_KEY?.trim() || null;
  if (!publicKey && !privateKey) return null;
  if (!publicKey || !privateKey) throw new ConfigError('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together');
  const bytes = (value: string) => (/^[A-Za-z0-9_-]+$/.test(value) ? Buffer.from(value, 'base64url').length : -1);
  if (bytes(publicKey) !== 65 || Buffer.from(publicKey, 'base64url')[0] !== 4)
    throw new ConfigError('VAPID_PUBLIC_KEY must be an uncompressed P-256 public key (65 bytes) in base64url');
  if (bytes(privateKey) !== 32) throw new ConfigError('VAPID_PRIVATE_KEY must be a P-256 private key (32 bytes) in base64url');
  return { publicKey, privateKey };
}

function vapidSubject(env: Env, mailFrom: string): string {
  const raw = env.VAPID_SUBJECT?.trim();
  if (!raw) return `mailto:${/<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom}`;
  if (!/^mailto:[^@\s]+@[^@\s]+$/.test(raw) && !/^https:\/\/[^/\s]/.test(raw))
    throw new ConfigError(`VAPID_SUBJECT must be a mailto: address or an https: URL, got "${raw}"`);
  return raw;
}

const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An https URL; plain http only to this machine and only outside production (a local FCM contract server). */
function serviceUrl(raw: string, name: string, production: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
  const local = url.protocol === 'http:' && LOCAL_HOSTNAMES.has(url.hostname) && !production;
  if (url.protocol !== 'https:' && !local)
    throw new ConfigError(`${name} must be an https URL (http only to localhost outside production), got "${raw}"`);
  if (url.username || url.password || url.search || url.hash)
    throw new ConfigError(`${name} must not hold credentials, a query or a fragment`);
  return raw.replace(/\/+$/, '');
}

/**
 * FCM_SERVICE_ACCOUNT_FILE (a path) or FCM_SERVICE_ACCOUNT_JSON (the JSON itself): the service
 * account key Firebase gives for the project, read once at start-up; FCM_API_URL the API host.
 */
function fcmSettings(env: Env): FcmSettings | null {
  const file = env.FCM_SERVICE_ACCOUNT_FILE?.trim();
  const inline = env.FCM_SERVICE_ACCOUNT_JSON?.trim();
  if (file && inline) throw new ConfigError('Set FCM_SERVICE_ACCOUNT_FILE or FCM_SERVICE_ACCOUNT_JSON, not both');
  if (!file && !inline) {
    if (env.FCM_API_URL?.trim())
      throw new ConfigError('FCM_API_URL needs FCM_SERVICE_ACCOUNT_FILE (or FCM_SERVICE_ACCOUNT_JSON)');
    return null;
  }
  const name = file ? 'FCM_SERVICE_ACCOUNT_FILE' : 'FCM_SERVICE_ACCOUNT_JSON';
  const text = file ? readSetting(env, 'FCM_SERVICE_ACCOUNT_FILE').toString('utf8') : inline!;
  let account: Record<string, unknown>;
  try {
    account = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ConfigError(`${name} is not JSON (the service account key file Firebase gives)`);
  }
  const field = (key: string): string => {
    const value = account?.[key];
    if (typeof value !== 'string' || !value.trim()) throw new ConfigError(`${name} has no "${key}"`);
    return value.trim();
  };
  if (account.type !== undefined && account.type !== 'service_account')
    throw new ConfigError(`${name} is a "${String(account.type)}" key, not a service account`);
  const privateKey = field('private_key');
  try {
    const key = createPrivateKey(privateKey);
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType} key`);
  } catch (error) {
    throw new ConfigError(`${name}: "private_key" is not an RSA private key in PEM: ${(error as Error).message}`);
  }
  const production = env.NODE_ENV === 'production';
  const tokenUri =
    typeof account.token_uri === 'string' && account.token_uri.trim() ? account.token_uri.trim() : GOOGLE_TOKEN_URI;
  return {
    projectId: field('project_id'),
    clientEmail: field('client_email'),
    privateKey,
    privateKeyId: typeof account.private_key_id === 'string' && account.private_key_id ? account.private_key_id : null,
    tokenUri: serviceUrl(tokenUri, `${name} "token_uri"`, production),
    apiUrl: serviceUrl(env.FCM_API_URL?.trim() || 'https://fcm.googleapis.com', 'FCM_API_URL', production),
  };
}

/** Reads every setting from the environment once; a bad value stops start-up with a message naming it. */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const jwtSecret = env.JWT_SECRET ?? randomBytes(32).toString('hex');
  if (jwtSecret.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
  const adminEmail = env.ADMIN_EMAIL?.trim() || null;
  const adminPassword = env.ADMIN_PASSWORD || null;
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  const adminPasswordProblem = adminPassword === null ? null : passwordProblem(adminPassword, { email: adminEmail });
  if (adminPasswordProblem) throw new ConfigError(`ADMIN_PASSWORD is refused: ${adminPasswordProblem.message}`);
  const port = intSetting(env, 'PORT', 8080, 0, 65535);
  const tls = tlsFiles(env);
  const mailFrom = env.MAIL_FROM?.trim() || 'Chargeboard <no-reply@chargeboard.local>';
  const config: Config = {
    port,
    host: env.HOST?.trim() || null,
    listenBacklog: intSetting(env, 'LISTEN_BACKLOG', 4096, 1, 65535),
    databaseUrl,
    databasePoolSize: intSetting(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    databaseStartupRetrySeconds: intSetting(env, 'DATABASE_STARTUP_RETRY_SECONDS', 30, 0, 3600),
    readinessTimeoutMs: intSetting(env, 'READINESS_TIMEOUT_MS', 2000, 50, 60_000),
    shutdownGraceSeconds: intSetting(env, 'SHUTDOWN_GRACE_SECONDS', 10, 0, 600),
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    memoryDatabase: false,
    jwtSecret,
    accessTokenTtlSeconds: intSetting(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 900),
    refreshTokenTtlDays: intSetting(env, 'REFRESH_TOKEN_TTL_DAYS', 14, 1, 90),
    trustProxy: trustProxy(env),
    loginFailuresPerAddress: intSetting(env, 'LOGIN_FAILURES_PER_ADDRESS', 30, 5, 10_000),
    bcryptCost: intSetting(env, 'BCRYPT_COST', 12, 12, 15),
    cookieSecure: choice(env, 'COOKIE_SECURE', ['true', 'false'], tls ? 'true' : 'false') === 'true',
    logLevel: choice(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    requestLogLevel: choice(env, 'REQUEST_LOG_LEVEL', ['trace', 'debug', 'info'], process.stdout.isTTY ? 'debug' : 'info'),
    demo: choice(env, 'DEMO_DATA', ['auto', 'always', 'never'], 'auto'),
    demoSimulator: choice(env, 'DEMO_SIMULATOR', ['auto', 'on', 'off'], 'auto'),
    adminEmail,
    adminPassword,
    webDistDir: path.resolve(env.WEB_DIST_DIR ?? new URL('../../web/dist', import.meta.url).pathname),
    publicUrl: env.PUBLIC_URL ?? `${tls ? 'https' : 'http'}://localhost:${port}`,
    ocpp: loadOcppConfig(env, (message) => new ConfigError(message)),
    mapTileUrl: mapTileUrl(env),
    mapAttribution: env.MAP_ATTRIBUTION?.trim() || OSM_ATTRIBUTION,
    attention: {
      preparingMinutes: intSetting(env, 'ATTENTION_PREPARING_MINUTES', 15, 1, 1440),
      suspendedEvMinutes: intSetting(env, 'ATTENTION_SUSPENDED_EV_MINUTES', 60, 1, 1440),
      finishingMinutes: intSetting(env, 'ATTENTION_FINISHING_MINUTES', 15, 1, 1440),
    },
    streamTicketTtlSeconds: intSetting(env, 'STREAM_TICKET_TTL_SECONDS', 60, 1, 300),
    streamPingSeconds: intSetting(env, 'STREAM_PING_SECONDS', 15, 1, 300),
    tls,
    redisUrl: redisUrl(env),
    redisPrefix: redisPrefix(env),
    invoiceIssuer: {
      name: env.INVOICE_ISSUER_NAME?.trim() || 'Chargeboard Platform',
      address: env.INVOICE_ISSUER_ADDRESS?.trim() || 'Colombo, Sri Lanka',
      taxId: env.INVOICE_ISSUER_TAX_ID?.trim() || 'not registered',
    },
    invoiceSchedule: invoiceSchedule(env),
    jobs: {
      pollMs: intSetting(env, 'JOB_POLL_MS', 1000, 10, 60_000),
      leaseSeconds: intSetting(env, 'JOB_LEASE_SECONDS', 60, 1, 3600),
      concurrency: intSetting(env, 'JOB_CONCURRENCY', 2, 1, 32),
      retryBaseMs: intSetting(env, 'JOB_RETRY_BASE_MS', 5000, 10, 3_600_000),
      retentionDays: intSetting(env, 'JOB_RETENTION_DAYS', 7, 1, 365),
    },
    secrets: secretKeys(env),
    payments: {
      retryMinutes: retryMinutes(env),
      reconcileAfterSeconds: intSetting(env, 'PAYMENT_RECONCILE_AFTER_SECONDS', 60, 1, 86_400),
      gatewayTimeoutMs: intSetting(env, 'PAYMENT_GATEWAY_TIMEOUT_MS', 10_000, 100, 120_000),
      jobConcurrency: intSetting(env, 'PAYMENT_JOB_CONCURRENCY', 8, 1, 64),
      databasePoolSize: intSetting(env, 'PAYMENT_DATABASE_POOL_SIZE', 4, 0, 100),
    },
    alerts: {
      tickSeconds: intSetting(env, 'ALERT_TICK_SECONDS', 30, 1, 3600),
      // At least 2 days: the longest window a rule counts events over is a day (authorization failures).
      chargerEventRetentionDays: intSetting(env, 'CHARGER_EVENT_RETENTION_DAYS', 90, 2, 3650),
    },
    grid: { readingRetentionDays: intSetting(env, 'GRID_READING_RETENTION_DAYS', 90, 1, 3650) },
    notifications: {
      smtpUrl: smtpUrl(env),
      mailFrom,
      tickSeconds: intSetting(env, 'NOTIFICATION_TICK_SECONDS', 60, 1, 3600),
      jobConcurrency: intSetting(env, 'NOTIFICATION_JOB_CONCURRENCY', 8, 1, 64),
      vapidKeys: vapidKeys(env),
      vapidSubject: vapidSubject(env, mailFrom),
      allowLocalPushEndpoints: env.NODE_ENV !== 'production',
      fcm: fcmSettings(env),
    },
    ...overrides,
  };
  return config;
}

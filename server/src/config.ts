import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { type OcppConfig, loadOcppConfig } from './ocpp/config.js';

export interface Config {
  port: number;
  host: string;
  /** `null` selects the embedded PGlite database in `dataDir`. */
  databaseUrl: string | null;
  databasePoolSize: number;
  dataDir: string;
  /** In-memory PGlite (tests). */
  memoryDatabase: boolean;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  bcryptCost: number;
  cookieSecure: boolean;
  logLevel: string;
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
  /** Lifetime of a ticket that opens the live event stream; the open stream outlives it. */
  streamTicketTtlSeconds: number;
  /** How often the live event stream sends a keep-alive comment. */
  streamPingSeconds: number;
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
  if (adminPassword !== null && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 10 characters');
  }
  const port = intSetting(env, 'PORT', 8080, 0, 65535);
  const config: Config = {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    databasePoolSize: intSetting(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    memoryDatabase: false,
    jwtSecret,
    accessTokenTtlSeconds: intSetting(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 900),
    refreshTokenTtlDays: intSetting(env, 'REFRESH_TOKEN_TTL_DAYS', 14, 1, 90),
    bcryptCost: intSetting(env, 'BCRYPT_COST', 12, 12, 15),
    cookieSecure: choice(env, 'COOKIE_SECURE', ['true', 'false'], 'false') === 'true',
    logLevel: choice(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    demo: choice(env, 'DEMO_DATA', ['auto', 'always', 'never'], 'auto'),
    demoSimulator: choice(env, 'DEMO_SIMULATOR', ['auto', 'on', 'off'], 'auto'),
    adminEmail,
    adminPassword,
    webDistDir: path.resolve(env.WEB_DIST_DIR ?? new URL('../../web/dist', import.meta.url).pathname),
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    ocpp: loadOcppConfig(env, (message) => new ConfigError(message)),
    mapTileUrl: mapTileUrl(env),
    mapAttribution: env.MAP_ATTRIBUTION?.trim() || OSM_ATTRIBUTION,
    streamTicketTtlSeconds: intSetting(env, 'STREAM_TICKET_TTL_SECONDS', 60, 1, 300),
    streamPingSeconds: intSetting(env, 'STREAM_PING_SECONDS', 15, 1, 300),
    ...overrides,
  };
  return config;
}

/** OCPP central-system settings, read from the environment with the rest of the config (see docs/ocpp.md). */
export interface OcppConfig {
  /** HeartbeatInterval returned in BootNotification; silence for twice this marks a charger Offline. */
  heartbeatSeconds: number;
  /** How long a remote command waits for the charger's answer. */
  commandTimeoutMs: number;
  /** An active session with no message for this long is closed by rule and flagged. */
  staleSessionSeconds: number;
  /** Unknown identities: refuse them, or accept them as Pending in the unclaimed list. */
  unknownChargers: 'reject' | 'pending';
  /** Registered chargers without an OCPP password: refuse (default), or let them in without credentials (profile 0). */
  allowChargersWithoutPassword: boolean;
  /** Failed upgrades from one address within the window before further attempts get 429. */
  authMaxFailures: number;
  authFailureWindowSeconds: number;
  /** Largest WebSocket frame accepted; bigger ones close the connection with 1009. */
  maxFrameBytes: number;
  /** Consecutive unparseable frames tolerated before closing with 1002. */
  maxBadFrames: number;
  /** Calls from one charger waiting to be processed before the connection is closed with 1008. */
  maxPendingCalls: number;
  /** At most this many identities wait in the unclaimed list; more are refused. */
  maxUnclaimed: number;
  /** Charger timestamps this far ahead of the server clock, or behind the session's last reading, are flagged clock_skew. */
  clockSkewSeconds: number;
  /** Meter-value sample interval asked of each charger after an Accepted boot; 0 leaves the charger's own. */
  meterIntervalSeconds: number;
}

type Env = Record<string, string | undefined>;
/** Builds the caller's config error, so a bad OCPP setting stops start-up like any other. */
type Fail = (message: string) => Error;

function int(env: Env, fail: Fail, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw fail(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, fail: Fail, name: string, options: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!options.includes(raw as T)) throw fail(`${name} must be one of ${options.join(', ')}, got "${raw}"`);
  return raw as T;
}

export function loadOcppConfig(env: Env, fail: Fail = (message) => new Error(message)): OcppConfig {
  return {
    heartbeatSeconds: int(env, fail, 'OCPP_HEARTBEAT_SECONDS', 300, 1, 86_400),
    commandTimeoutMs: int(env, fail, 'OCPP_COMMAND_TIMEOUT_MS', 30_000, 50, 600_000),
    staleSessionSeconds: int(env, fail, 'OCPP_STALE_SESSION_SECONDS', 172_800, 1, 31_536_000),
    unknownChargers: oneOf(env, fail, 'OCPP_UNKNOWN_CHARGERS', ['reject', 'pending'], 'reject'),
    allowChargersWithoutPassword: oneOf(env, fail, 'OCPP_ALLOW_NO_PASSWORD', ['true', 'false'], 'false') === 'true',
    authMaxFailures: int(env, fail, 'OCPP_AUTH_MAX_FAILURES', 20, 1, 100_000),
    authFailureWindowSeconds: int(env, fail, 'OCPP_AUTH_FAILURE_WINDOW_SECONDS', 300, 1, 86_400),
    maxFrameBytes: int(env, fail, 'OCPP_MAX_FRAME_BYTES', 131_072, 1024, 16_777_216),
    maxBadFrames: int(env, fail, 'OCPP_MAX_BAD_FRAMES', 20, 1, 100_000),
    maxPendingCalls: int(env, fail, 'OCPP_MAX_PENDING_CALLS', 20, 1, 10_000),
    maxUnclaimed: int(env, fail, 'OCPP_MAX_UNCLAIMED', 500, 0, 100_000),
    clockSkewSeconds: int(env, fail, 'OCPP_CLOCK_SKEW_SECONDS', 600, 1, 31_536_000),
    meterIntervalSeconds: int(env, fail, 'OCPP_METER_INTERVAL_SECONDS', 15, 0, 86_400),
  };
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import {
  DUMMY_CHARGER_HASH,
  hashChargerPassword,
  isLegacyChargerHash,
  verifyChargerPassword,
  verifyFastChargerHash,
} from '../auth/charger-passwords.js';
import type { Db } from '../db/client.js';
import { chargerForUpgrade } from '../modules/charging/batched-reads.js';
import { countRecentAuthFailures, storeAuthFailure } from '../modules/charging/station-queries.js';
import { isRejectedIdentity } from '../modules/charging/rejected.js';
import { countUnclaimed, rememberUnclaimed, unclaimedByIdentity } from '../modules/charging/unclaimed.js';
import { FailureCounts, type RefusalReason, RefusalLog } from './auth-failures.js';
import type { OcppConfig } from './config.js';
import { HashUpgrades } from './hash-upgrades.js';

/** The identity is the last path segment: the same characters the charger form allows. */
export const IDENTITY_PATTERN = /^[A-Za-z0-9._:-]{1,48}$/;

export type UpgradeDecision =
  | { kind: 'charger'; chargerId: string; charger: UpgradeCharger }
  | { kind: 'unclaimed' }
  | { kind: 'refused'; status: 400 | 401 | 404 | 429; message: string };

/** The charger row read at the upgrade: the connection uses it instead of reading it again. */
export type UpgradeCharger = NonNullable<Awaited<ReturnType<typeof chargerForUpgrade>>>;

export interface UpgradeRequest {
  endpoint: string;
  identity: string;
  password: Buffer | undefined;
  remoteAddress: string;
  protocol: string | null;
}

/**
 * Old bcrypt hashes (before the fast format) take a quarter of a second each. A password that
 * verified once against such a hash is remembered as a keyed digest (never the password) for that
 * hash, until the row is upgraded: chargers sharing one hash cost one bcrypt per process.
 */
class LegacyVerifiedPasswords {
  private readonly key = randomBytes(32);
  private readonly verified = new Map<string, Buffer>();

  private digest(password: Buffer): Buffer {
    return createHmac('sha256', this.key).update(password).digest();
  }

  /** Checks under way, so a fleet arriving at once with one shared hash waits for one bcrypt, not thousands. */
  private readonly inFlight = new Map<string, Promise<boolean>>();

  async check(password: Buffer, hash: string): Promise<boolean> {
    const digest = this.digest(password);
    const known = this.verified.get(hash);
    if (known && timingSafeEqual(known, digest)) return true;
    const key = `${hash}:${digest.toString('base64')}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const checking = verifyChargerPassword(password, hash)
      .then((ok) => {
        if (ok) {
          if (this.verified.size > 100_000) this.verified.clear();
          this.verified.set(hash, digest);
        }
        return ok;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, checking);
    return checking;
  }
}

/**
 * Security profile 1 (OCPP 1.6 security whitepaper §2.1, 2.0.1 Part 2 A00.FR.2xx): HTTP Basic auth
 * at the WebSocket upgrade, username = identity. Wrong passwords and unknown identities get 401
 * and are counted. Lockout (429, before any password check) is per (address, identity), so one
 * misconfigured charger behind a site's NAT does not lock out its neighbours; unknown identities
 * are also capped per address as a whole (someone trying identity after identity).
 */
export class UpgradeAuthenticator {
  private readonly legacy = new LegacyVerifiedPasswords();
  private readonly failures: FailureCounts;
  private readonly refusals: RefusalLog;
  private readonly upgrades: HashUpgrades;

  constructor(
    private readonly deps: {
      db: Db;
      config: OcppConfig;
      log: () => FastifyBaseLogger;
      /** Background work the gateway waits for when it closes (hash upgrades). */
      track: (work: Promise<unknown>) => void;
    },
  ) {
    this.failures = new FailureCounts((address, identity) =>
      countRecentAuthFailures(deps.db, address, identity, deps.config.authFailureWindowSeconds),
    );
    this.refusals = new RefusalLog(deps.log);
    this.upgrades = new HashUpgrades(deps.db, deps.track);
  }

  private async refuse(
    request: UpgradeRequest,
    reason: 'unknown_identity' | 'bad_password' | 'no_password' | 'rejected',
    logged: RefusalReason = reason,
  ): Promise<UpgradeDecision> {
    this.failures.failed(request.remoteAddress);
    const identity = request.identity.slice(0, 100);
    this.refusals.refused(identity, request.remoteAddress, logged, 401);
    await storeAuthFailure(this.deps.db, { identity, remoteAddress: request.remoteAddress, reason });
    return { kind: 'refused', status: 401, message: 'Unauthorized' };
  }

  /** Not stored: a locked-out charger retrying would otherwise extend its own lockout forever. */
  private lockedOut(request: UpgradeRequest): UpgradeDecision {
    this.refusals.refused(request.identity.slice(0, 100), request.remoteAddress, 'locked_out', 429);
    return { kind: 'refused', status: 429, message: 'Too many failed attempts' };
  }

  /** Both formats; only an old bcrypt hash goes through the per-process cache. */
  private async passwordMatches(password: Buffer | undefined, hash: string): Promise<boolean> {
    if (!password) return false;
    return isLegacyChargerHash(hash) ? this.legacy.check(password, hash) : verifyFastChargerHash(password, hash);
  }

  async decide(request: UpgradeRequest): Promise<UpgradeDecision> {
    const { config, db } = this.deps;
    if (request.endpoint !== '/ocpp') return { kind: 'refused', status: 404, message: 'Not found' };
    const max = config.authMaxFailures;
    if (!IDENTITY_PATTERN.test(request.identity)) {
      const counts = await this.failures.get(request.remoteAddress, request.identity);
      if (counts.unknownIdentities >= max) return this.lockedOut(request);
      return this.refuse(request, 'unknown_identity', 'bad_identity');
    }

    // Read with the other upgrades under way in one query (a reconnecting fleet).
    const charger = await chargerForUpgrade(db, request.identity);
    const counts = await this.failures.get(request.remoteAddress, request.identity);
    if (charger) {
      if (counts.ofIdentity >= max) return this.lockedOut(request);
      const hash = charger.ocppPasswordHash;
      if (hash === null) {
        return config.allowChargersWithoutPassword
          ? { kind: 'charger', chargerId: charger.id, charger }
          : this.refuse(request, 'no_password');
      }
      if (!(await this.passwordMatches(request.password, hash))) return this.refuse(request, 'bad_password');
      if (isLegacyChargerHash(hash)) this.upgrades.upgrade(charger.id, hash, request.password!);
      return { kind: 'charger', chargerId: charger.id, charger };
    }

    // Rejected by a platform user: refused and logged, never remembered in the unclaimed list again.
    if (await isRejectedIdentity(db, request.identity)) {
      if (counts.ofIdentity >= max) return this.lockedOut(request);
      return this.refuse(request, 'rejected');
    }
    if (config.unknownChargers === 'reject') {
      if (counts.unknownIdentities >= max) return this.lockedOut(request);
      // An unknown identity takes as long as a wrong password against the fast format.
      verifyFastChargerHash(request.password ?? Buffer.alloc(0), DUMMY_CHARGER_HASH);
      return this.refuse(request, 'unknown_identity');
    }
    if (counts.ofIdentity >= max || counts.unknownIdentities >= max) return this.lockedOut(request);
    return this.admitUnclaimed(request);
  }

  /** Writes the hash upgrades still waiting (at shutdown). */
  flush(): Promise<void> {
    return this.upgrades.flush();
  }

  /** Unknown identity under the "pending" policy: the first password it presents is the one it must keep using. */
  private async admitUnclaimed(request: UpgradeRequest): Promise<UpgradeDecision> {
    const { db, config } = this.deps;
    const known = await unclaimedByIdentity(db, request.identity);
    if (!known && (await countUnclaimed(db)) >= config.maxUnclaimed) return this.refuse(request, 'unknown_identity');
    if (known?.passwordHash && !(await this.passwordMatches(request.password, known.passwordHash))) {
      return this.refuse(request, 'bad_password');
    }
    const passwordHash = !known?.passwordHash && request.password?.length ? hashChargerPassword(request.password) : null;
    await rememberUnclaimed(db, request.identity, {
      remoteAddress: request.remoteAddress,
      passwordHash,
      protocol: request.protocol,
    });
    return { kind: 'unclaimed' };
  }
}

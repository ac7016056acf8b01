import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../auth/passwords.js';
import type { Db } from '../db/client.js';
import { chargerForUpgrade } from '../modules/charging/batched-reads.js';
import { countRecentAuthFailures, storeAuthFailure } from '../modules/charging/station-queries.js';
import { countUnclaimed, rememberUnclaimed, unclaimedByIdentity } from '../modules/charging/unclaimed.js';
import type { OcppConfig } from './config.js';

/** The identity is the last path segment: the same characters the charger form allows. */
export const IDENTITY_PATTERN = /^[A-Za-z0-9._:-]{1,48}$/;

export type UpgradeDecision =
  | { kind: 'charger'; chargerId: string; charger: UpgradeCharger }
  | { kind: 'unclaimed' }
  | { kind: 'refused'; status: 400 | 401 | 404 | 429; message: string };

/** The charger row read at the upgrade: the connection uses it instead of reading it again. */
export type UpgradeCharger = NonNullable<Awaited<ReturnType<typeof chargerForUpgrade>>>;

/**
 * "No recent failures from this address" is remembered for FAILURE_COUNT_TTL_MS: a fleet
 * reconnecting from one address (a NAT, the storm) costs one count query per interval, not one per
 * charger. Once an address has failures, every attempt reads the exact count from the database
 * (other instances' failures show up at once). A refusal here forgets the address at once.
 */
const FAILURE_COUNT_TTL_MS = 2000;

class FailureCounts {
  private readonly clean = new Map<string, number>();

  constructor(private readonly read: (remoteAddress: string) => Promise<number>) {}

  async get(remoteAddress: string): Promise<number> {
    const now = Date.now();
    const readAt = this.clean.get(remoteAddress);
    if (readAt !== undefined && now - readAt < FAILURE_COUNT_TTL_MS) return 0;
    const n = await this.read(remoteAddress);
    if (n === 0) {
      if (this.clean.size > 10_000) this.clean.clear();
      this.clean.set(remoteAddress, now);
    } else this.clean.delete(remoteAddress);
    return n;
  }

  failed(remoteAddress: string): void {
    this.clean.delete(remoteAddress);
  }
}

export interface UpgradeRequest {
  endpoint: string;
  identity: string;
  password: Buffer | undefined;
  remoteAddress: string;
  protocol: string | null;
}

/**
 * bcrypt at cost ≥ 12 takes a quarter of a second, and a network of chargers reconnecting after
 * an outage would queue behind it. A password that verified once against a stored hash is
 * remembered as a keyed digest (never the password) for that hash: the answer depends only on the
 * pair, so chargers provisioned with one shared hash cost one bcrypt, and a changed hash is a new key.
 */
class VerifiedPasswords {
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
    const checking = verifyPassword(password.toString('utf8'), hash)
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
 * and are counted; an address with too many recent failures gets 429 before any password check.
 */
export class UpgradeAuthenticator {
  private readonly passwords = new VerifiedPasswords();
  private readonly failures: FailureCounts;

  constructor(private readonly deps: { db: Db; config: OcppConfig; bcryptCost: number }) {
    this.failures = new FailureCounts((address) =>
      countRecentAuthFailures(deps.db, address, deps.config.authFailureWindowSeconds),
    );
  }

  private async refuse(
    request: UpgradeRequest,
    reason: 'unknown_identity' | 'bad_password' | 'no_password',
  ): Promise<UpgradeDecision> {
    this.failures.failed(request.remoteAddress);
    await storeAuthFailure(this.deps.db, {
      identity: request.identity.slice(0, 100),
      remoteAddress: request.remoteAddress,
      reason,
    });
    return { kind: 'refused', status: 401, message: 'Unauthorized' };
  }

  async decide(request: UpgradeRequest): Promise<UpgradeDecision> {
    const { config, db } = this.deps;
    if (request.endpoint !== '/ocpp') return { kind: 'refused', status: 404, message: 'Not found' };
    const failures = await this.failures.get(request.remoteAddress);
    if (failures >= config.authMaxFailures) return { kind: 'refused', status: 429, message: 'Too many failed attempts' };
    if (!IDENTITY_PATTERN.test(request.identity)) return this.refuse(request, 'unknown_identity');

    // Read with the other upgrades under way in one query (a reconnecting fleet).
    const charger = await chargerForUpgrade(db, request.identity);
    if (charger) {
      if (charger.ocppPasswordHash === null) {
        return config.allowChargersWithoutPassword
          ? { kind: 'charger', chargerId: charger.id, charger }
          : this.refuse(request, 'no_password');
      }
      if (!request.password || !(await this.passwords.check(request.password, charger.ocppPasswordHash))) {
        return this.refuse(request, 'bad_password');
      }
      return { kind: 'charger', chargerId: charger.id, charger };
    }

    if (config.unknownChargers === 'reject') {
      await verifyPassword('timing', DUMMY_HASH); // an unknown identity takes as long as a wrong password
      return this.refuse(request, 'unknown_identity');
    }
    return this.admitUnclaimed(request);
  }

  /** Unknown identity under the "pending" policy: the first password it presents is the one it must keep using. */
  private async admitUnclaimed(request: UpgradeRequest): Promise<UpgradeDecision> {
    const { db, config } = this.deps;
    const known = await unclaimedByIdentity(db, request.identity);
    if (!known && (await countUnclaimed(db)) >= config.maxUnclaimed) return this.refuse(request, 'unknown_identity');
    if (known?.passwordHash) {
      if (!request.password || !(await this.passwords.check(request.password, known.passwordHash))) {
        return this.refuse(request, 'bad_password');
      }
    }
    const passwordHash =
      !known?.passwordHash && request.password?.length
        ? await hashPassword(request.password.toString('utf8'), this.deps.bcryptCost)
        : null;
    await rememberUnclaimed(db, request.identity, {
      remoteAddress: request.remoteAddress,
      passwordHash,
      protocol: request.protocol,
    });
    return { kind: 'unclaimed' };
  }
}

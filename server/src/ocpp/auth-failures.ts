import type { FastifyBaseLogger } from 'fastify';
import type { AuthFailureCounts } from '../modules/charging/station-queries.js';

/**
 * "No recent failures from this address" is remembered for FAILURE_COUNT_TTL_MS: a fleet
 * reconnecting from one address (a NAT, the storm) costs one count query per interval, not one per
 * charger. Once an address has failures, every attempt reads the exact counts from the database
 * (other instances' failures show up at once). A refusal here forgets the address at once.
 */
const FAILURE_COUNT_TTL_MS = 2000;
const NONE: AuthFailureCounts = { fromAddress: 0, ofIdentity: 0, unknownIdentities: 0 };

export class FailureCounts {
  private readonly clean = new Map<string, number>();

  constructor(private readonly read: (remoteAddress: string, identity: string) => Promise<AuthFailureCounts>) {}

  async get(remoteAddress: string, identity: string): Promise<AuthFailureCounts> {
    const now = Date.now();
    const readAt = this.clean.get(remoteAddress);
    if (readAt !== undefined && now - readAt < FAILURE_COUNT_TTL_MS) return NONE;
    const counts = await this.read(remoteAddress, identity);
    if (counts.fromAddress === 0) {
      if (this.clean.size > 10_000) this.clean.clear();
      this.clean.set(remoteAddress, now);
    } else this.clean.delete(remoteAddress);
    return counts;
  }

  failed(remoteAddress: string): void {
    this.clean.delete(remoteAddress);
  }
}

export type RefusalReason = 'unknown_identity' | 'bad_password' | 'no_password' | 'rejected' | 'locked_out' | 'bad_identity';

/** A storm of failures logs one line per (address, identity) and interval, with how many it stands for. */
const LOG_INTERVAL_MS = 60_000;

export class RefusalLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly log: () => FastifyBaseLogger) {}

  /** Never the password: identity, address and reason are what an operator needs to find the charger. */
  refused(identity: string, remoteAddress: string, reason: RefusalReason, status: number): void {
    const key = `${remoteAddress}\n${identity}`;
    const now = Date.now();
    const seen = this.last.get(key);
    if (seen && now - seen.at < LOG_INTERVAL_MS) {
      seen.suppressed++;
      return;
    }
    if (this.last.size > 10_000) this.last.clear();
    this.last.set(key, { at: now, suppressed: 0 });
    this.log().warn(
      { identity, remoteAddress, reason, status, alsoRefusedSinceLastLine: seen?.suppressed ?? 0 },
      'OCPP connection refused',
    );
  }
}

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RedisHub } from './redis-hub.js';

/** Where redeemed tickets are remembered until they expire: `spend` is true for the first redemption only. */
export interface SpentTickets {
  spend(nonce: string, expiresAt: number): Promise<boolean>;
}

/** This process only: enough for one instance. */
export class LocalSpentTickets implements SpentTickets {
  /** Nonces of redeemed tickets → when the ticket expires, after which it is refused anyway. */
  private readonly spent = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async spend(nonce: string, expiresAt: number): Promise<boolean> {
    if (this.spent.has(nonce)) return false;
    const now = this.now();
    for (const [n, expires] of this.spent) if (expires <= now) this.spent.delete(n);
    this.spent.set(nonce, expiresAt);
    return true;
  }
}

/** A stream open never waits longer than this on Redis. */
const REDIS_ANSWER_MS = 1000;

/**
 * Shared by every instance on one Redis (`SET … NX PX`): a ticket opens one stream on whichever
 * instance sees it first, and none after. While Redis is unreachable, each instance remembers its own.
 */
export class RedisSpentTickets implements SpentTickets {
  private readonly local: LocalSpentTickets;

  constructor(
    private readonly hub: RedisHub,
    private readonly now: () => number = Date.now,
  ) {
    this.local = new LocalSpentTickets(now);
  }

  async spend(nonce: string, expiresAt: number): Promise<boolean> {
    const ttl = Math.max(1, expiresAt - this.now());
    if (!this.hub.commandsReady) return this.local.spend(nonce, expiresAt);
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        this.hub.commands.set(this.hub.key(`stream-ticket:${nonce}`), '1', 'PX', ttl, 'NX'),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('Redis did not answer')), REDIS_ANSWER_MS);
        }),
      ]);
      return answer === 'OK';
    } catch {
      // Redis went away mid-call: this instance decides alone, as it does during an outage.
      return this.local.spend(nonce, expiresAt);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Short-lived tickets that open the event stream: EventSource cannot send an Authorization header,
 * and a long-lived access token must never travel in a URL (it lands in proxy logs). A ticket is
 * `<payload>.<HMAC>`, signed with a key derived from JWT_SECRET, so it is not a JWT and can never
 * pass as an access token. A ticket opens one stream only: the URL (and so the ticket) may end up
 * in a request log, and a used ticket is worth nothing there. (Spent tickets are remembered until
 * they expire: per process, or in Redis for all instances.)
 */
export class StreamTickets {
  private readonly key: Buffer;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
    private readonly spent: SpentTickets = new LocalSpentTickets(now),
  ) {
    this.key = createHmac('sha256', secret).update('chargeboard stream ticket v1').digest();
  }

  /** `sessionId`: the sign-in the ticket belongs to; once it ends (logout), the ticket opens nothing. */
  issue(userId: string, sessionId: string): { ticket: string; expiresIn: number } {
    const payload = Buffer.from(
      JSON.stringify({
        u: userId,
        s: sessionId,
        e: this.now() + this.ttlSeconds * 1000,
        n: randomBytes(12).toString('base64url'),
      }),
    ).toString('base64url');
    return { ticket: `${payload}.${this.sign(payload)}`, expiresIn: this.ttlSeconds };
  }

  /** The user and session a valid, unexpired, unused ticket was issued to, spending it; null otherwise. */
  async redeem(ticket: string): Promise<{ userId: string; sessionId: string } | null> {
    const claims = this.verify(ticket);
    if (!claims || !(await this.spent.spend(claims.n, claims.e))) return null;
    return { userId: claims.u, sessionId: claims.s };
  }

  private verify(ticket: string): { u: string; s: string; e: number; n: string } | null {
    const [payload, signature, ...rest] = ticket.split('.');
    if (!payload || !signature || rest.length > 0) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      const { u, s, e, n } = claims;
      if (typeof u !== 'string' || typeof s !== 'string' || typeof e !== 'number' || typeof n !== 'string') return null;
      return e > this.now() ? { u, s, e, n } : null;
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

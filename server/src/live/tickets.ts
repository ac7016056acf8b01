import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived tickets that open the event stream: EventSource cannot send an Authorization header,
 * and a long-lived access token must never travel in a URL (it lands in proxy logs). A ticket is
 * `<payload>.<HMAC>`, signed with a key derived from JWT_SECRET, so it is not a JWT and can never
 * pass as an access token. A ticket opens one stream only: the URL (and so the ticket) may end up
 * in a request log, and a used ticket is worth nothing there. (Spent tickets are remembered per
 * process until they expire.)
 */
export class StreamTickets {
  private readonly key: Buffer;
  /** Nonces of redeemed tickets → when the ticket expires, after which it is refused anyway. */
  private readonly spent = new Map<string, number>();

  constructor(
    secret: string,
    readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.key = createHmac('sha256', secret).update('chargeboard stream ticket v1').digest();
  }

  issue(userId: string): { ticket: string; expiresIn: number } {
    const payload = Buffer.from(
      JSON.stringify({ u: userId, e: this.now() + this.ttlSeconds * 1000, n: randomBytes(12).toString('base64url') }),
    ).toString('base64url');
    return { ticket: `${payload}.${this.sign(payload)}`, expiresIn: this.ttlSeconds };
  }

  /** The user a valid, unexpired, unused ticket was issued to, spending it; null otherwise. */
  redeem(ticket: string): string | null {
    const claims = this.verify(ticket);
    if (!claims || this.spent.has(claims.n)) return null;
    const now = this.now();
    for (const [nonce, expires] of this.spent) if (expires <= now) this.spent.delete(nonce);
    this.spent.set(claims.n, claims.e);
    return claims.u;
  }

  private verify(ticket: string): { u: string; e: number; n: string } | null {
    const [payload, signature, ...rest] = ticket.split('.');
    if (!payload || !signature || rest.length > 0) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u?: unknown; e?: unknown; n?: unknown };
      const { u, e, n } = claims;
      if (typeof u !== 'string' || typeof e !== 'number' || typeof n !== 'string' || e <= this.now()) return null;
      return { u, e, n };
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

import { hashChargerPassword } from '../auth/charger-passwords.js';
import type { Db } from '../db/client.js';
import { upgradePasswordHashes } from '../modules/charging/station-queries.js';

/** Collected for this long, so a fleet upgrading at its first reconnect costs a few statements, not one each. */
const FLUSH_AFTER_MS = 250;

/**
 * A charger that connected with the right password against an old bcrypt hash gets the fast
 * format (docs/decisions/0002-charger-password-hashing.md), written after the answer, batched.
 */
export class HashUpgrades {
  private queued: { chargerId: string; from: string; to: string }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly track: (work: Promise<unknown>) => void,
  ) {}

  upgrade(chargerId: string, legacyHash: string, password: Buffer): void {
    this.queued.push({ chargerId, from: legacyHash, to: hashChargerPassword(password) });
    this.timer ??= setTimeout(() => this.track(this.flush()), FLUSH_AFTER_MS);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queued;
    this.queued = [];
    await upgradePasswordHashes(this.db, batch);
  }
}

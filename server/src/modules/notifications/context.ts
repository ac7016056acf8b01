import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { ChannelAdapter } from './channels/types.js';

/** What the delivery jobs run with. */
export interface DeliveryContext {
  db: Db;
  config: Config;
  /** The channels this instance can send on (channels/index.ts). */
  channels: readonly ChannelAdapter[];
  /** Send jobs were committed: tell the queue to look now rather than at its next poll. */
  wake(): void;
}

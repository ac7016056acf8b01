import type { Executor } from '../../../db/client.js';
import type { NotificationChannel } from '../../../db/schema/index.js';

/** What a channel sends: one notification, or a digest of several. */
export interface OutgoingMessage {
  /** The recipient's display name, for the greeting. */
  recipientName: string;
  organizationId: string | null;
  /** The organization's name, shown above the title; null for platform-wide notifications. */
  organizationName: string | null;
  category: string;
  /** The alert rule type or message kind (what the user's preferences chose it by). */
  type: string;
  severity: string | null;
  title: string;
  body: string;
  /** Absolute URL into the web app (PUBLIC_URL + the notification's link), or null. */
  url: string | null;
  /** A digest's items; empty for a single notification. */
  items: { title: string; body: string; url: string | null; at: string }[];
}

/** Where a user can be reached on a channel: an e-mail address, a push subscription, a device. */
export interface ChannelTarget {
  /** Stored on the delivery row (`target`): the address or the subscription/device id. */
  id: string;
}

export type SendResult =
  | { ok: true; providerReference?: string | null }
  /**
   * `permanent`: trying again cannot help (the address is refused, the subscription is gone: 404/410);
   * `forgetTarget`: the target should be removed (an expired push subscription).
   */
  | { ok: false; permanent: boolean; error: string; forgetTarget?: boolean };

/**
 * A delivery channel. Every channel is tried against a real local server in its tests (SMTP,
 * a push endpoint, an FCM contract server).
 */
export interface ChannelAdapter {
  channel: NotificationChannel;
  /** Where this user can be reached on the channel now (none: the delivery is skipped). */
  targets(db: Executor, userId: string): Promise<ChannelTarget[]>;
  /** Sends once; `idempotencyKey` is the delivery's, so a provider that takes one never sends twice. */
  send(target: ChannelTarget, message: OutgoingMessage, idempotencyKey: string): Promise<SendResult>;
  /** Removes a target the provider says is gone (only called when `forgetTarget`). */
  forget?(db: Executor, target: ChannelTarget): Promise<void>;
}

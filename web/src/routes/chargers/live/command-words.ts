/** A charger's answer to a remote command in words ("Remote stop accepted by the charger"). */
const ANSWER_WORDS: Record<string, string> = {
  Accepted: 'accepted by the charger',
  Rejected: 'refused by the charger',
  Scheduled: 'accepted; the charger carries it out once its sessions end',
  Unlocked: 'done: the charger released the connector',
  UnlockFailed: 'failed: the charger could not release the connector',
  NotSupported: 'not supported by this charger',
  OngoingAuthorizedTransaction: 'refused: a session is running on the connector (stop it first)',
  UnknownConnector: 'refused: the charger has no such connector',
  RebootRequired: 'accepted; takes effect after the charger reboots',
  UnknownMessageId: 'refused: the charger does not know this message',
  UnknownVendorId: 'refused: the charger does not know this vendor',
  Unknown: 'found nothing to do: the charger holds no such charging profile',
};

/** The sentence for a command's outcome; an answer without a status is "answered by the charger". */
export function commandResultWords(label: string, status: string | null): string {
  if (status === null) return `${label} answered by the charger`;
  return `${label} ${ANSWER_WORDS[status] ?? `answered “${status}”`}`;
}

/** Whether the answer means the charger did what was asked (or will). */
export const commandSucceeded = (status: string | null) =>
  status === null || ['Accepted', 'Scheduled', 'Unlocked', 'RebootRequired'].includes(status);

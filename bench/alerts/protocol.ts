/** Messages between the alerts bench and its flapping-charger worker (a child process, IPC). */

export interface FlapCharger {
  identity: string;
  password: string;
}

/** One charger's planned time away: disconnect `offAtMs` after the phase starts, reconnect at `onAtMs`. */
export interface Episode {
  identity: string;
  offAtMs: number;
  onAtMs: number;
}

export type FlapCommand =
  | { type: 'init'; url: string; chargers: FlapCharger[]; heartbeatMs: number; callTimeoutMs: number }
  | { type: 'connect'; concurrency: number }
  | { type: 'run'; episodes: Episode[] }
  | { type: 'exit' };

/** What happened to an episode, in epoch milliseconds of this machine's clock. */
export interface EpisodeRecord {
  identity: string;
  /** When the socket was closed (the charger's disconnect). */
  offAt: number;
  /** When the charger came back (began to reconnect). Null if it did not get back. */
  onAt: number | null;
  error?: string;
}

export interface FlapReport {
  type: 'report';
  ok: number;
  failed: number;
  episodes: EpisodeRecord[];
  errors: string[];
}

/** Messages between the payments bench and its session worker (a child process, IPC). */

export interface PaymentCharger {
  identity: string;
  password: string;
  /** Index of its organization: a session uses a charger and a token of the same organization. */
  organization: number;
}

export type SessionCommand =
  | {
      type: 'init';
      url: string;
      chargers: PaymentCharger[];
      /** Per organization, the drivers' token values (each with a card on file), one per session. */
      tokens: string[][];
      callTimeoutMs: number;
    }
  | { type: 'connect'; concurrency: number }
  /** Session k starts at k / ratePerSecond seconds, charges for dwellMs, then stops. */
  | { type: 'sessions'; count: number; ratePerSecond: number; dwellMs: number }
  | { type: 'exit' };

export interface StopRecord {
  identity: string;
  transactionId: string;
  /** Epoch ms when the StopTransaction was sent (the same clock as PostgreSQL's on this machine). */
  sentAt: number;
}

export interface SessionReport {
  type: 'report';
  phase: string;
  ok: number;
  failed: number;
  elapsedMs: number;
  /** Round trips in ms by action (StartTransaction includes the hold at the gateway). */
  latencies: Record<string, number[]>;
  stops: StopRecord[];
  /** Starts answered with something other than Accepted, by status. */
  refused: Record<string, number>;
  /** How far behind its planned time each start was sent (no free charger, a slow answer), ms. */
  startLagMs: number[];
  errors: Record<string, number>;
}

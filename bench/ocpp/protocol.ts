/** Messages between the bench orchestrator and its load-generator workers (child processes, IPC). */

export interface WorkerInit {
  type: 'init';
  url: string;
  identities: string[];
  /** One per identity, same order: every charger has its own password. */
  passwords: string[];
  idTag: string;
  /** Calls waiting longer than this count as failed. */
  callTimeoutMs: number;
}

export type WorkerCommand =
  | WorkerInit
  | { type: 'connect'; concurrency: number; chargingShare: number; deadlineMs: number }
  /** churnMs: charging sessions end (and another car starts at once) after this long on average; absent: they run on. */
  | { type: 'steady'; durationMs: number; heartbeatMs: number; meterMs: number; churnMs?: number }
  /** Reconnect storm: an attempt not connected (TCP) within connectTimeoutMs, or not answered within handshakeTimeoutMs, is retried. */
  | { type: 'storm'; timeoutMs: number; handshakeTimeoutMs: number; connectTimeoutMs: number }
  | { type: 'throughput'; chargers: number; durationMs: number }
  | { type: 'exit' };

export interface PhaseReport {
  type: 'report';
  phase: string;
  ok: number;
  failed: number;
  calls: number;
  callErrors: number;
  /** Milliseconds, CALL sent → CALLRESULT received (sampled when there are very many). */
  latencies: number[];
  elapsedMs: number;
  /** Per phase extras, e.g. when the last charger finished. */
  extra: Record<string, number>;
}

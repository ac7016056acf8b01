/** What a feed is connected to, as the grid page shows it; stale is decided by the monitor from the readings. */
export type FeedConnection = 'connecting' | 'connected' | 'disconnected';

/** Where an adapter hands what it receives. */
export interface FeedSink {
  /** A message as received: parsed JSON, or the text when it was not JSON (a bad reading). */
  message(body: unknown, receivedAt: Date): void;
  connection(state: FeedConnection, error?: string): void;
}

export interface FeedAdapter {
  stop(): Promise<void>;
}

export interface FeedSpec {
  kind: 'simulated' | 'mqtt' | 'http';
  settings: Record<string, unknown>;
  /** The MQTT password or the HTTP Authorization header, decrypted. */
  secret: string | null;
}

/** A JSON message's text as a value; text that is not JSON is passed on as text (and recorded as bad). */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

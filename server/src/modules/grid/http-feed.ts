import { type FeedAdapter, type FeedSink, parseBody } from './feed-types.js';

/** Polls a JSON endpoint every `pollSeconds` (default 15); an answer that is not 2xx counts as disconnected. */
export function httpFeed(settings: Record<string, unknown>, authorization: string | null, sink: FeedSink): FeedAdapter {
  const url = String(settings.url);
  const everyMs = Math.max(1, Number(settings.pollSeconds ?? 15)) * 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const controller = new AbortController();
  sink.connection('connecting');
  const poll = async () => {
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json', ...(authorization ? { authorization } : {}) },
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(Math.min(10_000, everyMs))]),
      });
      const text = await response.text();
      if (!response.ok) sink.connection('disconnected', `HTTP ${response.status}`);
      else {
        sink.connection('connected');
        sink.message(parseBody(text), new Date());
      }
    } catch (error) {
      if (!stopped) sink.connection('disconnected', error instanceof Error ? error.message : String(error));
    }
    if (!stopped) {
      timer = setTimeout(() => void poll(), everyMs);
      timer.unref();
    }
  };
  void poll();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      controller.abort();
    },
  };
}

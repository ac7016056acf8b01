import { simulatedGridReading, SIMULATED_INTERVAL_SECONDS } from '../../domain/simulated-grid.js';
import type { FeedAdapter, FeedSink, FeedSpec } from './feed-types.js';
import { httpFeed } from './http-feed.js';
import { mqttFeed } from './mqtt-feed.js';

/** The built-in simulation: a reading every 5 s, on the slot boundary, so instances agree. */
function simulatedFeed(settings: Record<string, unknown>, sink: FeedSink): FeedAdapter {
  const seed = typeof settings.seed === 'number' ? settings.seed : 1;
  const slotMs = SIMULATED_INTERVAL_SECONDS * 1000;
  const emit = () => {
    const r = simulatedGridReading(Date.now(), seed);
    sink.message({ ...r, ...r.mix, at: r.at.toISOString(), mix: undefined }, new Date());
  };
  sink.connection('connected');
  emit();
  let timer: NodeJS.Timeout;
  const schedule = () => {
    timer = setTimeout(
      () => {
        emit();
        schedule();
      },
      slotMs - (Date.now() % slotMs) + 5,
    );
    timer.unref();
  };
  schedule();
  return { stop: async () => clearTimeout(timer) };
}

export function startFeed(spec: FeedSpec, sink: FeedSink): FeedAdapter {
  if (spec.kind === 'mqtt') return mqttFeed(spec.settings, spec.secret, sink);
  if (spec.kind === 'http') return httpFeed(spec.settings, spec.secret, sink);
  return simulatedFeed(spec.settings, sink);
}

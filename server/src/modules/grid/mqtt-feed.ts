import mqtt from 'mqtt';
import { type FeedAdapter, type FeedSink, parseBody } from './feed-types.js';

/**
 * Subscribes to one topic (wildcards allowed) and hands every message on. The client reconnects
 * every 5 s while the broker is away; each message is one reading in JSON.
 */
export function mqttFeed(settings: Record<string, unknown>, password: string | null, sink: FeedSink): FeedAdapter {
  const url = String(settings.url);
  const topic = String(settings.topic);
  sink.connection('connecting');
  const client = mqtt.connect(url, {
    reconnectPeriod: 5_000,
    connectTimeout: 10_000,
    ...(typeof settings.username === 'string' && settings.username ? { username: settings.username } : {}),
    ...(password ? { password } : {}),
  });
  client.on('connect', () => {
    client.subscribe(topic, { qos: 1 }, (error) => {
      if (error) sink.connection('disconnected', `subscribing to ${topic}: ${error.message}`);
      else sink.connection('connected');
    });
  });
  client.on('message', (_topic, payload) => sink.message(parseBody(payload.toString('utf8')), new Date()));
  client.on('close', () => sink.connection('disconnected'));
  client.on('error', (error) => sink.connection('disconnected', error.message));
  return {
    stop: () => new Promise<void>((resolve) => client.end(true, {}, () => resolve())),
  };
}

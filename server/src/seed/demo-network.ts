import type { FastifyBaseLogger } from 'fastify';
import { verifyChargerPassword } from '../auth/charger-passwords.js';
import type { Db } from '../db/client.js';
import { SimulatedCharger, type TokenPool } from '../ocpp/simulated-charger.js';
import { DEMO_OCPP_PASSWORD } from './demo-data.js';
import { demoChargersForSimulation, ensureDemoIdTokens } from './demo.js';

/** How the demo chargers behave; the defaults keep some 50 chargers at a few messages a second. */
export interface DemoSchedule {
  meterSeconds: number;
  sessionSeconds: number;
  idleSeconds: number;
  /** Chargers connecting at a time at start-up. */
  wave: number;
}

export const DEMO_SCHEDULE: DemoSchedule = { meterSeconds: 15, sessionSeconds: 900, idleSeconds: 240, wave: 10 };

/** Every n-th demo charger is out of order, so dashboards show Faulted and Unavailable too. */
const FAULTED_EVERY = 11;
const UNAVAILABLE_EVERY = 13;

/**
 * The cards a charger's drivers may use, shared with every other demo charger through `charging`
 * (the cards in use anywhere): a card is never on two connectors at once.
 */
function sharedCards(cards: readonly string[], charging: Set<string>): TokenPool {
  let next = 0;
  return {
    take() {
      for (let i = 0; i < cards.length; i++) {
        const card = cards[(next + i) % cards.length]!;
        if (charging.has(card)) continue;
        next = (next + i + 1) % cards.length;
        charging.add(card);
        return card;
      }
      return null;
    },
    release: (card) => void charging.delete(card),
  };
}

export interface DemoNetwork {
  readonly chargers: number;
  stop(): Promise<void>;
}

/**
 * The live demo network: the demo chargers as in-process simulated OCPP clients of this server
 * (half 1.6, half 2.0.1), booting, reporting status and charging with the demo ID tokens.
 * Only chargers whose password is still the demo one take part.
 */
export async function startDemoNetwork(options: {
  db: Db;
  url: string;
  log: FastifyBaseLogger;
  schedule?: Partial<DemoSchedule>;
}): Promise<DemoNetwork> {
  const schedule = { ...DEMO_SCHEDULE, ...options.schedule };
  await ensureDemoIdTokens(options.db);
  const candidates = await demoChargersForSimulation(options.db);
  // Each distinct hash is checked once: the seed gives all demo chargers one, and older seeds' bcrypt
  // hashes become one fast hash per charger at their first connection (either format verifies).
  const demoHashes = new Set<string>();
  for (const hash of new Set(candidates.map((c) => c.passwordHash))) {
    if (await verifyChargerPassword(Buffer.from(DEMO_OCPP_PASSWORD), hash)) demoHashes.add(hash);
  }
  const charging = new Set<string>();
  const chargers = candidates
    .filter((c) => demoHashes.has(c.passwordHash) && c.tokens.length > 0)
    .map(
      (c, i) =>
        new SimulatedCharger({
          url: options.url,
          identity: c.identity,
          password: DEMO_OCPP_PASSWORD,
          protocol: i % 2 === 0 ? '1.6' : '2.0.1',
          connectors: Math.max(1, c.connectors),
          maxPowerW: c.connectorKw.map((kw) => Math.round(Number(kw) * 1000)),
          idTag: c.tokens[i % c.tokens.length]!,
          tokens: sharedCards(c.tokens, charging),
          meterSeconds: schedule.meterSeconds,
          sessionSeconds: schedule.sessionSeconds,
          idleSeconds: schedule.idleSeconds,
          heartbeatSeconds: null,
          condition:
            c.adminStatus === 'maintenance' || i % UNAVAILABLE_EVERY === UNAVAILABLE_EVERY - 1
              ? 'Unavailable'
              : i % FAULTED_EVERY === FAULTED_EVERY - 1
                ? 'Faulted'
                : undefined,
          log: (line) => options.log.debug(line),
        }),
    );

  let stopped = false;
  const started: SimulatedCharger[] = [];
  // Connected in small waves in the background, so start-up is not held up and the CPU is not flooded.
  const starting = (async () => {
    for (let i = 0; i < chargers.length && !stopped; i += schedule.wave) {
      const wave = chargers.slice(i, i + schedule.wave);
      started.push(...wave);
      const results = await Promise.allSettled(wave.map((c) => c.start()));
      for (const result of results)
        if (result.status === 'rejected') options.log.warn({ err: result.reason }, 'demo charger could not connect');
    }
  })();
  options.log.info({ chargers: chargers.length }, 'demo network simulator started');

  return {
    chargers: chargers.length,
    async stop() {
      stopped = true;
      await Promise.race([starting, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      await Promise.allSettled(started.map((c) => c.stop()));
    },
  };
}

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SimulatedCharger } from './simulated-charger.js';

export const SIMULATE_USAGE = `Usage: chargeboard simulate --chargers N --url ws(s)://HOST:PORT/ocpp --protocol 1.6|2.0.1 [options]
  --ca FILE              wss:// only: trust this PEM certificate (a private CA, or a self-signed server certificate)
  --prefix P             identities P-001, P-002, … (default SIM)
  --first K              number of the first identity (default 1)
  --password S           OCPP basic-auth password of every simulated charger
  --id-tag T             ID token used to start sessions (default SIM-TAG)
  --connectors C         connectors per charger (default 2)
  --meter-seconds S      meter values every S seconds during a session (default 10)
  --session-seconds S    each session lasts S seconds (default 120)
  --idle-seconds S       average pause between sessions per connector (default 60)
  --heartbeat-seconds S  override the heartbeat interval the central system returns
  --duration S           stop after S seconds (default: run until Ctrl-C)`;

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return value;
}

/** `chargeboard simulate`: N real OCPP clients against a running central system. Returns the exit code. */
export async function runSimulator(args: string[], log: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      chargers: { type: 'string' },
      url: { type: 'string' },
      protocol: { type: 'string', default: '1.6' },
      prefix: { type: 'string', default: 'SIM' },
      first: { type: 'string' },
      password: { type: 'string' },
      'id-tag': { type: 'string', default: 'SIM-TAG' },
      connectors: { type: 'string' },
      'meter-seconds': { type: 'string' },
      'session-seconds': { type: 'string' },
      'idle-seconds': { type: 'string' },
      'heartbeat-seconds': { type: 'string' },
      duration: { type: 'string' },
      ca: { type: 'string' },
    },
  });
  if (!values.chargers || !values.url || (values.protocol !== '1.6' && values.protocol !== '2.0.1')) {
    console.error(SIMULATE_USAGE);
    return 2;
  }
  const count = Math.floor(positive('chargers', values.chargers, 1));
  const first = Math.floor(positive('first', values.first, 1));
  const url = values.url.replace(/\/+$/, '');
  let ca: Buffer | undefined;
  if (values.ca) {
    try {
      ca = readFileSync(values.ca);
    } catch (error) {
      console.error(`--ca cannot be read: ${(error as Error).message}`);
      return 2;
    }
  }
  const chargers = Array.from(
    { length: count },
    (_, i) =>
      new SimulatedCharger({
        url,
        identity: `${values.prefix}-${String(first + i).padStart(3, '0')}`,
        password: values.password ?? process.env.OCPP_PASSWORD ?? null,
        protocol: values.protocol as '1.6' | '2.0.1',
        connectors: Math.floor(positive('connectors', values.connectors, 2)),
        idTag: values['id-tag']!,
        meterSeconds: positive('meter-seconds', values['meter-seconds'], 10),
        sessionSeconds: positive('session-seconds', values['session-seconds'], 120),
        idleSeconds: positive('idle-seconds', values['idle-seconds'], 60),
        heartbeatSeconds: values['heartbeat-seconds'] ? positive('heartbeat-seconds', values['heartbeat-seconds'], 60) : null,
        ...(ca ? { ca } : {}),
        log,
      }),
  );
  log(`Simulating ${count} OCPP ${values.protocol} charger(s) against ${url}`);
  // Connect in small waves so a big fleet does not arrive as one burst.
  for (let i = 0; i < chargers.length; i += 20) {
    const results = await Promise.allSettled(chargers.slice(i, i + 20).map((c) => c.start()));
    for (const result of results) if (result.status === 'rejected') log(`connect failed: ${String(result.reason)}`);
  }
  const stop = async () => {
    await Promise.allSettled(chargers.map((c) => c.stop()));
  };
  await new Promise<void>((resolve) => {
    const finish = () => void stop().then(resolve);
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    if (values.duration) setTimeout(finish, positive('duration', values.duration, 60) * 1000);
  });
  return 0;
}

import client from 'prom-client';
import type { LoadManager } from './manager.js';

/** Load management on /metrics: how long allocating a site takes, and the profiles sent by answer. */
export function installLoadMetrics(registry: client.Registry, manager: LoadManager): void {
  const allocation = new client.Histogram({
    name: 'chargeboard_load_allocation_seconds',
    help: 'Reading a managed site and allocating its limit, before any profile is sent',
    buckets: [0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.05, 0.1, 0.25],
    registers: [registry],
  });
  const profiles = new client.Counter({
    name: 'chargeboard_load_profiles_sent_total',
    help: 'Load-management charging profiles sent by this instance, by the charger’s answer',
    labelNames: ['answer'],
    registers: [registry],
  });
  manager.onRecompute((r) => allocation.observe(r.allocateSeconds));
  manager.onAnswer((answer) => profiles.inc({ answer }));
}

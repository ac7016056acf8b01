/** The pure allocator timed alone, on sites like the bench's: what a recompute costs without its database read. */
import { allocateSiteLoad } from '../../server/src/domain/load-allocation.js';
import { percentiles } from '../ocpp/stats.js';

export function allocatorAlone(sessionsPerSite: number, siteLimitW: number, runs = 50_000) {
  const us: number[] = [];
  for (let run = 0; run < runs; run++) {
    const sessions = Array.from({ length: sessionsPerSite }, (_, i) => ({
      sessionId: `s${i}`,
      connectorMaxW: 50_000,
      measuredW: Math.random() < 0.1 ? null : 7_000 + Math.floor(Math.random() * 43_000),
      priority: i % 3,
      startedAt: run * 1000 + i,
    }));
    const begin = performance.now();
    allocateSiteLoad({
      siteLimitW,
      strategy: run % 3 === 0 ? 'equal-share' : run % 3 === 1 ? 'priority' : 'first-come',
      minimumW: 4_200,
      headroomW: 1_000,
      supply: { phases: 3, voltageV: 230 },
      sessions,
    });
    us.push((performance.now() - begin) * 1000);
  }
  return { runs, us: percentiles(us) };
}

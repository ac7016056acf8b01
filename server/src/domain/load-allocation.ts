/**
 * Site load management: shares a site's power limit among its charging sessions. Pure (no I/O);
 * the caller turns each allocation into a charging profile for the session's connector.
 *
 * Powers are whole watts. A session is paused (limit 0) when the site cannot give it the minimum:
 * an EV starved below its minimum charge rate often stops charging or faults, so pausing it is kinder.
 */

export type AllocationStrategy = 'equal-share' | 'priority' | 'first-come';

/** How the site is wired, to turn watts into amperes per phase (OCPP limits may be in A). */
export interface Supply {
  phases: 1 | 3;
  /** Phase-to-neutral voltage, e.g. 230. */
  voltageV: number;
}

export interface SessionDemand {
  sessionId: string;
  /** The connector's maximum power. */
  connectorMaxW: number;
  /** The power the EV draws now, from its meter values; null before the first sample. */
  measuredW: number | null;
  /**
   * The limit it is held to now (the last limit sent, or a default for new sessions); null or
   * omitted when none. An EV drawing about all it is allowed may want more: only one drawing
   * clearly less than its allowance frees power.
   */
  allowedW?: number | null;
  /** Higher is served first by the priority strategy (e.g. from the ID token's group or fleet). */
  priority: number;
  /** Epoch milliseconds the session started: the first-come order, and who is paused first. */
  startedAt: number;
}

export interface AllocationInput {
  siteLimitW: number;
  strategy: AllocationStrategy;
  /** Below this a session is paused rather than starved. */
  minimumW: number;
  /** Room above an EV's measured draw that it may ramp into before the next recompute. */
  headroomW: number;
  supply: Supply;
  sessions: readonly SessionDemand[];
}

export type SessionAllocation =
  | { sessionId: string; paused: false; limitW: number; limitA: number }
  | { sessionId: string; paused: true; limitW: 0; limitA: 0 };

/** Amperes per phase for a power, rounded down to the 0.1 A OCPP limits accept (multipleOf 0.1). */
export function wattsToAmps(watts: number, supply: Supply): number {
  return Math.floor((watts / (supply.phases * supply.voltageV)) * 10) / 10;
}

export function ampsToWatts(amps: number, supply: Supply): number {
  return Math.floor(amps * supply.phases * supply.voltageV);
}

/** What the session can use: its connector's maximum, or less when the EV draws less (the rest is freed). */
function demandOf(session: SessionDemand, input: AllocationInput): number {
  if (session.measuredW === null) return session.connectorMaxW;
  // Held at its limit, not drawing less by choice: it may take its connector's maximum.
  const allowed = session.allowedW ?? null;
  if (allowed !== null && session.measuredW >= allowed - input.headroomW) return session.connectorMaxW;
  return Math.min(session.connectorMaxW, Math.max(input.minimumW, session.measuredW + input.headroomW));
}

/** Water-filling: every session gets the same level, capped at its own demand, within the budget. */
function equalShare(demands: ReadonlyMap<string, number>, budget: number): Map<string, number> {
  const result = new Map<string, number>();
  const open = [...demands].sort((a, b) => a[1] - b[1]);
  let left = budget;
  while (open.length > 0) {
    const level = left / open.length;
    const [id, demand] = open[0]!;
    if (demand > level) break;
    result.set(id, demand);
    left -= demand;
    open.shift();
  }
  for (const [id] of open) result.set(id, left / open.length);
  return result;
}

function admissionOrder(input: AllocationInput): SessionDemand[] {
  const byArrival = (a: SessionDemand, b: SessionDemand) => a.startedAt - b.startedAt || a.sessionId.localeCompare(b.sessionId);
  const sessions = [...input.sessions];
  if (input.strategy === 'priority') return sessions.sort((a, b) => b.priority - a.priority || byArrival(a, b));
  return sessions.sort(byArrival);
}

/** Above the minimum everyone already has: by priority tier, or one by one in arrival order. */
function shareTheRest(admitted: SessionDemand[], demands: Map<string, number>, input: AllocationInput): Map<string, number> {
  if (input.strategy === 'equal-share') return equalShare(demands, input.siteLimitW);
  const given = new Map(admitted.map((s) => [s.sessionId, input.minimumW]));
  let left = input.siteLimitW - admitted.length * input.minimumW;
  const groups =
    input.strategy === 'priority'
      ? [...new Set(admitted.map((s) => s.priority))].map((p) => admitted.filter((s) => s.priority === p))
      : admitted.map((s) => [s]);
  for (const group of groups) {
    if (left <= 0) break;
    const wants = new Map(group.map((s) => [s.sessionId, demands.get(s.sessionId)! - input.minimumW]));
    const extra = equalShare(wants, left);
    for (const [id, watts] of extra) {
      given.set(id, given.get(id)! + watts);
      left -= watts;
    }
  }
  return given;
}

/**
 * Per-session limits whose sum never exceeds the site limit. Sessions are admitted in the
 * strategy's order while their minimums fit (equal share and first-come: earliest first;
 * priority: highest first); the others are paused.
 */
export function allocateSiteLoad(input: AllocationInput): SessionAllocation[] {
  const minimum = Math.max(0, input.minimumW);
  const limit = Math.max(0, input.siteLimitW);
  const admitted: SessionDemand[] = [];
  for (const session of admissionOrder(input)) {
    if (session.connectorMaxW < minimum || (admitted.length + 1) * minimum > limit) continue;
    admitted.push(session);
  }
  const demands = new Map(admitted.map((s) => [s.sessionId, demandOf(s, input)]));
  const watts = shareTheRest(admitted, demands, { ...input, minimumW: minimum, siteLimitW: limit });
  return input.sessions.map((s): SessionAllocation => {
    const w = watts.get(s.sessionId);
    if (w === undefined) return { sessionId: s.sessionId, paused: true, limitW: 0, limitA: 0 };
    const limitW = Math.max(minimum, Math.floor(w));
    return { sessionId: s.sessionId, paused: false, limitW, limitA: wattsToAmps(limitW, input.supply) };
  });
}

export interface ChangeThreshold {
  /** A change above this fraction of the previous limit is sent (0.05 = 5 %)… */
  relative: number;
  /** …and so is a change above this many watts. */
  absoluteW: number;
}

/**
 * Whether a new limit is worth a SetChargingProfile. Any decrease is sent at once: holding back
 * a lower limit would let the site exceed its own. Increases are debounced by the threshold.
 */
export function isMeaningfulChange(
  previous: SessionAllocation | null,
  next: SessionAllocation,
  threshold: ChangeThreshold,
): boolean {
  if (!previous || previous.paused !== next.paused) return true;
  const delta = next.limitW - previous.limitW;
  if (delta < 0) return true;
  return delta > threshold.absoluteW || delta > threshold.relative * previous.limitW;
}

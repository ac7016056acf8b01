/**
 * The car at a simulated connector: what it can draw and how a visit is shaped. Shared by the live
 * simulator and the demo history, so both show sessions a charger could really deliver.
 */

/** A connector at or below this is AC: the car's on-board charger, not the connector, sets the pace. */
const AC_LIMIT_W = 22_000;
/** On-board AC chargers (single-phase 7.4 kW is the most common) and DC inlets of today's cars. */
const AC_ON_BOARD_W = [7_400, 7_400, 11_000, 11_000, 22_000];
const DC_INLET_W = [50_000, 100_000, 150_000, 200_000];

export interface SimulatedEv {
  /** Most the car takes at this connector: never above the connector's maximum. */
  peakW: number;
  /** DC charging slows down above this state of charge. */
  taperFromSoc: number;
}

/** A car arriving at a connector rated `connectorMaxW`. `random` is in [0, 1). */
export function arrivingEv(connectorMaxW: number, random: () => number): SimulatedEv {
  const ac = connectorMaxW <= AC_LIMIT_W;
  const pool = ac ? AC_ON_BOARD_W : DC_INLET_W;
  const carW = pool[Math.floor(random() * pool.length)]!;
  return { peakW: Math.min(connectorMaxW, carW), taperFromSoc: ac ? 100 : 80 };
}

/**
 * Power drawn at a state of charge: the peak, tapering linearly to a tenth of it between
 * `taperFromSoc` and 100 % on DC, with up to 2 % of meter noise below the peak. Whole watts.
 */
export function powerAt(ev: SimulatedEv, soc: number, random: () => number): number {
  let share = 1;
  if (soc > ev.taperFromSoc) share = Math.max(0.1, 1 - (0.9 * (soc - ev.taperFromSoc)) / (100 - ev.taperFromSoc));
  return Math.round(ev.peakW * share * (1 - random() * 0.02));
}

/**
 * Of a visit of `totalSeconds`, the seconds the car stays plugged in after it stopped drawing
 * power (idle, billed as parking where the tariff says so): about half the drivers leave at once,
 * the others a while later — up to a third of the visit.
 */
export function idleSecondsOfVisit(totalSeconds: number, random: () => number): number {
  if (random() < 0.5) return 0;
  return Math.round(totalSeconds * (0.05 + random() * 0.28));
}

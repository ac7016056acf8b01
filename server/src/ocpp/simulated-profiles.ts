/**
 * The charging profiles a simulated charger holds, so the demo and the tests see limits obeyed:
 * SetChargingProfile, ClearChargingProfile and GetCompositeSchedule as a charger answers them,
 * and the power limit each connector's meter values must stay under.
 */

type Purpose = 'ChargePointMaxProfile' | 'ChargingStationMaxProfile' | 'TxDefaultProfile' | 'TxProfile';

interface HeldProfile {
  id: number;
  /** 0 = the whole charger. */
  connector: number;
  purpose: Purpose;
  stackLevel: number;
  transactionId: string | null;
  limitW: number;
  startsAt: number;
  endsAt: number | null;
}

interface Period {
  startPeriod: number;
  limit: number;
}
interface Schedule {
  startSchedule?: string;
  duration?: number;
  chargingRateUnit: 'W' | 'A';
  chargingSchedulePeriod: Period[];
}

/** What the profiles need to know of the charger they are on. */
export interface ProfiledConnectors {
  count: number;
  transactionOf(connector: number): string | null;
  /** Connectors in a session now: a charger maximum is shared among them. */
  charging(): number;
}

/** The simulator's supply is three phases at 230 V to neutral (a 230/400 V grid): P = 3 · 230 V · I. */
export const WATTS_PER_AMP = 3 * 230;
const isMax = (p: Purpose) => p === 'ChargePointMaxProfile' || p === 'ChargingStationMaxProfile';

export class SimulatedProfiles {
  private profiles: HeldProfile[] = [];

  constructor(
    private readonly v16: boolean,
    private readonly connectors: ProfiledConnectors,
  ) {}

  /** SetChargingProfile of either version: stored and Accepted, or Rejected as a charger would (1.6 §5.16, 2.0.1 K01). */
  set(params: Record<string, unknown>): 'Accepted' | 'Rejected' {
    const connector = Number(this.v16 ? params.connectorId : params.evseId);
    const raw = (this.v16 ? params.csChargingProfiles : params.chargingProfile) as Record<string, unknown>;
    const schedule = (this.v16 ? raw.chargingSchedule : (raw.chargingSchedule as Schedule[])[0]) as Schedule;
    const purpose = raw.chargingProfilePurpose as Purpose;
    const transactionId = raw.transactionId === undefined ? null : String(raw.transactionId);
    if (connector < 0 || connector > this.connectors.count) return 'Rejected';
    if (isMax(purpose) && connector !== 0) return 'Rejected';
    if (purpose === 'TxProfile') {
      const running = this.connectors.transactionOf(connector);
      if (connector === 0 || !running || (transactionId !== null && transactionId !== running)) return 'Rejected';
    }
    const first = schedule.chargingSchedulePeriod[0];
    if (!first) return 'Rejected';
    const startsAt = schedule.startSchedule ? Date.parse(schedule.startSchedule) : Date.now();
    const limitW = schedule.chargingRateUnit === 'W' ? first.limit : first.limit * WATTS_PER_AMP;
    const id = Number(this.v16 ? raw.chargingProfileId : raw.id);
    const stackLevel = Number(raw.stackLevel);
    // A profile with the same id, or the same purpose and stack level on the connector, is replaced.
    this.profiles = this.profiles.filter(
      (p) => p.id !== id && !(p.connector === connector && p.purpose === purpose && p.stackLevel === stackLevel),
    );
    this.profiles.push({
      id,
      connector,
      purpose,
      stackLevel,
      transactionId: purpose === 'TxProfile' ? this.connectors.transactionOf(connector) : null,
      limitW,
      startsAt,
      endsAt: schedule.duration ? startsAt + schedule.duration * 1000 : null,
    });
    return 'Accepted';
  }

  /** ClearChargingProfile of either version: Unknown when nothing matched. */
  clear(params: Record<string, unknown>): 'Accepted' | 'Unknown' {
    const criteria = (this.v16 ? params : (params.chargingProfileCriteria ?? {})) as Record<string, unknown>;
    const id = this.v16 ? params.id : params.chargingProfileId;
    const connector = this.v16 ? criteria.connectorId : criteria.evseId;
    const matches = (p: HeldProfile) =>
      (id === undefined || p.id === Number(id)) &&
      (connector === undefined || p.connector === Number(connector)) &&
      (criteria.chargingProfilePurpose === undefined || p.purpose === criteria.chargingProfilePurpose) &&
      (criteria.stackLevel === undefined || p.stackLevel === Number(criteria.stackLevel));
    const before = this.profiles.length;
    this.profiles = this.profiles.filter((p) => !matches(p));
    return this.profiles.length < before ? 'Accepted' : 'Unknown';
  }

  /** A session ended: its TxProfiles go with it (1.6 §3.13.2, 2.0.1 K01.FR.05). */
  ended(transactionId: string): void {
    this.profiles = this.profiles.filter((p) => p.transactionId !== transactionId);
  }

  private active(now: number): HeldProfile[] {
    this.profiles = this.profiles.filter((p) => p.endsAt === null || p.endsAt > now);
    return this.profiles.filter((p) => p.startsAt <= now);
  }

  /** The highest stack level wins within a purpose (1.6 §3.13.2). */
  private top(profiles: HeldProfile[]): HeldProfile | null {
    return profiles.reduce<HeldProfile | null>((best, p) => (!best || p.stackLevel > best.stackLevel ? p : best), null);
  }

  /** The power a connector may draw now (Infinity without a profile): the Tx limit, under the charger maximum. */
  limitW(connector: number, now = Date.now()): number {
    const active = this.active(now);
    const running = this.connectors.transactionOf(connector);
    const tx =
      this.top(active.filter((p) => p.purpose === 'TxProfile' && p.connector === connector && p.transactionId === running)) ??
      this.top(active.filter((p) => p.purpose === 'TxDefaultProfile' && p.connector === connector)) ??
      this.top(active.filter((p) => p.purpose === 'TxDefaultProfile' && p.connector === 0));
    const max = this.top(active.filter((p) => isMax(p.purpose)));
    const share = max ? max.limitW / Math.max(1, this.connectors.charging()) : Infinity;
    return Math.min(tx?.limitW ?? Infinity, share);
  }

  /** GetCompositeSchedule of either version: one period with the limit in force now, or Rejected when none applies. */
  composite(params: Record<string, unknown>): Record<string, unknown> {
    const connector = Number(this.v16 ? params.connectorId : params.evseId);
    if (connector < 0 || connector > this.connectors.count) return { status: 'Rejected' };
    const watts =
      connector === 0
        ? (this.top(this.active(Date.now()).filter((p) => isMax(p.purpose)))?.limitW ?? Infinity)
        : this.limitW(connector);
    if (!Number.isFinite(watts)) return { status: 'Rejected' };
    const unit = params.chargingRateUnit === 'A' ? 'A' : 'W';
    const limit = unit === 'W' ? Math.round(watts) : Math.floor((watts / WATTS_PER_AMP) * 10) / 10;
    const duration = Number(params.duration);
    const scheduleStart = new Date().toISOString();
    const chargingSchedulePeriod = [{ startPeriod: 0, limit }];
    if (this.v16)
      return {
        status: 'Accepted',
        connectorId: connector,
        scheduleStart,
        chargingSchedule: { duration, startSchedule: scheduleStart, chargingRateUnit: unit, chargingSchedulePeriod },
      };
    return {
      status: 'Accepted',
      schedule: { evseId: connector, duration, scheduleStart, chargingRateUnit: unit, chargingSchedulePeriod },
    };
  }
}

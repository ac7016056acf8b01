import { randomUUID } from 'node:crypto';
import { RPCClient, type RpcClient } from './rpc.js';
import { arrivingEv, idleSecondsOfVisit, powerAt, type SimulatedEv } from './simulated-ev.js';
import { SimulatedProfiles, WATTS_PER_AMP } from './simulated-profiles.js';

/** ID tokens shared by several simulated chargers: a card charges on one connector at a time. */
export interface TokenPool {
  /** A card nobody is charging with, or null when all are in use. */
  take(): string | null;
  release(token: string): void;
}

export interface SimulatedChargerOptions {
  url: string;
  identity: string;
  password: string | null;
  protocol: '1.6' | '2.0.1';
  connectors: number;
  /** Each connector's maximum power in W (from the charger's record); 22 kW where not given. */
  maxPowerW?: readonly number[];
  idTag: string;
  /** Cards to charge with instead of `idTag`, taken for a session and returned when it ends. */
  tokens?: TokenPool;
  /** Seconds between meter values during a session. */
  meterSeconds: number;
  /** Seconds a session lasts, and the average idle time between sessions on a connector. */
  sessionSeconds: number;
  idleSeconds: number;
  /** Overrides the heartbeat interval the central system returns. */
  heartbeatSeconds: number | null;
  /** wss:// only: certificates to trust besides the system's (a private CA or a self-signed server certificate). */
  ca?: Buffer;
  /** A charger out of order: reports this status on every connector and starts no sessions of its own. */
  condition?: 'Faulted' | 'Unavailable';
  /** False: a charger without smart charging (1.6 answers NotSupported, 2.0.1 Rejected). */
  smartCharging?: boolean;
  /** Every car takes this much (up to the connector's maximum), instead of a car picked at random. */
  evPeakW?: number;
  log: (line: string) => void;
}

type ConnectorStatus = 'Available' | 'Preparing' | 'Charging' | 'SuspendedEV' | 'Finishing' | 'Faulted' | 'Unavailable';

/** 1.6 stop reasons the simulator uses; 2.0.1 sends their equivalents (see `stopped201`). */
type StopReason = 'EVDisconnected' | 'Remote' | 'SoftReset' | 'HardReset' | 'UnlockCommand';

interface Connector {
  id: number;
  maxW: number;
  transactionId: string | null;
  /** The card charging here when it came from the shared pool (returned at the end). */
  pooledToken: string | null;
  ev: SimulatedEv | null;
  registerWh: number;
  powerW: number;
  soc: number;
  startedAt: number;
  /** When the car stops drawing power and the rest of the visit is idle (plugged in, SuspendedEV). */
  chargedAt: number;
  seqNo: number;
  timer: NodeJS.Timeout | null;
}

/** How long a simulated charger is away while it reboots after a Reset. */
const REBOOT_MS = 2000;

const now = () => new Date().toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One charger: a real OCPP client that boots, heartbeats, reports status and runs sessions with meter values. */
export class SimulatedCharger {
  private readonly client: RpcClient;
  private readonly connectors: Connector[];
  private heartbeat: NodeJS.Timeout | null = null;
  private stopped = false;
  /** A Reset is under way: no new sessions, and the reconnect is a boot, not a resumed link. */
  private rebooting = false;
  /** A 2.0.1 Reset OnIdle waiting for the running sessions to end. */
  private resetWhenIdle = false;
  private readonly v16: boolean;
  /** Seconds between meter values: the option, until the central system sets its own interval. */
  private meterSeconds: number;
  /** The charging profiles it holds: meter values stay under their limit. */
  private readonly profiles: SimulatedProfiles;

  constructor(private readonly options: SimulatedChargerOptions) {
    this.v16 = options.protocol === '1.6';
    this.meterSeconds = options.meterSeconds;
    this.client = new RPCClient({
      identity: options.identity,
      endpoint: options.url,
      password: options.password,
      protocols: [this.v16 ? 'ocpp1.6' : 'ocpp2.0.1'],
      strictMode: true,
      reconnect: true,
      ...(options.ca ? { wsOpts: { ca: options.ca } } : {}),
    } as unknown as ConstructorParameters<typeof RPCClient>[0]);
    this.connectors = Array.from({ length: options.connectors }, (_, i) => ({
      id: i + 1,
      maxW: options.maxPowerW?.[i] ?? 22_000,
      transactionId: null,
      pooledToken: null,
      ev: null,
      registerWh: Math.floor(Math.random() * 5_000_000),
      powerW: 0,
      soc: 0,
      startedAt: 0,
      chargedAt: 0,
      seqNo: 0,
      timer: null,
    }));
    this.profiles = new SimulatedProfiles(this.v16, {
      count: this.connectors.length,
      transactionOf: (id) => this.connectors.find((c) => c.id === id)?.transactionId ?? null,
      charging: () => this.connectors.filter((c) => c.transactionId).length,
    });
    this.answerCommands();
  }

  private call(action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.client.call(action, payload) as Promise<Record<string, unknown>>;
  }

  async start(): Promise<void> {
    await this.client.connect();
    // A reconnect is not a reboot (no BootNotification is due): it just reports its connectors again.
    this.client.on('open', () => {
      if (this.rebooting) return;
      void Promise.all(this.connectors.map((c) => this.status(c, this.restingStatus(c)))).catch(() => undefined);
    });
    await this.boot();
    this.scheduleAll();
  }

  private scheduleAll(): void {
    for (const connector of this.connectors) this.scheduleSession(connector, Math.random() * this.options.idleSeconds * 1000);
  }

  /** Boots until Accepted; Pending and Rejected wait the interval the central system names. */
  private async boot(reason: 'PowerUp' | 'RemoteReset' = 'PowerUp'): Promise<void> {
    for (;;) {
      const answer = await this.call(
        'BootNotification',
        this.v16
          ? {
              chargePointVendor: 'Chargeboard',
              chargePointModel: 'Simulator',
              chargePointSerialNumber: this.options.identity,
              firmwareVersion: '1.0.0',
            }
          : {
              reason,
              chargingStation: {
                vendorName: 'Chargeboard',
                model: 'Simulator',
                serialNumber: this.options.identity,
                firmwareVersion: '1.0.0',
              },
            },
      );
      const interval = Number(answer.interval) || 60;
      this.options.log(`${this.options.identity}: boot ${String(answer.status)} (interval ${interval} s)`);
      if (answer.status === 'Accepted') {
        if (this.heartbeat) clearInterval(this.heartbeat);
        this.heartbeat = setInterval(
          () => void this.call('Heartbeat', {}).catch(() => undefined),
          (this.options.heartbeatSeconds ?? interval) * 1000,
        );
        for (const connector of this.connectors) await this.status(connector, this.restingStatus(connector));
        return;
      }
      if (this.stopped) return;
      await sleep(Math.max(1, interval) * 1000);
    }
  }

  private restingStatus(connector: Connector): ConnectorStatus {
    if (connector.transactionId) return connector.powerW > 0 ? 'Charging' : 'SuspendedEV';
    return this.options.condition ?? 'Available';
  }

  private status(connector: Connector, status: ConnectorStatus) {
    const payload = this.v16
      ? { connectorId: connector.id, errorCode: status === 'Faulted' ? 'GroundFailure' : 'NoError', status, timestamp: now() }
      : {
          timestamp: now(),
          evseId: connector.id,
          connectorId: 1,
          connectorStatus: status === 'Available' || status === 'Faulted' || status === 'Unavailable' ? status : 'Occupied',
        };
    return this.call('StatusNotification', payload);
  }

  private meterValue(connector: Connector, context: string) {
    const sampled = [
      { value: connector.registerWh, measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
      { value: connector.powerW, measurand: 'Power.Active.Import', unit: 'W' },
      { value: Math.round((connector.powerW / WATTS_PER_AMP) * 10) / 10, measurand: 'Current.Import', unit: 'A' },
      { value: 400, measurand: 'Voltage', unit: 'V' },
      { value: Math.round(connector.soc), measurand: 'SoC', unit: 'Percent' },
    ];
    return {
      timestamp: now(),
      sampledValue: sampled.map((s) =>
        this.v16
          ? { value: String(s.value), measurand: s.measurand, unit: s.unit, context }
          : { value: s.value, measurand: s.measurand, context, unitOfMeasure: { unit: s.unit } },
      ),
    };
  }

  private transactionEvent(
    connector: Connector,
    eventType: 'Started' | 'Updated' | 'Ended',
    triggerReason: string,
    context: string,
    extra: { transactionInfo?: Record<string, unknown>; idToken?: Record<string, unknown> } = {},
  ) {
    return this.call('TransactionEvent', {
      eventType,
      timestamp: now(),
      triggerReason,
      seqNo: connector.seqNo++,
      ...(extra.idToken ? { idToken: extra.idToken } : {}),
      transactionInfo: { transactionId: connector.transactionId, ...extra.transactionInfo },
      evse: { id: connector.id, connectorId: 1 },
      meterValue: [this.meterValue(connector, context)],
    });
  }

  private scheduleSession(connector: Connector, delayMs: number): void {
    if (this.stopped || this.rebooting || this.resetWhenIdle || this.options.condition) return;
    connector.timer = setTimeout(
      () =>
        void this.runSession(connector).catch((e: unknown) =>
          this.options.log(`${this.options.identity}#${connector.id}: ${String(e)}`),
        ),
      delayMs,
    );
  }

  /** A session with `idTag`, or with a free card of the pool (none free: the connector waits). */
  async runSession(connector: Connector, idTag?: string): Promise<void> {
    if (connector.transactionId || this.stopped || this.rebooting) return;
    const pooled = idTag === undefined && this.options.tokens ? this.options.tokens.take() : null;
    if (idTag === undefined && this.options.tokens && pooled === null)
      return this.scheduleSession(connector, this.options.idleSeconds * 1000);
    const tag = idTag ?? pooled ?? this.options.idTag;
    connector.pooledToken = pooled;
    try {
      await this.beginSession(connector, tag);
    } catch (error) {
      this.releaseToken(connector);
      throw error;
    }
  }

  private async beginSession(connector: Connector, idTag: string): Promise<void> {
    await this.status(connector, 'Preparing');
    connector.ev = this.options.evPeakW
      ? { peakW: Math.min(connector.maxW, this.options.evPeakW), taperFromSoc: 100 }
      : arrivingEv(connector.maxW, Math.random);
    connector.soc = 10 + Math.random() * 40;
    connector.powerW = this.capped(connector, powerAt(connector.ev, connector.soc, Math.random));
    connector.startedAt = Date.now();
    const visitSeconds = this.options.sessionSeconds;
    connector.chargedAt = connector.startedAt + (visitSeconds - idleSecondsOfVisit(visitSeconds, Math.random)) * 1000;
    if (this.v16) {
      const auth = await this.call('Authorize', { idTag });
      if ((auth.idTagInfo as { status: string }).status !== 'Accepted') {
        this.options.log(`${this.options.identity}#${connector.id}: ${idTag} not accepted`);
        connector.powerW = 0;
        this.releaseToken(connector);
        await this.status(connector, this.restingStatus(connector));
        return this.scheduleSession(connector, this.options.idleSeconds * 1000);
      }
      const started = await this.call('StartTransaction', {
        connectorId: connector.id,
        idTag,
        meterStart: connector.registerWh,
        timestamp: now(),
      });
      connector.transactionId = String(started.transactionId);
    } else {
      connector.transactionId = randomUUID();
      connector.seqNo = 0;
      await this.transactionEvent(connector, 'Started', 'Authorized', 'Transaction.Begin', {
        idToken: { idToken: idTag, type: 'ISO14443' },
        transactionInfo: { chargingState: 'Charging' },
      });
    }
    await this.status(connector, 'Charging');
    this.options.log(
      `${this.options.identity}#${connector.id}: session ${connector.transactionId} started at ${connector.powerW / 1000} kW`,
    );
    this.sampleLoop(connector);
  }

  private releaseToken(connector: Connector): void {
    if (connector.pooledToken !== null) this.options.tokens?.release(connector.pooledToken);
    connector.pooledToken = null;
  }

  private sampleLoop(connector: Connector): void {
    connector.timer = setTimeout(() => {
      const step = async () => {
        connector.registerWh += Math.round((connector.powerW * this.meterSeconds) / 3600);
        // A 60 kWh battery: 600 Wh a per cent.
        connector.soc = Math.min(100, connector.soc + (connector.powerW * this.meterSeconds) / 3600 / 600);
        if (Date.now() - connector.startedAt >= this.options.sessionSeconds * 1000) return this.stopSession(connector);
        const charging = connector.powerW > 0;
        const full = Date.now() >= connector.chargedAt || connector.soc >= 100;
        connector.powerW = full || !connector.ev ? 0 : this.capped(connector, powerAt(connector.ev, connector.soc, Math.random));
        // The car just stopped drawing power but stays plugged in: SuspendedEV until the driver comes back.
        if (charging && full) {
          if (this.v16) await this.status(connector, 'SuspendedEV');
          await this.periodicSample(connector, 'SuspendedEV');
        } else await this.periodicSample(connector);
        this.sampleLoop(connector);
      };
      void step().catch((e: unknown) => this.options.log(`${this.options.identity}#${connector.id}: ${String(e)}`));
    }, this.meterSeconds * 1000);
  }

  /** A periodic meter reading; on 2.0.1 with the new charging state when it changed. */
  private periodicSample(connector: Connector, chargingState?: 'SuspendedEV') {
    if (this.v16)
      return this.call('MeterValues', {
        connectorId: connector.id,
        transactionId: Number(connector.transactionId),
        meterValue: [this.meterValue(connector, 'Sample.Periodic')],
      });
    return chargingState
      ? this.transactionEvent(connector, 'Updated', 'ChargingStateChanged', 'Sample.Periodic', {
          transactionInfo: { chargingState },
        })
      : this.transactionEvent(connector, 'Updated', 'MeterValuePeriodic', 'Sample.Periodic');
  }

  async stopSession(connector: Connector, reason: StopReason = 'EVDisconnected'): Promise<void> {
    if (!connector.transactionId) return;
    if (connector.timer) clearTimeout(connector.timer);
    if (this.v16) {
      await this.call('StopTransaction', {
        transactionId: Number(connector.transactionId),
        meterStop: connector.registerWh,
        timestamp: now(),
        reason,
        transactionData: [this.meterValue(connector, 'Transaction.End')],
      });
    } else {
      connector.powerW = 0;
      const [triggerReason, stoppedReason] = stopped201(reason);
      await this.transactionEvent(connector, 'Ended', triggerReason, 'Transaction.End', {
        transactionInfo: { stoppedReason, chargingState: 'Idle' },
      });
    }
    this.options.log(
      `${this.options.identity}#${connector.id}: session ${connector.transactionId} stopped (${reason}) at ${connector.registerWh} Wh`,
    );
    this.profiles.ended(connector.transactionId);
    connector.transactionId = null;
    connector.powerW = 0;
    connector.ev = null;
    this.releaseToken(connector);
    if (this.rebooting) return;
    await this.status(connector, 'Finishing');
    await this.status(connector, this.restingStatus(connector));
    if (this.resetWhenIdle && this.connectors.every((c) => !c.transactionId)) {
      this.resetWhenIdle = false;
      return this.reboot('SoftReset');
    }
    this.scheduleSession(connector, (0.5 + Math.random()) * this.options.idleSeconds * 1000);
  }

  /**
   * Reset as a real charger does it: running sessions end (1.6 SoftReset/HardReset, 2.0.1
   * ImmediateReset), the connection drops, and after a short while it boots again (reason RemoteReset).
   */
  private async reboot(reason: 'SoftReset' | 'HardReset'): Promise<void> {
    this.rebooting = true;
    for (const connector of this.connectors) await this.stopSession(connector, reason).catch(() => undefined);
    for (const connector of this.connectors) if (connector.timer) clearTimeout(connector.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.options.log(`${this.options.identity}: rebooting (${reason})`);
    await this.client.close({ code: 1012, reason: 'Rebooting' });
    await sleep(REBOOT_MS);
    if (this.stopped) return;
    await this.client.connect();
    await this.boot('RemoteReset');
    this.rebooting = false;
    this.scheduleAll();
  }

  private answerCommands(): void {
    const accepted = async () => ({ status: 'Accepted' });
    const byId = (id: unknown) =>
      this.connectors.find((c) => c.id === Number(id)) ?? this.connectors.find((c) => !c.transactionId) ?? this.connectors[0]!;
    const byTx = (tx: unknown) => this.connectors.find((c) => c.transactionId === String(tx));
    const later = (work: () => Promise<unknown>) => setTimeout(() => void work().catch(() => undefined), 200);
    this.client.handle(this.v16 ? 'RemoteStartTransaction' : 'RequestStartTransaction', async ({ params }) => {
      const p = params ?? {};
      const idTag = this.v16 ? String(p.idTag) : String((p.idToken as { idToken: string }).idToken);
      later(() => this.runSession(byId(this.v16 ? p.connectorId : p.evseId), idTag));
      return { status: 'Accepted' };
    });
    this.client.handle(this.v16 ? 'RemoteStopTransaction' : 'RequestStopTransaction', async ({ params }) => {
      const connector = byTx(params?.transactionId);
      if (!connector) return { status: 'Rejected' };
      later(() => this.stopSession(connector, 'Remote'));
      return { status: 'Accepted' };
    });
    this.client.handle('Reset', async ({ params }) => {
      const type = String(params?.type);
      const busy = this.connectors.some((c) => c.transactionId);
      // 2.0.1 OnIdle waits for the sessions to end (B11.FR.01); everything else reboots now.
      if (!this.v16 && type === 'OnIdle' && busy) {
        this.resetWhenIdle = true;
        return { status: 'Scheduled' };
      }
      later(() => this.reboot(type === 'Hard' ? 'HardReset' : 'SoftReset'));
      return { status: 'Accepted' };
    });
    this.client.handle('UnlockConnector', async ({ params }) => {
      const connector = this.connectors.find((c) => c.id === Number(this.v16 ? params?.connectorId : params?.evseId));
      if (!connector) return { status: this.v16 ? 'NotSupported' : 'UnknownConnector' };
      if (connector.transactionId) {
        // 1.6 §5.18: the charger finishes the transaction first; 2.0.1 F05.FR.02 refuses while one runs.
        if (!this.v16) return { status: 'OngoingAuthorizedTransaction' };
        await this.stopSession(connector, 'UnlockCommand');
      }
      return { status: 'Unlocked' };
    });
    this.client.handle('ChangeAvailability', accepted);
    this.answerSmartCharging();
    this.client.handle('ClearCache', accepted);
    this.client.handle('TriggerMessage', async ({ params }) => {
      const requested = String(params?.requestedMessage);
      if (requested === 'BootNotification') later(() => this.boot());
      else if (requested === 'Heartbeat') later(() => this.call('Heartbeat', {}));
      else if (requested === 'StatusNotification')
        later(async () => Promise.all(this.connectors.map((c) => this.status(c, this.restingStatus(c)))));
      else return { status: 'NotImplemented' };
      return { status: 'Accepted' };
    });
    if (this.v16) {
      this.client.handle('GetConfiguration', async () => ({
        configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: String(this.options.heartbeatSeconds ?? 300) }],
        unknownKey: [],
      }));
      this.client.handle('ChangeConfiguration', async ({ params }) => {
        if (params?.key !== 'MeterValueSampleInterval') return { status: 'Accepted' };
        return { status: this.setMeterSeconds(params.value) ? 'Accepted' : 'Rejected' };
      });
    } else {
      this.client.handle('GetVariables', async ({ params }) => ({
        getVariableResult: ((params?.getVariableData ?? []) as { component: object; variable: object }[]).map((d) => ({
          attributeStatus: 'UnknownVariable',
          component: d.component,
          variable: d.variable,
        })),
      }));
      type SetVariable = { component: { name?: string }; variable: { name?: string }; attributeValue?: unknown };
      this.client.handle('SetVariables', async ({ params }) => ({
        setVariableResult: ((params?.setVariableData ?? []) as SetVariable[]).map((d) => ({
          attributeStatus:
            d.component.name === 'SampledDataCtrlr' &&
            d.variable.name === 'TxUpdatedInterval' &&
            !this.setMeterSeconds(d.attributeValue)
              ? 'Rejected'
              : 'Accepted',
          component: d.component,
          variable: d.variable,
        })),
      }));
    }
  }

  /** What the EV would draw, held under the connector's charging-profile limit. */
  private capped(connector: Connector, powerW: number): number {
    return Math.max(0, Math.min(powerW, Math.floor(this.profiles.limitW(connector.id))));
  }

  /** K01/K10/K08 (1.6 §5.16, §5.5, §5.7): a new limit holds at once, so the next meter value is under it. */
  private answerSmartCharging(): void {
    const supported = this.options.smartCharging ?? true;
    this.client.handle('SetChargingProfile', async ({ params }) => {
      if (!supported) return { status: this.v16 ? 'NotSupported' : 'Rejected' };
      const status = this.profiles.set(params ?? {});
      for (const c of this.connectors) if (c.transactionId) c.powerW = this.capped(c, c.powerW);
      return { status };
    });
    this.client.handle('ClearChargingProfile', async ({ params }) =>
      supported ? { status: this.profiles.clear(params ?? {}) } : { status: 'Unknown' },
    );
    this.client.handle('GetCompositeSchedule', async ({ params }) =>
      supported ? this.profiles.composite(params ?? {}) : { status: 'Rejected' },
    );
  }

  /** The meter-value interval the central system asked for, from the next session on; false when it is not a positive number. */
  private setMeterSeconds(value: unknown): boolean {
    const seconds = Number(value);
    if (!Number.isInteger(seconds) || seconds < 1) return false;
    this.meterSeconds = seconds;
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const connector of this.connectors) this.releaseToken(connector);
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const connector of this.connectors) if (connector.timer) clearTimeout(connector.timer);
    await this.client.close({ code: 1000, reason: 'Simulator stopped' });
  }
}

/** The 2.0.1 trigger and stopped reason for a 1.6 stop reason. */
function stopped201(reason: StopReason): [triggerReason: string, stoppedReason: string] {
  switch (reason) {
    case 'Remote':
      return ['RemoteStop', 'Remote'];
    case 'SoftReset':
    case 'HardReset':
      return ['ResetCommand', 'ImmediateReset'];
    case 'UnlockCommand':
      return ['UnlockCommand', 'Other'];
    case 'EVDisconnected':
      return ['EVDeparted', 'EVDisconnected'];
  }
}

import { randomUUID } from 'node:crypto';
import { RPCClient, type RpcClient } from './rpc.js';

export interface SimulatedChargerOptions {
  url: string;
  identity: string;
  password: string | null;
  protocol: '1.6' | '2.0.1';
  connectors: number;
  idTag: string;
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
  log: (line: string) => void;
}

type ConnectorStatus = 'Available' | 'Preparing' | 'Charging' | 'Finishing' | 'Faulted' | 'Unavailable';

interface Connector {
  id: number;
  transactionId: string | null;
  registerWh: number;
  powerW: number;
  soc: number;
  startedAt: number;
  seqNo: number;
  timer: NodeJS.Timeout | null;
}

const now = () => new Date().toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One charger: a real OCPP client that boots, heartbeats, reports status and runs sessions with meter values. */
export class SimulatedCharger {
  private readonly client: RpcClient;
  private readonly connectors: Connector[];
  private heartbeat: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly v16: boolean;
  /** Seconds between meter values: the option, until the central system sets its own interval. */
  private meterSeconds: number;

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
      transactionId: null,
      registerWh: Math.floor(Math.random() * 5_000_000),
      powerW: 0,
      soc: 0,
      startedAt: 0,
      seqNo: 0,
      timer: null,
    }));
    this.answerCommands();
  }

  private call(action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.client.call(action, payload) as Promise<Record<string, unknown>>;
  }

  async start(): Promise<void> {
    await this.client.connect();
    // A reconnect is not a reboot (no BootNotification is due): it just reports its connectors again.
    this.client.on(
      'open',
      () => void Promise.all(this.connectors.map((c) => this.status(c, this.restingStatus(c)))).catch(() => undefined),
    );
    await this.boot();
    if (this.options.condition) return;
    for (const connector of this.connectors) this.scheduleSession(connector, Math.random() * this.options.idleSeconds * 1000);
  }

  /** Boots until Accepted; Pending and Rejected wait the interval the central system names. */
  private async boot(): Promise<void> {
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
              reason: 'PowerUp',
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
    if (connector.transactionId) return 'Charging';
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
      { value: Math.round((connector.powerW / 400 / Math.sqrt(3)) * 10) / 10, measurand: 'Current.Import', unit: 'A' },
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
    extra: Record<string, unknown> = {},
  ) {
    return this.call('TransactionEvent', {
      eventType,
      timestamp: now(),
      triggerReason,
      seqNo: connector.seqNo++,
      transactionInfo: {
        transactionId: connector.transactionId,
        ...(eventType === 'Ended' ? { stoppedReason: 'EVDisconnected' } : {}),
      },
      evse: { id: connector.id, connectorId: 1 },
      meterValue: [this.meterValue(connector, context)],
      ...extra,
    });
  }

  private scheduleSession(connector: Connector, delayMs: number): void {
    if (this.stopped || this.options.condition) return;
    connector.timer = setTimeout(
      () =>
        void this.runSession(connector).catch((e: unknown) =>
          this.options.log(`${this.options.identity}#${connector.id}: ${String(e)}`),
        ),
      delayMs,
    );
  }

  async runSession(connector: Connector, idTag = this.options.idTag): Promise<void> {
    if (connector.transactionId || this.stopped) return;
    await this.status(connector, 'Preparing');
    connector.powerW = [7400, 11_000, 22_000, 50_000][Math.floor(Math.random() * 4)]!;
    connector.soc = 10 + Math.random() * 40;
    connector.startedAt = Date.now();
    if (this.v16) {
      const auth = await this.call('Authorize', { idTag });
      if ((auth.idTagInfo as { status: string }).status !== 'Accepted') {
        this.options.log(`${this.options.identity}#${connector.id}: ${idTag} not accepted`);
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
      });
    }
    await this.status(connector, 'Charging');
    this.options.log(
      `${this.options.identity}#${connector.id}: session ${connector.transactionId} started at ${connector.powerW / 1000} kW`,
    );
    this.sampleLoop(connector);
  }

  private sampleLoop(connector: Connector): void {
    connector.timer = setTimeout(() => {
      const step = async () => {
        connector.registerWh += Math.round((connector.powerW * this.meterSeconds) / 3600);
        connector.soc = Math.min(100, connector.soc + (connector.powerW * this.meterSeconds) / 3600 / 600);
        if (Date.now() - connector.startedAt >= this.options.sessionSeconds * 1000) return this.stopSession(connector);
        if (this.v16)
          await this.call('MeterValues', {
            connectorId: connector.id,
            transactionId: Number(connector.transactionId),
            meterValue: [this.meterValue(connector, 'Sample.Periodic')],
          });
        else await this.transactionEvent(connector, 'Updated', 'MeterValuePeriodic', 'Sample.Periodic');
        this.sampleLoop(connector);
      };
      void step().catch((e: unknown) => this.options.log(`${this.options.identity}#${connector.id}: ${String(e)}`));
    }, this.meterSeconds * 1000);
  }

  async stopSession(connector: Connector, reason = 'EVDisconnected'): Promise<void> {
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
      await this.transactionEvent(connector, 'Ended', reason === 'Remote' ? 'RemoteStop' : 'EVDeparted', 'Transaction.End');
    }
    this.options.log(
      `${this.options.identity}#${connector.id}: session ${connector.transactionId} stopped at ${connector.registerWh} Wh`,
    );
    connector.transactionId = null;
    connector.powerW = 0;
    await this.status(connector, 'Finishing');
    await this.status(connector, this.restingStatus(connector));
    this.scheduleSession(connector, (0.5 + Math.random()) * this.options.idleSeconds * 1000);
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
    this.client.handle('Reset', accepted);
    this.client.handle('UnlockConnector', async () => ({ status: 'Unlocked' }));
    this.client.handle('ChangeAvailability', accepted);
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

  /** The meter-value interval the central system asked for, from the next session on; false when it is not a positive number. */
  private setMeterSeconds(value: unknown): boolean {
    const seconds = Number(value);
    if (!Number.isInteger(seconds) || seconds < 1) return false;
    this.meterSeconds = seconds;
    return true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const connector of this.connectors) if (connector.timer) clearTimeout(connector.timer);
    await this.client.close({ code: 1000, reason: 'Simulator stopped' });
  }
}

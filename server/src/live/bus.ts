import type { GridHealth } from '../domain/grid-health.js';
import type { GridReadingJson } from '../modules/grid/reading-json.js';

/**
 * The in-process event bus. Services publish after their transaction commits; live pushes (SSE),
 * alerts and notifications subscribe. Every event names its organization and site so a subscriber
 * can filter by the viewer's scope. Subscribers here see this instance's events only (settlement
 * must run once per event); with several instances, `relay` also shares them (live/event-relay.ts).
 */

interface ChargerRef {
  chargerId: string;
  organizationId: string;
  siteId: string;
}

export interface ChargerConnectionEvent extends ChargerRef {
  online: boolean;
  /** When it came online, or when it went offline (socket closed, or last message before the silence). */
  at: string;
  protocol: string | null;
}

export interface ChargerStatusEvent extends ChargerRef {
  evseId: number;
  connectorId: number;
  status: string;
  errorCode: string | null;
  /** StatusNotification's free text and vendor fields (1.6; 2.0.1 sends none of them). */
  info: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
  at: string;
}

/** What the session costs so far under its tariff (minor units of `currency`); an estimate, settlement decides. */
export interface EstimatedCost {
  currency: string;
  netMinor: number;
  grossMinor: number;
}

export interface SessionEvent extends ChargerRef {
  sessionId: string;
  transactionId: string;
  evseId: number | null;
  connectorId: number | null;
  startedAt: string;
  stoppedAt: string | null;
  energyWh: number;
  powerW: number | null;
  socPercent: number | null;
  status: 'active' | 'completed';
  closedBy: string | null;
  /** The charger's stop reason (1.6 reason, 2.0.1 stoppedReason), when it gave one. */
  stopReason?: string | null;
  flagged: boolean;
  /** session.updated only, when the session has a tariff (modules/charging/cost-estimator.ts). */
  estimatedCost?: EstimatedCost;
}

/** A session's payment failed at the gateway: retried (`final: false`) or given up (the session is payment_failed). */
export interface PaymentFailedEvent extends ChargerRef {
  sessionId: string;
  paymentId: string;
  amountMinor: number;
  currency: string;
  reason: string | null;
  attempt: number;
  final: boolean;
  at: string;
}

/**
 * A wallet debit left the balance at or under its organization's low-balance mark. It names the
 * session's organization, site and charger, like every event, so scope filters it the same way.
 */
export interface WalletLowBalanceEvent extends ChargerRef {
  walletId: string;
  userId: string;
  sessionId: string;
  balanceMinor: number;
  lowBalanceMinor: number;
  negativeLimitMinor: number;
  currency: string;
  at: string;
}

/** An alert was raised, repeated, acknowledged, escalated or resolved (modules/alerts). */
export interface AlertChangedEvent {
  alertId: string;
  organizationId: string;
  siteId: string | null;
  chargerId: string | null;
  connectorId: number | null;
  ruleType: string;
  severity: string;
  status: string;
  title: string;
  occurrences: number;
  /** What happened: raised, repeated, reopened, acknowledged, escalated, resolved. */
  change: string;
  at: string;
}

/** A user got an in-app notification: their bell counts it. Only that user receives the event. */
export interface NotificationCreatedEvent {
  userId: string;
  notificationId: string;
  category: string;
  title: string;
  severity: string | null;
  link: string | null;
  at: string;
}

/** A grid feed's reading, published once (by the instance that stored it). */
export interface GridReadingEvent {
  feedId: string;
  organizationId: string;
  reading: GridReadingJson;
}

/** A grid feed's health changed (normal, alert, emergency), published once (modules/grid). */
export interface GridHealthEvent {
  feedId: string;
  organizationId: string;
  feedName: string;
  health: GridHealth;
  previous: GridHealth;
  reason: string;
  at: string;
}

/** A grid feed's link changed on this instance: connecting, connected, disconnected or stale. */
export interface GridFeedEvent {
  feedId: string;
  organizationId: string;
  link: 'connecting' | 'connected' | 'disconnected' | 'stale';
  error: string | null;
  at: string;
}

export interface LiveEvents {
  'charger.connection': ChargerConnectionEvent;
  'charger.status': ChargerStatusEvent;
  'session.started': SessionEvent;
  'session.updated': SessionEvent;
  'session.stopped': SessionEvent;
  'payment.failed': PaymentFailedEvent;
  'wallet.low_balance': WalletLowBalanceEvent;
  'alert.changed': AlertChangedEvent;
  'notification.created': NotificationCreatedEvent;
  'grid.reading': GridReadingEvent;
  'grid.health': GridHealthEvent;
  'grid.feed': GridFeedEvent;
}

export type LiveEventType = keyof LiveEvents;
export type LiveEvent = { [K in LiveEventType]: { type: K; payload: LiveEvents[K] } }[LiveEventType];
type Listener = (event: LiveEvent) => void;
/** An event of any instance with its shared id; null when the relay is unreachable (this instance's event, unnumbered). */
export type SharedListener = (event: LiveEvent, id: number | null) => void;

/** Shares every instance's events with every instance, numbered by one sequence for all of them. */
export interface EventRelay {
  /** The newest id when this instance joined: the first event delivered has the next one. */
  readonly startId: number;
  publish(event: LiveEvent): void;
  /** Every instance's events, this one's included, in the same order everywhere; returns the unsubscribe. */
  subscribe(listener: SharedListener): () => void;
}

export class EventBus {
  private readonly listeners = new Set<Listener>();

  constructor(readonly relay: EventRelay | null = null) {}

  /** Delivers synchronously; a failing subscriber never breaks the publisher or the other subscribers. */
  publish<K extends LiveEventType>(type: K, payload: LiveEvents[K]): void {
    const event = { type, payload } as LiveEvent;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // Subscribers own their errors.
      }
    }
    this.relay?.publish(event);
  }

  /** Every event; returns the function that unsubscribes. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events of one type. */
  on<K extends LiveEventType>(type: K, handler: (payload: LiveEvents[K]) => void): () => void {
    return this.subscribe((event) => {
      if (event.type === type) handler(event.payload as LiveEvents[K]);
    });
  }
}

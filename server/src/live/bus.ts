/**
 * The in-process event bus. Services publish after their transaction commits; live pushes (SSE),
 * alerts and notifications subscribe. Every event names its organization and site so a subscriber
 * can filter by the viewer's scope. (Several instances: a Redis relay will subscribe here later.)
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
  at: string;
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
  flagged: boolean;
}

export interface LiveEvents {
  'charger.connection': ChargerConnectionEvent;
  'charger.status': ChargerStatusEvent;
  'session.started': SessionEvent;
  'session.updated': SessionEvent;
  'session.stopped': SessionEvent;
}

export type LiveEventType = keyof LiveEvents;
export type LiveEvent = { [K in LiveEventType]: { type: K; payload: LiveEvents[K] } }[LiveEventType];
type Listener = (event: LiveEvent) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();

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

import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { createStreamTicket } from '../api/live';
import { LIVE_EVENT_NAMES, applyLiveEvent, throttledInvalidator } from './cache';

export type LiveConnectionState = 'connecting' | 'live' | 'reconnecting' | 'unavailable';

const MAX_BACKOFF_MS = 30_000;
/** A stream that lived this long ended normally (its ticket expired): reconnect at once. */
const HEALTHY_STREAM_MS = 10_000;

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … 30 s. */
export const backoffMs = (attempt: number) =>
  Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempt, 10)) * (0.75 + Math.random() * 0.5);

/** Whether event `id` was already applied (ids are increasing integers; anything else is compared as text). */
export function alreadySeen(id: string, lastId: string | null): boolean {
  if (!id || lastId === null) return false;
  const a = Number(id);
  const b = Number(lastId);
  if (Number.isFinite(a) && Number.isFinite(b)) return a <= b;
  return id === lastId;
}

/**
 * Subscribes to the live event stream and keeps the TanStack Query cache current. The stream
 * needs a one-minute ticket (EventSource cannot send a bearer token); on every error or close a
 * new ticket is fetched and the stream resumes after the last applied event id.
 */
export function useLiveEvents(enabled = true): LiveConnectionState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveConnectionState>('connecting');

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    let lastId: string | null = null;
    const invalidator = throttledInvalidator(queryClient);

    const scheduleReconnect = (openedAt: number | null) => {
      if (stopped) return;
      if (openedAt !== null && Date.now() - openedAt > HEALTHY_STREAM_MS) attempt = 0;
      setState('reconnecting');
      retry = setTimeout(() => void open(), attempt === 0 ? 100 : backoffMs(attempt));
      attempt++;
    };

    const open = async () => {
      retry = null;
      let ticket: string;
      try {
        ticket = (await createStreamTicket()).ticket;
      } catch (error) {
        // Without the permission there is nothing to wait for.
        if (error instanceof ApiError && error.status === 403) return setState('unavailable');
        return scheduleReconnect(null);
      }
      if (stopped) return;
      const query = new URLSearchParams({ ticket });
      if (lastId !== null) query.set('lastEventId', lastId);
      const stream = new EventSource(`/api/v1/stream?${query.toString()}`);
      source = stream;
      let openedAt: number | null = null;
      stream.onopen = () => {
        openedAt = Date.now();
        attempt = 0;
        setState('live');
      };
      stream.onerror = () => {
        // The browser would retry with the same, expiring ticket: take over instead.
        stream.close();
        if (source === stream) source = null;
        scheduleReconnect(openedAt);
      };
      for (const name of LIVE_EVENT_NAMES) {
        stream.addEventListener(name, (message: MessageEvent<string>) => {
          const id = message.lastEventId;
          if (alreadySeen(id, lastId)) return;
          let data: unknown = null;
          try {
            data = name === 'reset' ? null : JSON.parse(message.data);
          } catch {
            return;
          }
          if (id) lastId = id;
          applyLiveEvent(queryClient, name, data, invalidator.invalidate);
        });
      }
    };

    void open();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      source?.close();
      invalidator.cancel();
    };
  }, [enabled, queryClient]);

  return enabled ? state : 'unavailable';
}

import type { QueryClient, QueryKey } from '@tanstack/react-query';
import {
  liveKeys,
  type ChargerConnectionEvent,
  type ChargerStatusEvent,
  type LiveCharger,
  type SessionDetail,
  type SessionEvent,
} from '../api/live';
import { alertKeys, notificationKeys, type AlertChangedEvent, type UnreadCount } from '../api/alerts';
import { gridKeys, type GridFeed, type GridFeedDetail, type GridFeedEvent, type GridReadingEvent } from '../api/grid';
import { applyConnection, applySession, applySessionSample, applyStatus } from './apply';

export type LiveEventName =
  | 'charger.connection'
  | 'charger.status'
  | 'session.started'
  | 'session.updated'
  | 'session.stopped'
  | 'alert.changed'
  | 'notification.created'
  | 'grid.reading'
  | 'grid.health'
  | 'grid.feed'
  | 'reset';
export const LIVE_EVENT_NAMES: LiveEventName[] = [
  'charger.connection',
  'charger.status',
  'session.started',
  'session.updated',
  'session.stopped',
  'alert.changed',
  'notification.created',
  'grid.reading',
  'grid.health',
  'grid.feed',
  'reset',
];

/**
 * Figures the browser cannot derive from one event (energy today, availability, history tables)
 * are refetched, at most once per `delayMs` per query, so a busy network does not flood the API.
 */
export function throttledInvalidator(queryClient: QueryClient, delayMs = 500) {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    for (const key of pending.values()) void queryClient.invalidateQueries({ queryKey: key });
    pending.clear();
  };
  return {
    invalidate(key: QueryKey) {
      pending.set(JSON.stringify(key), key);
      timer ??= setTimeout(flush, delayMs);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
    },
  };
}

type Invalidate = (key: QueryKey) => void;

const patchLists = (queryClient: QueryClient, patch: (list: LiveCharger[]) => LiveCharger[]) =>
  queryClient.setQueriesData<LiveCharger[]>({ queryKey: liveKeys.chargersAll }, (list) => (list ? patch(list) : list));

/** A change to one grid feed, in the feed list and in its detail. */
function patchFeed(queryClient: QueryClient, feedId: string, patch: (feed: GridFeed) => GridFeed) {
  queryClient.setQueryData<{ items: GridFeed[] }>(gridKeys.feeds, (list) =>
    list ? { items: list.items.map((f) => (f.id === feedId ? patch(f) : f)) } : list,
  );
  queryClient.setQueryData<GridFeedDetail>(gridKeys.detail(feedId), (detail) =>
    detail ? { ...detail, feed: patch(detail.feed) } : detail,
  );
}

/** Applies one SSE event to the TanStack Query cache. */
export function applyLiveEvent(queryClient: QueryClient, name: LiveEventName, data: unknown, invalidate: Invalidate): void {
  switch (name) {
    case 'reset':
      void queryClient.invalidateQueries({ queryKey: liveKeys.all });
      void queryClient.invalidateQueries({ queryKey: alertKeys.all });
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      void queryClient.invalidateQueries({ queryKey: gridKeys.all });
      return;
    case 'alert.changed': {
      const event = data as AlertChangedEvent;
      // Lists, counts and the detail (its history) are refetched: one event says too little to patch them.
      invalidate(['alerts', 'list']);
      invalidate(alertKeys.counts);
      invalidate(alertKeys.detail(event.alertId));
      return;
    }
    case 'grid.reading': {
      const { feedId, reading } = data as GridReadingEvent;
      patchFeed(queryClient, feedId, (feed) =>
        feed.latest && feed.latest.at >= reading.at
          ? feed
          : { ...feed, latest: reading, lastReadingAt: reading.at, link: 'connected', linkError: null },
      );
      return;
    }
    case 'grid.feed': {
      const event = data as GridFeedEvent;
      patchFeed(queryClient, event.feedId, (feed) => ({ ...feed, link: event.link, linkError: event.error }));
      return;
    }
    case 'grid.health':
      // The health, its history and the sites' reductions: refetched.
      invalidate(gridKeys.all);
      invalidate(['load-management']);
      return;
    case 'notification.created':
      // The bell counts at once; the list behind it is fetched again when next shown.
      queryClient.setQueryData<UnreadCount>(notificationKeys.unread, (count) => (count ? { unread: count.unread + 1 } : count));
      invalidate(notificationKeys.latest);
      invalidate(notificationKeys.unread);
      return;
    case 'charger.connection': {
      const event = data as ChargerConnectionEvent;
      patchLists(queryClient, (list) => applyConnection(list, event));
      invalidate(liveKeys.messages(event.chargerId));
      break;
    }
    case 'charger.status': {
      const event = data as ChargerStatusEvent;
      patchLists(queryClient, (list) => applyStatus(list, event));
      invalidate(liveKeys.statusHistory(event.chargerId));
      invalidate(liveKeys.messages(event.chargerId));
      break;
    }
    default: {
      const event = data as SessionEvent;
      patchLists(queryClient, (list) => applySession(list, event));
      const now = new Date().toISOString();
      queryClient.setQueryData<SessionDetail>(liveKeys.session(event.sessionId), (session) =>
        session ? applySessionSample(session, event, now) : session,
      );
      invalidate(liveKeys.messages(event.chargerId));
    }
  }
  invalidate(['live', 'summary']);
}

import { api } from './client';
import type { ItemOf, RequestBody, ResponseBody } from './contract';

export type GridFeed = ItemOf<ResponseBody<'/api/v1/grid/feeds'>>;
export type GridFeedDetail = ResponseBody<'/api/v1/grid/feeds/{id}'>;
export type GridSeries = ResponseBody<'/api/v1/grid/feeds/{id}/readings'>;
export type GridReading = NonNullable<GridFeed['latest']>;
export type GridHealth = GridFeed['health'];
export type GridFeedLink = GridFeed['link'];
export type NewGridFeed = RequestBody<'/api/v1/grid/feeds', 'post'>;
export type GridFeedChange = RequestBody<'/api/v1/grid/feeds/{id}', 'put'>;

// ── SSE payloads: the server's own event types (type-only, erased from the bundle) ──
export type { GridFeedEvent, GridHealthEvent, GridReadingEvent } from '../../../server/src/live/bus';

export const gridKeys = {
  all: ['grid'] as const,
  feeds: ['grid', 'feeds'] as const,
  detail: (id: string) => ['grid', 'detail', id] as const,
  series: (id: string, range: string) => ['grid', 'series', id, range] as const,
};

export const listGridFeeds = () => api.get<{ items: GridFeed[] }>('/grid/feeds');
export const getGridFeed = (id: string) => api.get<GridFeedDetail>(`/grid/feeds/${id}`);
export const getGridSeries = (id: string, from: string) =>
  api.get<GridSeries>(`/grid/feeds/${id}/readings?from=${encodeURIComponent(from)}`);
export const createGridFeed = (body: NewGridFeed) => api.post<GridFeedDetail>('/grid/feeds', body);
export const updateGridFeed = (id: string, body: GridFeedChange) => api.put<GridFeedDetail>(`/grid/feeds/${id}`, body);
export const deleteGridFeed = (id: string) => api.delete(`/grid/feeds/${id}`);

import type { LiveCharger } from '../api/live';

/** A live charger as the snapshot sends it, for unit tests: online, no connectors, no session. */
export const liveCharger = (fields: Partial<LiveCharger> = {}): LiveCharger => ({
  chargerId: 'c1',
  name: 'Harbour 1',
  ocppIdentity: 'HB-1',
  organizationId: 'o1',
  organizationName: 'Org',
  siteId: 's1',
  siteName: 'Harbour',
  latitude: null,
  longitude: null,
  adminStatus: 'active',
  online: true,
  offlineSince: null,
  lastMessageAt: null,
  status: 'Available',
  connectors: [],
  activeSession: null,
  activeSessions: [],
  ...fields,
});

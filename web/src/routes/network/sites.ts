import type { LiveCharger, LiveStatus } from '../../api/live';
import type { Site } from '../../api/types';
import { worstStatus } from '../../live/status';

export interface MapSite {
  siteId: string;
  name: string;
  organizationName: string;
  latitude: number | null;
  longitude: number | null;
  status: LiveStatus;
  chargers: LiveCharger[];
}

const coordinate = (value: string | number | null | undefined) => {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/**
 * One entry per site in scope: the sites list (when the user may read it) joined with the live
 * chargers, so a site without visible chargers still appears.
 */
export function mapSitesOf(chargers: LiveCharger[], sites: Site[]): MapSite[] {
  const bySite = new Map<string, MapSite>();
  for (const site of sites) {
    bySite.set(site.id, {
      siteId: site.id,
      name: site.name,
      organizationName: site.organizationName,
      latitude: coordinate(site.latitude),
      longitude: coordinate(site.longitude),
      status: 'Offline',
      chargers: [],
    });
  }
  for (const charger of chargers) {
    let site = bySite.get(charger.siteId);
    if (!site) {
      site = {
        siteId: charger.siteId,
        name: charger.siteName,
        organizationName: charger.organizationName,
        latitude: coordinate(charger.latitude),
        longitude: coordinate(charger.longitude),
        status: 'Offline',
        chargers: [],
      };
      bySite.set(charger.siteId, site);
    }
    site.chargers.push(charger);
  }
  for (const site of bySite.values()) site.status = worstStatus(site.chargers.map((c) => c.status));
  return [...bySite.values()].sort((a, b) => a.name.localeCompare(b.name));
}

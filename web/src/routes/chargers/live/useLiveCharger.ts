import { useQuery } from '@tanstack/react-query';
import { listLiveChargers, liveKeys } from '../../../api/live';
import type { Charger } from '../../../api/types';

/** The live state of one charger, from its site's live list (kept current by the event stream). */
export function useLiveCharger(charger: Charger, enabled: boolean) {
  const query = useQuery({
    queryKey: liveKeys.chargers(charger.organizationId, charger.siteId),
    queryFn: () => listLiveChargers(charger.organizationId, charger.siteId),
    enabled,
  });
  return { ...query, live: query.data?.find((c) => c.chargerId === charger.id) ?? null };
}

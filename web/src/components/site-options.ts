import { useQuery } from '@tanstack/react-query';
import { listSites, siteKeys } from '../api/sites';

/** The sites of one organization as picker options, by name; nothing is fetched until an organization is chosen. */
export function useSiteOptions(organizationId: string | null) {
  const params = { organizationId: organizationId ?? undefined, pageSize: 200, sort: 'name', order: 'asc' as const };
  const sites = useQuery({
    queryKey: siteKeys.list(params),
    queryFn: () => listSites(params),
    enabled: Boolean(organizationId),
  });
  return {
    options: (sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })),
    isLoading: sites.isLoading,
  };
}

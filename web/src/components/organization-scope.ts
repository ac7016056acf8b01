import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { listOrganizations, organizationKeys } from '../api/organizations';
import type { Organization } from '../api/types';
import { useSession } from '../auth/session';

const ALL_ORGANIZATIONS_PARAMS = { pageSize: 200, sort: 'name', order: 'asc' } as const;

/** Every organization in the user's scope (for pickers and id → name); empty without organizations:read. */
export function useOrganizations() {
  const { can } = useSession();
  const enabled = can('organizations:read');
  const query = useQuery({
    queryKey: organizationKeys.list(ALL_ORGANIZATIONS_PARAMS),
    queryFn: () => listOrganizations(ALL_ORGANIZATIONS_PARAMS),
    enabled,
    staleTime: 60_000,
  });
  const organizations: Organization[] = useMemo(() => query.data?.items ?? [], [query.data]);
  const byId = useMemo(() => new Map(organizations.map((o) => [o.id, o])), [organizations]);
  return { organizations, byId, total: query.data?.total ?? 0, isLoading: enabled && query.isLoading, enabled };
}

/** The organization switcher's choice, kept in the URL (`?org=<id>`) so it survives reloads and links. */
export function useSelectedOrganization(): [string | null, (id: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const selected = params.get('org');
  const select = useCallback(
    (id: string | null) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (id) next.set('org', id);
          else next.delete('org');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [selected, select];
}

/** The switcher only makes sense with organizations:read and more than one organization in scope. */
export function useShowOrganizationSwitcher(): boolean {
  const { me } = useSession();
  const { enabled, total } = useOrganizations();
  if (!enabled || !me) return false;
  const ids = me.scope.organizationIds;
  return ids === null ? total > 1 : ids.length > 1 && total > 1;
}

/** Appends the current `org` choice to an in-app link so the filter follows the user around. */
export function useOrgLink(): (path: string) => string {
  const [selected] = useSelectedOrganization();
  return useCallback((path: string) => (selected ? `${path}?org=${encodeURIComponent(selected)}` : path), [selected]);
}

import { useSession } from './session';

/**
 * Whether the signed-in user's scope covers whole organizations. A location owner's chargers or a
 * custom role limited to chosen sites do not: organization-level things (organization-wide tariffs
 * and campaigns, invoices, payouts, ID tokens) are out of its reach, and the server refuses them.
 */
export function useWholeOrganizationScope(): boolean {
  const { me } = useSession();
  return !!me && me.scope.siteIds === null && me.scope.chargerIds === null;
}

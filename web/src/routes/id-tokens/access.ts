import { useSession } from '../../auth/session';

/**
 * ID tokens belong to a whole organization: chargers:read over whole organizations lists them;
 * a role limited to some sites or assigned chargers (location owner, a site custom role) does not.
 */
export function useCanListIdTokens(): boolean {
  const { me, can } = useSession();
  return !!me && can('chargers:read') && me.scope.siteIds === null && me.scope.chargerIds === null;
}

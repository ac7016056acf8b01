import { useSession } from '../../auth/session';
import { useWholeOrganizationScope } from '../../auth/whole-organization';

/**
 * ID tokens belong to a whole organization: chargers:read over whole organizations lists them;
 * a role limited to some sites or assigned chargers (location owner, a site custom role) does not.
 */
export function useCanListIdTokens(): boolean {
  const { can } = useSession();
  return useWholeOrganizationScope() && can('chargers:read');
}

import { useSession } from '../../auth/session';
import { useSelectedOrganization } from '../../components/organization-scope';
import { RevenueSummaryTiles } from '../finance/RevenueSummaryTiles';

/** The organization revenue tiles (today, week, month, year) on the dashboard, for finance:read only. */
export function RevenueTiles() {
  const { can } = useSession();
  const [org] = useSelectedOrganization();
  if (!can('finance:read')) return null;
  return <RevenueSummaryTiles organizationId={org} />;
}

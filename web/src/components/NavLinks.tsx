import { Link, useLocation } from 'react-router';
import { NavLink, Stack } from '@mantine/core';
import {
  IconArrowsExchange,
  IconBolt,
  IconChartLine,
  IconBuildingCommunity,
  IconChargingPile,
  IconClockPlay,
  IconPlugConnectedX,
  IconCashBanknote,
  IconDiscount,
  IconFileInvoice,
  IconReceipt2,
  IconGauge,
  IconId,
  IconListDetails,
  IconMap2,
  IconMapPin,
  IconShieldLock,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import { useSession } from '../auth/session';
import { useWholeOrganizationScope } from '../auth/whole-organization';
import { useOrgLink } from './organization-scope';

interface NavItem {
  label: string;
  path: string;
  icon: Icon;
  /** null: everyone signed in */
  permission: string | null;
  /** Only for scopes over whole organizations (not a location owner's chargers or a role limited to sites). */
  wholeOrganization?: true;
}

// Only areas that exist today; finance, transactions and invoices appear when they are built.
export const NAV_ITEMS: NavItem[] = [
  { label: 'Dashboard', path: '/', icon: IconGauge, permission: null },
  { label: 'Network', path: '/network', icon: IconMap2, permission: 'monitoring:read' },
  { label: 'Organizations', path: '/organizations', icon: IconBuildingCommunity, permission: 'organizations:read' },
  { label: 'Sites', path: '/sites', icon: IconMapPin, permission: 'sites:read' },
  { label: 'Chargers', path: '/chargers', icon: IconChargingPile, permission: 'chargers:read' },
  {
    label: 'Connection refusals',
    path: '/chargers/connection-refusals',
    icon: IconPlugConnectedX,
    permission: 'chargers:read',
    wholeOrganization: true,
  },
  { label: 'ID tokens', path: '/id-tokens', icon: IconId, permission: 'chargers:read', wholeOrganization: true },
  { label: 'Finance', path: '/finance', icon: IconChartLine, permission: 'finance:read' },
  { label: 'Tariffs', path: '/tariffs', icon: IconReceipt2, permission: 'finance:read' },
  { label: 'Campaigns', path: '/campaigns', icon: IconDiscount, permission: 'finance:read' },
  { label: 'Transactions', path: '/transactions', icon: IconArrowsExchange, permission: 'transactions:read' },
  { label: 'Invoices', path: '/invoices', icon: IconFileInvoice, permission: 'invoices:read', wholeOrganization: true },
  // Payouts are per organization: a location owner or a role limited to sites has none.
  { label: 'Payouts', path: '/payouts', icon: IconCashBanknote, permission: 'invoices:read', wholeOrganization: true },
  { label: 'Users', path: '/users', icon: IconUsers, permission: 'users:read' },
  { label: 'Roles', path: '/roles', icon: IconShieldLock, permission: 'roles:read' },
  { label: 'Audit log', path: '/audit', icon: IconListDetails, permission: 'audit:read' },
  { label: 'Background jobs', path: '/jobs', icon: IconClockPlay, permission: 'jobs:read' },
  { label: 'My charging', path: '/my-charging', icon: IconBolt, permission: 'self:sessions' },
];

export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const { can } = useSession();
  const wholeOrganizations = useWholeOrganizationScope();
  const location = useLocation();
  const orgLink = useOrgLink();
  const matches = (path: string) => (path === '/' ? location.pathname === '/' : location.pathname.startsWith(path));
  // The most specific item only: /chargers/connection-refusals is not also "Chargers".
  const isActive = (path: string) => matches(path) && !NAV_ITEMS.some((i) => i.path.length > path.length && matches(i.path));
  return (
    <Stack gap={2}>
      {NAV_ITEMS.filter(
        (item) => (item.permission === null || can(item.permission)) && (!item.wholeOrganization || wholeOrganizations),
      ).map((item) => (
        <NavLink
          key={item.path}
          component={Link}
          to={orgLink(item.path)}
          label={item.label}
          leftSection={<item.icon size={18} stroke={1.6} aria-hidden />}
          active={isActive(item.path)}
          aria-current={isActive(item.path) ? 'page' : undefined}
          onClick={onNavigate}
        />
      ))}
    </Stack>
  );
}

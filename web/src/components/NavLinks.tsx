import { Link, useLocation } from 'react-router';
import { NavLink, Stack } from '@mantine/core';
import {
  IconCreditCard,
  IconMessage,
  IconActivityHeartbeat,
  IconAlertTriangle,
  IconArrowsExchange,
  IconBolt,
  IconChartLine,
  IconBuildingCommunity,
  IconChargingPile,
  IconClockPlay,
  IconPlugConnectedX,
  IconPlugConnected,
  IconCashBanknote,
  IconChecklist,
  IconCoins,
  IconDiscount,
  IconFileInvoice,
  IconReceipt2,
  IconReportAnalytics,
  IconReceiptDollar,
  IconGauge,
  IconId,
  IconListDetails,
  IconMap2,
  IconMapPin,
  IconShieldLock,
  IconUsers,
  IconWallet,
  type Icon,
} from '@tabler/icons-react';
import { useMayOpen } from '../auth/guards';
import { NAV_ROUTES, ROUTES, type NavRouteKey } from '../routes/route-table';
import { useOrgLink } from './organization-scope';

/** One icon per navigation entry of the route table: a new entry without one fails the type-check. */
const ICONS: Record<NavRouteKey, Icon> = {
  dashboard: IconGauge,
  network: IconMap2,
  alerts: IconAlertTriangle,
  grid: IconActivityHeartbeat,
  organizations: IconBuildingCommunity,
  sites: IconMapPin,
  chargers: IconChargingPile,
  connectionRefusals: IconPlugConnectedX,
  unclaimedChargers: IconPlugConnected,
  idTokens: IconId,
  finance: IconChartLine,
  earnings: IconCoins,
  tariffs: IconReceipt2,
  campaigns: IconDiscount,
  driverMessages: IconMessage,
  transactions: IconArrowsExchange,
  reports: IconReportAnalytics,
  invoices: IconFileInvoice,
  payouts: IconCashBanknote,
  payments: IconReceiptDollar,
  paymentReconciliation: IconChecklist,
  paymentGateways: IconCreditCard,
  wallets: IconWallet,
  users: IconUsers,
  roles: IconShieldLock,
  audit: IconListDetails,
  jobs: IconClockPlay,
  myCharging: IconBolt,
};

export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const mayOpen = useMayOpen();
  const location = useLocation();
  const orgLink = useOrgLink();
  const matches = (path: string) => (path === '/' ? location.pathname === '/' : location.pathname.startsWith(path));
  const paths = NAV_ROUTES.map((key) => ROUTES[key].path);
  // The most specific item only: /chargers/connection-refusals is not also "Chargers".
  const isActive = (path: string) => matches(path) && !paths.some((p) => p.length > path.length && matches(p));
  return (
    <Stack gap={2}>
      {NAV_ROUTES.filter(mayOpen).map((key) => {
        const { path, title } = ROUTES[key];
        const Icon = ICONS[key];
        return (
          <NavLink
            key={path}
            component={Link}
            to={orgLink(path)}
            label={title}
            leftSection={<Icon size={18} stroke={1.6} aria-hidden />}
            active={isActive(path)}
            aria-current={isActive(path) ? 'page' : undefined}
            onClick={onNavigate}
          />
        );
      })}
    </Stack>
  );
}

import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { RoutePage, RequireSession } from '../auth/guards';
import { AppLayout } from '../components/AppLayout';
import { NotFoundState } from '../components/states';
import { LoginPage } from './auth/LoginPage';
import { ChangePasswordPage } from './auth/ChangePasswordPage';
import { ProfilePage } from './auth/ProfilePage';
import { NotificationsPage } from './notifications/NotificationsPage';
import { DashboardPage } from './dashboard/DashboardPage';
import { NetworkPage } from './network/NetworkPage';
import { AlertsPage } from './alerts/AlertsPage';
import { AlertDetailPage } from './alerts/AlertDetailPage';
import { OrganizationsPage } from './organizations/OrganizationsPage';
import { OrganizationCreatePage } from './organizations/OrganizationCreatePage';
import { OrganizationDetailPage } from './organizations/OrganizationDetailPage';
import { SitesPage } from './sites/SitesPage';
import { ChargersPage } from './chargers/ChargersPage';
import { ChargerDetailPage } from './chargers/ChargerDetailPage';
import { GridPage } from './grid/GridPage';
import { SiteEnergyPage } from './energy/SiteEnergyPage';
import { ConnectionRefusalsPage } from './chargers/ConnectionRefusalsPage';
import { UnclaimedChargersPage } from './chargers/UnclaimedChargersPage';
import { EarningsPage } from './earnings/EarningsPage';
import { ChargerCreatePage, ChargerEditPage } from './chargers/ChargerFormPages';
import { IdTokensPage } from './id-tokens/IdTokensPage';
import { UsersPage } from './users/UsersPage';
import { RolesPage } from './roles/RolesPage';
import { RoleEditorPage } from './roles/RoleEditorPage';
import { AuditPage } from './audit/AuditPage';
import { FinancePage } from './finance/FinancePage';
import { ReportsPage } from './reports/ReportsPage';
import { TariffsPage } from './tariffs/TariffsPage';
import { TariffEditorPage } from './tariffs/TariffEditorPage';
import { CampaignsPage } from './campaigns/CampaignsPage';
import { MyChargingPage } from './my-charging/MyChargingPage';
import { MessagesPage } from './driver-messages/MessagesPage';
import { MessageDetailPage } from './driver-messages/MessageDetailPage';
import { TransactionsPage } from './transactions/TransactionsPage';
import { TransactionDetailPage } from './transactions/TransactionDetailPage';
import { InvoicesPage } from './invoices/InvoicesPage';
import { InvoiceDetailPage } from './invoices/InvoiceDetailPage';
import { PayoutsPage } from './payouts/PayoutsPage';
import { GatewaysPage } from './payments/GatewaysPage';
import { PaymentDetailPage } from './payments/PaymentDetailPage';
import { PaymentsPage } from './payments/PaymentsPage';
import { JobsPage } from './jobs/JobsPage';
import { ReconciliationPage } from './payments/reconciliation/ReconciliationPage';
import { ReconciliationImportPage } from './payments/reconciliation/ReconciliationImportPage';
import { WalletsPage } from './wallets/WalletsPage';
import { ROUTES, type RouteKey } from './route-table';

/** The page of each route of the table: a route without a page, or a page without a route, fails the type-check. */
const PAGES: Record<RouteKey, ReactNode> = {
  dashboard: <DashboardPage />,
  network: <NetworkPage />,
  alerts: <AlertsPage />,
  grid: <GridPage />,
  alert: <AlertDetailPage />,
  organizations: <OrganizationsPage />,
  organizationNew: <OrganizationCreatePage />,
  organization: <OrganizationDetailPage />,
  sites: <SitesPage />,
  chargers: <ChargersPage />,
  chargerNew: <ChargerCreatePage />,
  connectionRefusals: <ConnectionRefusalsPage />,
  unclaimedChargers: <UnclaimedChargersPage />,
  earnings: <EarningsPage />,
  charger: <ChargerDetailPage />,
  siteEnergy: <SiteEnergyPage />,
  chargerEdit: <ChargerEditPage />,
  idTokens: <IdTokensPage />,
  finance: <FinancePage />,
  reports: <ReportsPage />,
  tariffs: <TariffsPage />,
  tariffNew: <TariffEditorPage />,
  tariff: <TariffEditorPage />,
  campaigns: <CampaignsPage />,
  driverMessages: <MessagesPage />,
  driverMessage: <MessageDetailPage />,
  transactions: <TransactionsPage />,
  transaction: <TransactionDetailPage />,
  invoices: <InvoicesPage />,
  invoice: <InvoiceDetailPage />,
  payouts: <PayoutsPage />,
  payments: <PaymentsPage />,
  payment: <PaymentDetailPage />,
  paymentReconciliation: <ReconciliationPage />,
  paymentReconciliationImport: <ReconciliationImportPage />,
  paymentGateways: <GatewaysPage />,
  wallets: <WalletsPage />,
  users: <UsersPage />,
  roles: <RolesPage />,
  roleNew: <RoleEditorPage />,
  role: <RoleEditorPage />,
  audit: <AuditPage />,
  jobs: <JobsPage />,
  myCharging: <MyChargingPage />,
  profile: <ProfilePage />,
  notifications: <NotificationsPage />,
};

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        path="/change-password"
        element={
          <RequireSession>
            <ChangePasswordPage />
          </RequireSession>
        }
      />
      <Route
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        {(Object.keys(ROUTES) as RouteKey[]).map((key) => (
          <Route
            key={key}
            path={ROUTES[key].path}
            element={
              <RoutePage key={key} route={key}>
                {PAGES[key]}
              </RoutePage>
            }
          />
        ))}
        <Route path="*" element={<NotFoundState title="Page not found" backTo="/" backLabel="Go to the dashboard" />} />
      </Route>
    </Routes>
  );
}

import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { RequirePermission, RequireSession } from '../auth/guards';
import { AppLayout } from '../components/AppLayout';
import { NotFoundState } from '../components/states';
import { LoginPage } from './auth/LoginPage';
import { ChangePasswordPage } from './auth/ChangePasswordPage';
import { ProfilePage } from './auth/ProfilePage';
import { DashboardPage } from './dashboard/DashboardPage';
import { NetworkPage } from './network/NetworkPage';
import { OrganizationsPage } from './organizations/OrganizationsPage';
import { OrganizationCreatePage } from './organizations/OrganizationCreatePage';
import { OrganizationDetailPage } from './organizations/OrganizationDetailPage';
import { SitesPage } from './sites/SitesPage';
import { ChargersPage } from './chargers/ChargersPage';
import { ChargerDetailPage } from './chargers/ChargerDetailPage';
import { ConnectionRefusalsPage } from './chargers/ConnectionRefusalsPage';
import { ChargerCreatePage, ChargerEditPage } from './chargers/ChargerFormPages';
import { IdTokensPage } from './id-tokens/IdTokensPage';
import { UsersPage } from './users/UsersPage';
import { RolesPage } from './roles/RolesPage';
import { RoleEditorPage } from './roles/RoleEditorPage';
import { AuditPage } from './audit/AuditPage';
import { FinancePage } from './finance/FinancePage';
import { TariffsPage } from './tariffs/TariffsPage';
import { TariffEditorPage } from './tariffs/TariffEditorPage';
import { CampaignsPage } from './campaigns/CampaignsPage';
import { MyChargingPage } from './my-charging/MyChargingPage';
import { TransactionsPage } from './transactions/TransactionsPage';
import { TransactionDetailPage } from './transactions/TransactionDetailPage';
import { InvoicesPage } from './invoices/InvoicesPage';
import { InvoiceDetailPage } from './invoices/InvoiceDetailPage';
import { PayoutsPage } from './payouts/PayoutsPage';
import { JobsPage } from './jobs/JobsPage';

const guarded = (permission: string, element: ReactNode) => (
  <RequirePermission permission={permission}>{element}</RequirePermission>
);

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
        <Route index element={<DashboardPage />} />
        <Route path="network" element={guarded('monitoring:read', <NetworkPage />)} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="organizations" element={guarded('organizations:read', <OrganizationsPage />)} />
        <Route path="organizations/new" element={guarded('organizations:write', <OrganizationCreatePage />)} />
        <Route path="organizations/:id" element={guarded('organizations:read', <OrganizationDetailPage />)} />
        <Route path="sites" element={guarded('sites:read', <SitesPage />)} />
        <Route path="chargers" element={guarded('chargers:read', <ChargersPage />)} />
        <Route path="chargers/new" element={guarded('chargers:write', <ChargerCreatePage />)} />
        <Route path="chargers/connection-refusals" element={guarded('chargers:read', <ConnectionRefusalsPage />)} />
        <Route path="chargers/:id" element={guarded('chargers:read', <ChargerDetailPage />)} />
        <Route path="chargers/:id/edit" element={guarded('chargers:write', <ChargerEditPage />)} />
        <Route path="id-tokens" element={guarded('chargers:read', <IdTokensPage />)} />
        <Route path="users" element={guarded('users:read', <UsersPage />)} />
        <Route path="roles" element={guarded('roles:read', <RolesPage />)} />
        <Route path="roles/new" element={guarded('roles:write', <RoleEditorPage />)} />
        <Route path="roles/:id" element={guarded('roles:read', <RoleEditorPage />)} />
        <Route path="finance" element={guarded('finance:read', <FinancePage />)} />
        <Route path="tariffs" element={guarded('finance:read', <TariffsPage />)} />
        <Route path="tariffs/new" element={guarded('finance:write', <TariffEditorPage />)} />
        <Route path="tariffs/:id" element={guarded('finance:read', <TariffEditorPage />)} />
        <Route path="campaigns" element={guarded('finance:read', <CampaignsPage />)} />
        <Route path="invoices" element={guarded('invoices:read', <InvoicesPage />)} />
        <Route path="invoices/:id" element={guarded('invoices:read', <InvoiceDetailPage />)} />
        <Route path="payouts" element={guarded('finance:read', <PayoutsPage />)} />
        <Route path="transactions" element={guarded('transactions:read', <TransactionsPage />)} />
        <Route path="transactions/:id" element={guarded('transactions:read', <TransactionDetailPage />)} />
        <Route path="audit" element={guarded('audit:read', <AuditPage />)} />
        <Route path="jobs" element={guarded('jobs:read', <JobsPage />)} />
        <Route path="my-charging" element={guarded('self:sessions', <MyChargingPage />)} />
        <Route path="*" element={<NotFoundState title="Page not found" backTo="/" backLabel="Go to the dashboard" />} />
      </Route>
    </Routes>
  );
}

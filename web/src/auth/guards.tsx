import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Center, Loader } from '@mantine/core';
import { useSession } from './session';
import { NoAccess } from '../components/states';
import { ROUTES, documentTitle, mayOpen, type Access, type RouteKey } from '../routes/route-table';
import { useWholeOrganizationScope } from './whole-organization';

/** Pages behind sign-in; while the password must be changed, only that page is reachable. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { status, me } = useSession();
  const location = useLocation();
  if (status === 'restoring') {
    return (
      <Center h="100vh">
        <Loader role="status" aria-label="Restoring your session" />
      </Center>
    );
  }
  if (status === 'signed-out' || !me) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.user.mustChangePassword && location.pathname !== '/change-password') {
    return <Navigate to="/change-password" replace />;
  }
  return children;
}

/** What the signed-in user may open, as the route table asks it. */
export function useAccess(): Access {
  const { can, me } = useSession();
  const wholeOrganizations = useWholeOrganizationScope();
  const platform = me?.scope.kind === 'platform';
  const locationOwner = me?.scope.kind === 'assigned-chargers';
  return useMemo(
    () => ({ can, wholeOrganizations, platform, locationOwner }),
    [can, wholeOrganizations, platform, locationOwner],
  );
}

/** Whether the user may open a page of the route table: for links and buttons that lead there. */
export function useMayOpen(): (key: RouteKey) => boolean {
  const access = useAccess();
  return useCallback((key: RouteKey) => mayOpen(ROUTES[key], access), [access]);
}

/**
 * One page of the route table: shown only to users the table lets in (the server refuses its data
 * regardless), under the page's title.
 */
export function RoutePage({ route, children }: { route: RouteKey; children: ReactNode }) {
  const allowed = useMayOpen()(route);
  const title = allowed ? ROUTES[route].title : 'No access';
  useEffect(() => {
    document.title = documentTitle(title);
  }, [title]);
  return allowed ? children : <NoAccess />;
}

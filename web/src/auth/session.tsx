import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { onSessionChange, refreshSession } from '../api/client';
import { logout as apiLogout } from '../api/auth';
import type { Me } from '../api/types';
import type { Permission } from '../api/server-tables.generated';

export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out';

export interface Session {
  status: SessionStatus;
  me: Me | null;
  /** Whether the signed-in user holds a permission; the server enforces it regardless. */
  can: (permission: Permission) => boolean;
  signOut: () => Promise<void>;
  setMe: (me: Me) => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SessionStatus>('restoring');
  const [me, setMe] = useState<Me | null>(null);

  useEffect(() => {
    const unsubscribe = onSessionChange((reply) => {
      if (reply) {
        setMe(reply.me);
        setStatus('signed-in');
      } else {
        setMe(null);
        setStatus('signed-out');
        queryClient.clear();
      }
    });
    // On boot the refresh cookie (if any) restores the session without asking for the password.
    void refreshSession();
    return unsubscribe;
  }, [queryClient]);

  const permissions = useMemo(() => new Set(me?.permissions ?? []), [me]);
  const can = useCallback((permission: Permission) => permissions.has(permission), [permissions]);
  const signOut = useCallback(() => apiLogout(), []);

  const value = useMemo<Session>(() => ({ status, me, can, signOut, setMe }), [status, me, can, signOut]);
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for pages behind RequireSession. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}

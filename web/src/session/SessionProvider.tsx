/**
 * Who is logged in on this tab: the profile from GET /api/me, or nobody. Screens read it with
 * useSession(); the API client reports a session the server no longer knows (expired, ended on
 * another tab) and the app goes back to the pre-login page. Only the server's 401 ends a
 * session here: when the bank cannot be reached (offline, a server error) the app says so and
 * keeps the session for when the connection is back.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { isApiError, onSessionLost } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import type { Profile } from '../api/types.ts';

export type SessionState =
  | { readonly status: 'loading' }
  | {
      readonly status: 'anonymous';
      readonly expired: boolean;
      /** The customer left on purpose: "Dalja" or "Më harro". */
      readonly left?: 'exit' | 'forget';
    }
  | { readonly status: 'offline' }
  | { readonly status: 'signed-in'; readonly profile: Profile };

interface SessionContextValue {
  readonly state: SessionState;
  /** Reads the profile again (after login, enrollment, a settings change). */
  refresh(): Promise<Profile | undefined>;
  /** After "Dalja" or "Më harro". */
  signedOut(left: 'exit' | 'forget'): void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    const next = await readSession();
    setState((current) => next ?? keepOnNetworkError(current));
    return next?.status === 'signed-in' ? next.profile : undefined;
  }, []);

  useEffect(() => {
    let mounted = true;
    void readSession().then((next) => {
      if (mounted) setState((current) => next ?? keepOnNetworkError(current));
    });
    const stopListening = onSessionLost(() =>
      setState((current) =>
        current.status === 'signed-in' ? { status: 'anonymous', expired: true } : current,
      ),
    );
    return () => {
      mounted = false;
      stopListening();
    };
  }, []);

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      refresh,
      signedOut: (left) => setState({ status: 'anonymous', expired: false, left }),
    }),
    [state, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session as the server knows it; undefined when the server could not be reached. */
async function readSession(): Promise<SessionState | undefined> {
  try {
    return { status: 'signed-in', profile: await api.profile() };
  } catch (error) {
    return isApiError(error) && error.status === 401
      ? { status: 'anonymous', expired: false }
      : undefined;
  }
}

/** Unreachable: a signed-in screen stays as it is; a first load says there is no connection. */
function keepOnNetworkError(current: SessionState): SessionState {
  return current.status === 'loading' || current.status === 'offline'
    ? { status: 'offline' }
    : current;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The profile on screens that only render inside RequireSession. */
export function useProfile(): Profile {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useProfile outside a signed-in screen');
  return state.profile;
}

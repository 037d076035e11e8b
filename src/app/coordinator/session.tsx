/**
 * The signed-in coordinator, for the pages behind the login, and what they
 * do when the server says the session is gone (expired, or signed out elsewhere).
 */
import { createContext, useCallback, useContext } from 'react';
import { isCoordinatorApiError, type CoordinatorSession } from './api';
import { coordinatorPaths } from './location';
import { navigate } from '../router';

export interface CoordinatorSessionContext {
  session: CoordinatorSession;
  /** Sends the coordinator to the login, to come back here afterwards. */
  onSessionLost: () => void;
}

export const SessionContext = createContext<CoordinatorSessionContext | null>(null);

export function useCoordinatorSession(): CoordinatorSessionContext {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useCoordinatorSession outside a signed-in coordinator page');
  return context;
}

/** The login URL that brings the coordinator back to where they are now. */
export function loginPathReturningHere(): string {
  const here = `${window.location.pathname}${window.location.search}`;
  return `${coordinatorPaths.login}?${new URLSearchParams({ next: here }).toString()}`;
}

export function useSessionLostHandler(): () => void {
  return useCallback(() => navigate(loginPathReturningHere(), { replace: true }), []);
}

/** For catch blocks: true (and off to the login) when the error means the session is gone. */
export function isSessionLost(error: unknown): boolean {
  return isCoordinatorApiError(error) && error.code === 'unauthenticated';
}

/**
 * A small history router: the app has a handful of screens, and a path-based URL
 * survives reloads offline because the service worker answers every navigation
 * (except /api) with the app shell. It knows the path (which screen) and the query
 * (`?device=`, `?record=` on the coordinator pages); `navigate` and `Link` tell both,
 * so a change of the query alone re-renders what reads it.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function currentPath(): string {
  return window.location.pathname;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((listener) => listener());
  window.scrollTo(0, 0);
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/');
}

/** The query string of the current URL (`?device=…`), or ''. */
export function useLocationSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search, () => '');
}

/** The current value of one query parameter, or null. */
export function useSearchParam(name: string): string | null {
  return new URLSearchParams(useLocationSearch()).get(name);
}

export type Route =
  | { name: 'home' }
  | { name: 'newInterview' }
  | { name: 'interview'; recordId: string }
  | { name: 'receipt'; recordId: string }
  | { name: 'sync' }
  | { name: 'enrol' }
  | { name: 'settings' }
  | { name: 'coordinator'; page: 'login' | 'setup' | 'password' | 'devices' | 'records' | 'content' | 'accounts' | 'audit' | 'evaluation' | 'handovers' | 'retention' }
  | { name: 'notFound' };

const uuidPattern = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export function matchRoute(path: string): Route {
  const clean = path.replace(/\/+$/, '') || '/';
  if (clean === '/') return { name: 'home' };
  if (clean === '/interviews/new') return { name: 'newInterview' };
  const interview = new RegExp(`^/interviews/(${uuidPattern})(/receipt)?$`, 'i').exec(clean);
  if (interview) return interview[2] ? { name: 'receipt', recordId: interview[1]! } : { name: 'interview', recordId: interview[1]! };
  if (clean === '/sync') return { name: 'sync' };
  if (clean === '/enrol') return { name: 'enrol' };
  if (clean === '/settings') return { name: 'settings' };
  if (clean === '/setup') return { name: 'coordinator', page: 'setup' };
  if (clean === '/coordinator' || clean === '/coordinator/devices') return { name: 'coordinator', page: 'devices' };
  if (clean === '/coordinator/login') return { name: 'coordinator', page: 'login' };
  if (clean === '/coordinator/records') return { name: 'coordinator', page: 'records' };
  if (clean === '/coordinator/content') return { name: 'coordinator', page: 'content' };
  if (clean === '/coordinator/accounts') return { name: 'coordinator', page: 'accounts' };
  if (clean === '/coordinator/audit') return { name: 'coordinator', page: 'audit' };
  if (clean === '/coordinator/password') return { name: 'coordinator', page: 'password' };
  if (clean === '/coordinator/evaluation') return { name: 'coordinator', page: 'evaluation' };
  if (clean === '/coordinator/handovers') return { name: 'coordinator', page: 'handovers' };
  if (clean === '/coordinator/retention') return { name: 'coordinator', page: 'retention' };
  return { name: 'notFound' };
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handleClick} {...rest} />;
}

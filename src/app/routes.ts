/**
 * The app's screens and which path shows which (the router's pure half, without React): the
 * start reads it before React is loaded (src/app/lock/boot-unlock.ts), the router and App after.
 */
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

/** Screens not behind the tablet's lock: the coordinator's (server data, own sign-in), enrolment (asks for the secret itself), not found. */
export const ungatedRoutes: ReadonlySet<Route['name']> = new Set<Route['name']>(['coordinator', 'enrol', 'notFound']);

/** The main navigation: path, UI string, and the screen it marks as current. */
export const navItems = [
  { href: '/', key: 'nav.interviews', match: 'home' },
  { href: '/sync', key: 'nav.sync', match: 'sync' },
  { href: '/settings', key: 'nav.settings', match: 'settings' },
  { href: '/coordinator', key: 'nav.coordination', match: 'coordinator' },
] as const satisfies readonly { href: string; key: string; match: Route['name'] }[];

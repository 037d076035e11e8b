import { mayUse, type AccessArea, type Role } from '../../core/api/index';

/**
 * The coordinator pages' paths and where a sign-in may return to. Navigation and the query
 * (`?device=`, `?record=`) are the app's router (`../router`).
 */
/** Where to go after signing in: only a coordinator page of this app, never another origin. */
export function safeReturnPath(value: string | null): string | null {
  if (!value || !value.startsWith('/coordinator') || value.startsWith('/coordinator/login')) return null;
  return value;
}

export const coordinatorPaths = {
  login: '/coordinator/login',
  devices: '/coordinator/devices',
  records: '/coordinator/records',
  content: '/coordinator/content',
  accounts: '/coordinator/accounts',
  audit: '/coordinator/audit',
  /** Where a one-time set-password link leads (`#<token>`). */
  password: '/coordinator/password',
  evaluation: '/coordinator/evaluation',
  handovers: '/coordinator/handovers',
  retention: '/coordinator/retention',
  /** The printable subject-access document (Art. 15) of a record's person. */
  subjectAccess: (recordId: string) => `/coordinator/records?${new URLSearchParams({ record: recordId, access: '1' }).toString()}`,
  deviceRecords: (deviceId: string) => `/coordinator/records?device=${encodeURIComponent(deviceId)}`,
  record: (recordId: string, deviceId?: string | null) =>
    `/coordinator/records?${new URLSearchParams({ ...(deviceId ? { device: deviceId } : {}), record: recordId }).toString()}`,
};

/** The pages behind the sign-in, in the navigation's order, each with the access area it needs. */
export const framePages = [
  { page: 'devices', area: 'devices', path: coordinatorPaths.devices, label: 'frame.devices' },
  { page: 'records', area: 'records', path: coordinatorPaths.records, label: 'frame.records' },
  { page: 'handovers', area: 'handovers', path: coordinatorPaths.handovers, label: 'frame.handovers' },
  { page: 'evaluation', area: 'evaluation', path: coordinatorPaths.evaluation, label: 'frame.evaluation' },
  { page: 'content', area: 'content', path: coordinatorPaths.content, label: 'frame.content' },
  { page: 'accounts', area: 'accounts', path: coordinatorPaths.accounts, label: 'frame.accounts' },
  { page: 'audit', area: 'audit', path: coordinatorPaths.audit, label: 'frame.audit' },
  { page: 'retention', area: 'retention', path: coordinatorPaths.retention, label: 'frame.retention' },
] as const satisfies readonly { page: string; area: AccessArea; path: string; label: string }[];
export type FramePage = (typeof framePages)[number]['page'];

/** The pages a role may use, in the navigation's order. */
export function pagesFor(role: Role) {
  return framePages.filter((entry) => mayUse(role, entry.area));
}

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
  evaluation: '/coordinator/evaluation',
  deviceRecords: (deviceId: string) => `/coordinator/records?device=${encodeURIComponent(deviceId)}`,
  record: (recordId: string, deviceId?: string | null) =>
    `/coordinator/records?${new URLSearchParams({ ...(deviceId ? { device: deviceId } : {}), record: recordId }).toString()}`,
};

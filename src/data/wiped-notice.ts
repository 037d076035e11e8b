/**
 * The fact that this tablet was wiped (issue #12 item 6), kept outside the deleted database in
 * `localStorage` (no personal data) until the user has read the notice. Its own module, without
 * IndexedDB, so the app's start can ask it before loading Dexie (src/app/lock/boot-unlock.ts).
 */
export const WIPED_KEY = 'lotse.wiped';

export interface WipedNotice {
  at: string;
  reason: 'remote' | 'local';
}

/** Set after a wipe, until the user has read the notice. */
export function wipedNotice(): WipedNotice | null {
  try {
    const text = localStorage.getItem(WIPED_KEY);
    return text ? (JSON.parse(text) as WipedNotice) : null;
  } catch {
    return null;
  }
}

export function dismissWipedNotice(): void {
  try {
    localStorage.removeItem(WIPED_KEY);
  } catch {
    // Nothing to dismiss.
  }
}

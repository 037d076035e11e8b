/**
 * The unlock screen before React (issue #15): every start of a tablet with a passphrase opens on
 * the unlock screen, and until this existed that screen waited for the whole app — react-dom,
 * Dexie and the first render — to be loaded and evaluated (0.8–1.6 s on a slow tablet, most of a
 * cold start). Here the entry chunk checks, with one raw IndexedDB read, whether the tablet is
 * simply locked, and if so draws the same screen with plain DOM and the same strings (German
 * ones before i18next is even loaded, shell-text.ts) at once, while the app loads behind it. The interviewer types meanwhile; a passphrase submitted
 * before the app is there waits for it. When React's unlock screen mounts it takes over what was
 * typed (`takeBootUnlock`: value, caret, focus, a pending submit) in the same task, so no keystroke
 * is lost, and this DOM is removed.
 *
 * Only the plain case is drawn here: a tablet with a secret that does not need the recovery
 * procedure, not in hand-over mode, no wipe notice, on a screen behind the lock. The screen is
 * drawn at once when the tablet's hint (data/boot.ts `secretHint`) says it holds a secret, and
 * taken back if IndexedDB then disagrees; without the hint, once IndexedDB said so. Everything else
 * (recovery, hand-over, a first start) is left to React as before, and so is every check of a
 * passphrase (the attempt delay shows when one is tried, as on React's own screen). Nothing here
 * holds the key or checks the passphrase: `unlock` in src/data does, after the takeover.
 */
import type { ShellText } from '../shell-text';
import { matchRoute, navItems, ungatedRoutes } from '../routes';
import { plainlyLockedAtStart, secretHint, wipedNotice } from '../../data/boot';
import { markOnce } from '../perf-marks';

/** What the interviewer did on the early screen, handed to React's unlock screen. */
export interface BootUnlockInput {
  secret: string;
  selectionStart: number | null;
  selectionEnd: number | null;
  focused: boolean;
  /** The form was submitted before the app could check the passphrase. */
  submitted: boolean;
  recoveryOpen: boolean;
}

interface Shown {
  element: HTMLElement;
  /** React's container, hidden while this screen shows. */
  root: HTMLElement;
  input: HTMLInputElement;
  status: HTMLElement;
  details: HTMLDetailsElement;
  submitted: boolean;
}

let shown: Shown | null = null;

/** Whether the start can draw the unlock screen early: a screen behind the lock, on a plainly locked tablet. */
export function lockedAtStart(path: string): Promise<boolean> {
  if (ungatedRoutes.has(matchRoute(path).name)) return Promise.resolve(false);
  return plainlyLockedAtStart();
}

/** Whether the screen can be drawn before IndexedDB confirms it (`lockedAtStart`): the tablet's hint says it holds a secret. */
export function lockedAtStartHinted(path: string): boolean {
  return !ungatedRoutes.has(matchRoute(path).name) && !wipedNotice() && secretHint();
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Draws the app's frame (header, navigation, offline banner) and its unlock screen in plain DOM,
 * before `root` (which stays hidden until React takes over), and focuses the passphrase input.
 */
export function showBootUnlock(root: HTMLElement, t: ShellText, path: string): void {
  const route = matchRoute(path).name;
  const frame = element('div', { class: 'shell', 'data-boot-shell': '' });

  const header = element('header', { class: 'shell__header' });
  const brand = element('div', { class: 'brand' });
  brand.append(
    element('img', { src: '/icons/icon.svg', alt: '', width: '36', height: '36' }),
    element('span', { class: 'brand__name' }, t('app.name')),
    element('span', { class: 'brand__tagline' }, t('app.tagline')),
  );
  header.append(brand);

  const nav = element('nav', { class: 'shell__nav', 'aria-label': t('nav.label') });
  for (const { href, key, match } of navItems) {
    nav.append(element('a', { href, class: 'nav-link', ...(route === match && { 'aria-current': 'page' }) }, t(key)));
  }
  frame.append(element('a', { class: 'skip-link', href: '#boot-main' }, t('app.skipToContent')), header, nav);
  if (!navigator.onLine) frame.append(element('div', { class: 'banner banner--offline', role: 'status' }, t('app.offline')));

  const main = element('main', { id: 'boot-main', class: 'shell__main', tabindex: '-1' });
  const section = element('section', { class: 'screen', 'aria-labelledby': 'boot-unlock-title', 'data-testid': 'unlock-screen' });
  section.append(element('h1', { id: 'boot-unlock-title' }, t('lock.unlock.title')), element('p', {}, t('lock.unlock.intro')));
  const form = element('form', { class: 'form-card', novalidate: '' });
  const label = element('label', { class: 'field' });
  const input = element('input', { class: 'input', type: 'password', autocomplete: 'current-password' });
  label.append(element('span', { class: 'field__label' }, t('lock.unlock.secret')), input);
  const status = element('p', { role: 'status' });
  status.hidden = true;
  const actions = element('div', { class: 'actions' });
  const submit = element('button', { type: 'submit', class: 'button button--primary' }, t('lock.unlock.submit'));
  actions.append(submit);
  form.append(label, status, actions);
  const details = element('details', { class: 'recovery-details' });
  details.append(element('summary', { class: 'button' }, t('lock.unlock.forgot')));
  section.append(form, details);
  main.append(section);
  frame.append(main);

  const state: Shown = { element: frame, root, input, status, details, submitted: false };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // Checked by the app once it is there (React's unlock screen submits it at the takeover).
    state.submitted = true;
    submit.disabled = true;
    status.textContent = t('lock.unlock.busy');
    status.hidden = false;
  });

  root.hidden = true;
  root.before(frame);
  shown = state;
  input.focus({ preventScroll: true });
  markOnce('boot-unlock');
}

/** The app could not be loaded behind the early screen: say so there (it cannot unlock without it). */
export function bootUnlockFailed(t: ShellText, error: unknown): void {
  if (!shown) return;
  const alert = element('p', { class: 'error', role: 'alert' }, t('lock.unlock.failed', { message: error instanceof Error ? error.message : String(error) }));
  shown.status.replaceWith(alert);
}

/**
 * React takes over: returns what was typed (null when the early screen was not shown) and removes
 * the early screen, showing React's root. Call it in a layout effect, so the swap happens before
 * the browser paints or handles the next keystroke.
 */
export function takeBootUnlock(): BootUnlockInput | null {
  if (!shown) return null;
  const { input, details, submitted } = shown;
  const taken: BootUnlockInput = {
    secret: input.value,
    selectionStart: input.selectionStart,
    selectionEnd: input.selectionEnd,
    focused: document.activeElement === input,
    submitted,
    recoveryOpen: details.open,
  };
  releaseBootUnlock();
  return taken;
}

/** Removes the early screen (if shown) and shows React's root: whatever React shows first replaces it. */
export function releaseBootUnlock(): void {
  if (!shown) return;
  const { element: frame, root } = shown;
  shown = null;
  frame.remove();
  root.hidden = false;
}

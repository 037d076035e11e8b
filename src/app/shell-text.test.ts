/**
 * The early unlock screen draws German tablets' strings without i18next (shell-text.ts): each
 * string it shows must be exactly what i18next gives for the same key, interpolation included.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import translation from '../../locales/de/translation.json';
import { navItems } from './routes';
import { germanShellText } from './shell-text';
import source from './lock/boot-unlock.ts?raw';

const keysUsed = [...new Set([...source.matchAll(/\bt\('([\w.]+)'/g)].map((match) => match[1]!))];

describe('the shell text before i18next', () => {
  it('gives every string of the early unlock screen as i18next does', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'de', resources: { de: { translation } }, interpolation: { escapeValue: false } });
    // The screen's own strings and the navigation's, and the one with a placeholder.
    expect(keysUsed).toEqual(expect.arrayContaining(['lock.unlock.title', 'lock.unlock.secret', 'lock.unlock.submit', 'lock.unlock.failed']));
    for (const key of [...keysUsed, ...navItems.map((item) => item.key)]) {
      const values = { message: 'Netzwerkfehler (42)' };
      expect(germanShellText(key, values), key).toBe(i18n.t(key as never, values as never));
      expect(germanShellText(key, values), key).not.toBe(key);
    }
    expect(germanShellText('lock.unlock.failed', { message: 'x' })).toContain('x');
  });

  it('answers the key itself for a key that is not there, as i18next does', () => {
    expect(germanShellText('lock.unlock.nothing')).toBe('lock.unlock.nothing');
  });
});

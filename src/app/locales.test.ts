import { describe, expect, it } from 'vitest';
import { namespaces } from './i18n';

const files = import.meta.glob<Record<string, unknown>>('../../locales/*/*.json', { eager: true, import: 'default' });
const de = Object.fromEntries(namespaces.map((ns) => [ns, files[`../../locales/de/${ns}.json`]]));
const en = Object.fromEntries(namespaces.map((ns) => [ns, files[`../../locales/en/${ns}.json`]]));

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]!).sort();
}

function lookup(tree: unknown, key: string): string {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) as string;
}

describe('UI locales', () => {
  it('every namespace exists in both languages and no other files lie around', () => {
    expect(Object.keys(files).sort()).toEqual(['de', 'en'].flatMap((lang) => namespaces.map((ns) => `../../locales/${lang}/${ns}.json`)).sort());
  });

  it('English has exactly the keys of German, the source locale', () => {
    expect(keys(en).sort()).toEqual(keys(de).sort());
  });

  it('every translation keeps the placeholders of the German text', () => {
    for (const key of keys(de)) {
      expect(placeholders(lookup(en, key)), key).toEqual(placeholders(lookup(de, key)));
    }
  });

  it('no text is empty', () => {
    for (const key of keys(de)) {
      expect(lookup(de, key).trim(), `de ${key}`).not.toBe('');
      expect(lookup(en, key).trim(), `en ${key}`).not.toBe('');
    }
  });
});

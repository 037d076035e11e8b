/**
 * Aligned units for the term-list test (`terms.content.test.ts`): the same text in German and in
 * one other language, cut where both have the same boundaries.
 */
import { noticeBlocks, type NoticeArtifact } from '../../consent/index';
import type { AlignedUnit } from '../terms';

/** The paragraphs and list items of a notice text, in order (headings count as paragraphs). */
function noticeParts(text: string): string[] {
  return noticeBlocks(text).flatMap((block) => (block.kind === 'list' ? [...block.items] : [block.text]));
}

/**
 * A notice and its German reference, unit by unit: each paragraph, heading and list item of the
 * text (the outline is the same in every language, `notice-files.test.ts`), the title, every
 * purpose's, explicit consent's and recipient's label and description, every `ui` string.
 */
export function noticeUnits(notice: NoticeArtifact, german: NoticeArtifact): AlignedUnit[] {
  const name = `${notice.id}@${notice.version}/${notice.lang}`;
  const units: AlignedUnit[] = [{ where: `${name} title`, de: german.title, text: notice.title }];
  const parts = noticeParts(notice.text);
  const germanParts = noticeParts(german.text);
  if (parts.length !== germanParts.length) throw new Error(`${name}: ${parts.length} text parts, German has ${germanParts.length}`);
  germanParts.forEach((de, index) => units.push({ where: `${name} text part ${index + 1}`, de, text: parts[index]! }));
  for (const list of ['purposes', 'explicitConsents', 'recipients'] as const) {
    for (const item of german[list] ?? []) {
      const translated = (notice[list] ?? []).find((candidate) => candidate.id === item.id);
      if (translated === undefined) throw new Error(`${name}: no ${list} ${item.id}`);
      units.push({ where: `${name} ${list}.${item.id}.label`, de: item.label, text: translated.label });
      units.push({ where: `${name} ${list}.${item.id}.description`, de: item.description, text: translated.description });
    }
  }
  for (const [key, de] of Object.entries(german.ui)) {
    const text = (notice.ui as Record<string, string | undefined>)[key];
    if (text !== undefined) units.push({ where: `${name} ui.${key}`, de, text });
  }
  return units;
}

/**
 * Every localized text of a form definition (JSON as stored): any object with a German string and
 * a string in `lang`, found anywhere in the tree — titles, section and field labels, hints,
 * reasons, choices, constraint messages, code-list items.
 */
export function formUnits(form: unknown, lang: string, name: string): AlignedUnit[] {
  const units: AlignedUnit[] = [];
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((child, index) => {
        const id = child !== null && typeof child === 'object' ? ((child as Record<string, unknown>).id ?? (child as Record<string, unknown>).value ?? (child as Record<string, unknown>).code) : undefined;
        walk(child, `${path}[${typeof id === 'string' ? id : index}]`);
      });
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.de === 'string' && typeof record[lang] === 'string') {
        units.push({ where: `${name}/${lang} ${path}`, de: record.de, text: record[lang] });
        return;
      }
      for (const [key, child] of Object.entries(record)) walk(child, path === '' ? key : `${path}.${key}`);
    }
  };
  walk(form, '');
  return units;
}

/** Two locale files of the same shape, key by key (nested keys joined by dots). */
export function localeUnits(locale: unknown, german: unknown, name: string): AlignedUnit[] {
  const units: AlignedUnit[] = [];
  const walk = (node: unknown, de: unknown, path: string) => {
    if (typeof node === 'string' && typeof de === 'string') {
      units.push({ where: `${name} ${path}`, de, text: node });
    } else if (node !== null && typeof node === 'object' && de !== null && typeof de === 'object') {
      for (const [key, child] of Object.entries(de as Record<string, unknown>)) {
        walk((node as Record<string, unknown>)[key], child, path === '' ? key : `${path}.${key}`);
      }
    }
  };
  walk(locale, german, '');
  return units;
}

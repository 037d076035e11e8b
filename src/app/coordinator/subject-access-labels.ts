/**
 * The headings and labels of the subject-access document (GDPR Art. 15) in German and in the
 * person's language. They are not UI strings (the coordinator's UI has only de and en) but part of
 * a document handed to the person, so they live in their own small resource,
 * `locales/documents/subject-access/<lang>.json`: one file per language of the notice, the same
 * keys in each, `reviewState: draft` until a qualified translator has checked it (like the
 * notice and form translations). German ships with the view; only the person's language is
 * loaded when a document is opened.
 */
import german from '../../../locales/documents/subject-access/de.json';
import { directionOf, type Direction } from '../interview/form/languages';

export type DocumentLabels = (typeof german)['labels'];

export interface DocumentLabelSet {
  readonly lang: string;
  readonly reviewState: 'draft' | 'reviewed';
  readonly labels: DocumentLabels;
}

export const germanLabels: DocumentLabelSet = german as DocumentLabelSet;

const files = import.meta.glob<DocumentLabelSet>(['../../../locales/documents/subject-access/*.json', '!../../../locales/documents/subject-access/de.json'], { import: 'default' });

function pathOf(lang: string): string {
  return `../../../locales/documents/subject-access/${lang}.json`;
}

/** The languages the document's labels exist in, German first. */
export const documentLanguages: readonly string[] = ['de', ...Object.keys(files).map((path) => path.slice(path.lastIndexOf('/') + 1, -'.json'.length)).sort()];

/** The labels in the person's language; null where there are none (the document is then German only). */
export async function loadDocumentLabels(lang: string): Promise<DocumentLabelSet | null> {
  if (lang === 'de') return germanLabels;
  const load = files[pathOf(lang)];
  return load ? load() : null;
}

/** The person's side of the document: their labels and the direction their language is written in. */
export interface LocalLabels {
  readonly set: DocumentLabelSet;
  readonly dir: Direction;
}

export function localLabelsOf(set: DocumentLabelSet | null): LocalLabels | null {
  if (!set || set.lang === 'de') return null;
  return { set, dir: directionOf(set.lang) };
}

/**
 * The translatable strings of an artifact version in one language, each under a stable unit id
 * (the XLIFF unit id, also the key of its review row): for a form the ids of forms/xliff.ts
 * (`field.phone.label`, `codeList.countries.SY`, …); for a notice `title`, `text`,
 * `purposes.<id>.label|description`, `explicitConsents.<id>.…`, `recipients.<id>.…`, `ui.<key>`.
 */
import type { FormDefinition } from '../../core/form/index';
import type { NoticeArtifact } from '../../core/consent/index';
import { slots } from '../forms/xliff';

export type TranslatableKind = 'form' | 'notice';

export interface TextUnit {
  readonly id: string;
  /** The German text. */
  readonly source: string;
  /** The language's text; undefined when there is none (or only blanks). */
  readonly target: string | undefined;
  /**
   * Counts for "complete" (offered to applicants): the questionnaire's texts, not the big code
   * lists, whose entries fall back to German on screen — the rule the tablet applies
   * (`applicantLanguageOptions`, core `translationState`).
   */
  readonly required: boolean;
}

const present = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : text);

export function formUnits(def: FormDefinition, lang: string): TextUnit[] {
  // slots() only reads unless a setter is called: no copy needed (cached bodies are shared).
  return slots(def)
    .filter((slot) => slot.text.de !== undefined)
    .map((slot) => ({ id: slot.id, source: slot.text.de!, target: present(slot.text[lang]), required: !slot.id.startsWith('codeList.') }));
}

type NoticeTexts = Pick<NoticeArtifact, 'title' | 'text' | 'purposes' | 'recipients' | 'ui'> & Partial<Pick<NoticeArtifact, 'explicitConsents'>>;

function noticeStrings(notice: NoticeTexts): Map<string, string> {
  const out = new Map<string, string>([
    ['title', notice.title],
    ['text', notice.text],
  ]);
  for (const list of ['purposes', 'explicitConsents', 'recipients'] as const) {
    for (const item of notice[list] ?? []) {
      out.set(`${list}.${item.id}.label`, item.label);
      out.set(`${list}.${item.id}.description`, item.description);
    }
  }
  for (const [key, value] of Object.entries(notice.ui)) if (typeof value === 'string') out.set(`ui.${key}`, value);
  return out;
}

/** `target` null: the language has no text of this notice version yet. */
export function noticeUnits(german: NoticeTexts, target: NoticeTexts | null): TextUnit[] {
  const translated = target ? noticeStrings(target) : new Map<string, string>();
  return [...noticeStrings(german)].map(([id, source]) => ({ id, source, target: present(translated.get(id)), required: true }));
}

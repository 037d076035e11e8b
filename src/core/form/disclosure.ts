/**
 * The recipient mapping of a form: which answers serve which purposes and may go to which
 * recipient of the consent notice. The partner hand-over asks `receivableFieldPaths`; the consent
 * screen shows `recipientShare` — both read the same mapping, so what the applicant is told and
 * what is handed over cannot drift apart.
 */
import { localized } from './localize';
import { type Disclosure, type Field, type FormDefinition, type LocalizedText, isRepeatGroup } from './types';

/** One answerable field with where it sits and the disclosure that governs it. */
export interface FieldDisclosure {
  /** `surname`; inside a repeat group `languageSkills[].skillLanguage`. */
  readonly path: string;
  readonly sectionId: string;
  readonly groupId?: string | undefined;
  readonly field: Field;
  /** The nearest disclosure (field, else group, else section); undefined when the form has no mapping. */
  readonly disclosure: Disclosure | undefined;
}

/** A recipient or purpose id the form's mapping does not know (a typo, or a notice of another version). */
export class UnknownDisclosureIdError extends Error {
  constructor(
    readonly kind: 'recipient' | 'purpose',
    readonly id: string,
  ) {
    super(`'${id}' is not a ${kind} of this form's recipient mapping`);
    this.name = 'UnknownDisclosureIdError';
  }
}

/** Every answerable field (notes have no answer) in form order, with its governing disclosure. */
export function fieldDisclosures(def: FormDefinition): FieldDisclosure[] {
  const out: FieldDisclosure[] = [];
  for (const section of def.sections) {
    for (const item of section.items) {
      if (isRepeatGroup(item)) {
        for (const field of item.items) {
          if (field.type === 'note') continue;
          out.push({
            path: `${item.id}[].${field.id}`,
            sectionId: section.id,
            groupId: item.id,
            field,
            disclosure: field.disclosure ?? item.disclosure ?? section.disclosure,
          });
        }
      } else if (item.type !== 'note') {
        out.push({ path: item.id, sectionId: section.id, field: item, disclosure: item.disclosure ?? section.disclosure });
      }
    }
  }
  return out;
}

function checkIds(def: FormDefinition, recipientId: string, purposes: readonly string[]): void {
  const vocabulary = def.disclosure;
  if (vocabulary === undefined) return;
  if (!vocabulary.recipients.includes(recipientId)) throw new UnknownDisclosureIdError('recipient', recipientId);
  for (const purpose of purposes) {
    if (!vocabulary.purposes.includes(purpose)) throw new UnknownDisclosureIdError('purpose', purpose);
  }
}

function receivable(entry: FieldDisclosure, recipientId: string, purposes: readonly string[]): boolean {
  const disclosure = entry.disclosure;
  return disclosure !== undefined && disclosure.recipients.includes(recipientId) && disclosure.purposes.some((p) => purposes.includes(p));
}

/**
 * The field paths recipient `recipientId` may receive when the applicant accepted `purposes`:
 * a field goes to the recipient when its disclosure names the recipient and at least one of the
 * accepted purposes. A form without a mapping (profilingbogen@1) gives nothing. An id the mapping
 * does not declare throws {@link UnknownDisclosureIdError}, so a typo never reads as "nothing".
 */
export function receivableFieldPaths(def: FormDefinition, recipientId: string, purposes: readonly string[]): string[] {
  checkIds(def, recipientId, purposes);
  return fieldDisclosures(def)
    .filter((entry) => receivable(entry, recipientId, purposes))
    .map((entry) => entry.path);
}

/** One section of what a recipient receives, labelled in the reader's language. */
export interface RecipientShareSection {
  readonly sectionId: string;
  readonly label: string;
  /** The language `label` is really in (German when the translation is missing). */
  readonly lang: string;
  readonly fields: readonly { readonly path: string; readonly label: string; readonly lang: string }[];
}

/**
 * "What this recipient receives", built from the mapping: per section (in form order) the
 * labels of the fields the recipient may receive under `purposes` (all of the form's purposes
 * when omitted: what the recipient would receive if the applicant accepts everything).
 * A field inside a repeat group is named "group label: field label".
 */
export function recipientShare(def: FormDefinition, recipientId: string, lang: string, purposes?: readonly string[]): RecipientShareSection[] {
  const wanted = purposes ?? def.disclosure?.purposes ?? [];
  checkIds(def, recipientId, wanted);
  const groupLabels = new Map<string, LocalizedText>();
  for (const section of def.sections) for (const item of section.items) if (isRepeatGroup(item)) groupLabels.set(item.id, item.label);
  const out: RecipientShareSection[] = [];
  for (const section of def.sections) {
    const fields = fieldDisclosures(def)
      .filter((entry) => entry.sectionId === section.id && receivable(entry, recipientId, wanted))
      .map((entry) => {
        const label = localized(entry.field.label, lang);
        const groupLabel = entry.groupId === undefined ? undefined : groupLabels.get(entry.groupId);
        if (groupLabel === undefined) return { path: entry.path, label: label.text, lang: label.lang };
        const group = localized(groupLabel, lang);
        return { path: entry.path, label: `${group.text}: ${label.text}`, lang: group.isFallback || label.isFallback ? 'de' : label.lang };
      });
    if (fields.length === 0) continue;
    const label = localized(section.label, lang);
    out.push({ sectionId: section.id, label: label.text, lang: label.lang, fields });
  }
  return out;
}

/** {@link recipientShare} as plain lines, one per section: `B Person: Familienname, Vornamen`. */
export function recipientShareText(def: FormDefinition, recipientId: string, lang: string, purposes?: readonly string[]): string[] {
  return recipientShare(def, recipientId, lang, purposes).map((section) => `${section.label}: ${section.fields.map((f) => f.label).join(', ')}`);
}

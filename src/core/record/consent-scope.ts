/**
 * What a consent allows to be stored (issue 14 item 1): from notice@3 on, the core purpose
 * (`profiling`) covers the profile, and each other purpose or explicit consent covers exactly what
 * it names — the counsellor's assessment and recommended measures need `counselling`, the
 * referrals `referral`, the health answer the explicit `health` item. The table is the notice
 * version's `content/disclosure/<notice>.requires.json`, for every form version; the recipient
 * mapping of records captured under that notice (IHK and Handwerkskammer separate) lies beside it
 * per form (`<form>+<notice>.json`, mapped-form.ts). The device hides and refuses what is not covered, the server
 * rejects it (`purpose_not_accepted`); records of notice@1 and @2 keep their rules (no core
 * purpose: any accepted purpose covers the whole form).
 */
import type { ConsentRecord } from '../consent/index';
import { isRepeatGroup, type Answers, type FormDefinition } from '../form/index';
// One table per notice version, in a file of its own: the interview's path (storage rules, the
// consented form) loads it without the recipient mappings (mapped-form.ts, ~11 KB; issue #15).
import notice3Requirements from '../../../content/disclosure/notice@3.requires.json' with { type: 'json' };

/** What storing an answer needs, by notice version (scripts/content/build-notice-mapping.ts). */
export const requirementTables: readonly { notice: string; requires: Readonly<Record<string, readonly string[]>> }[] = [notice3Requirements];

/** The notice a record was captured under, as `notice@3`. */
type NoticeVersion = string;

const noticeKey = (consent: Pick<ConsentRecord, 'privacy_notice'>): NoticeVersion => `${consent.privacy_notice.id}@${consent.privacy_notice.version}`;

/**
 * The storage requirements of a notice version: keys a field id, repeat group id or `group.field`,
 * values the ids (purposes or explicit consents) that must all be accepted. Field ids mean the same
 * in every form version, so one table serves them all; empty for a notice without one.
 */
export function storageRequirements(notice: NoticeVersion): Readonly<Record<string, readonly string[]>> {
  return requirementTables.find((table) => table.notice === notice)?.requires ?? {};
}

/** The notice version whose mapping a record uses: `notice@3`. */
export function recordNoticeVersion(consent: Pick<ConsentRecord, 'privacy_notice'>): NoticeVersion {
  return noticeKey(consent);
}

/** What was accepted at capture: purposes and explicit consents (a later withdrawal works for the future and erases). */
function acceptedAtCapture(consent: Pick<ConsentRecord, 'purposes' | 'explicit_consents'>): Set<string> {
  const accepted = new Set<string>();
  for (const decisions of [consent.purposes, consent.explicit_consents ?? {}]) {
    for (const [id, decision] of Object.entries(decisions)) if (decision === 'accepted') accepted.add(id);
  }
  return accepted;
}

const isAnswered = (value: unknown) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

type ScopeConsent = Pick<ConsentRecord, 'privacy_notice' | 'purposes' | 'core_purpose'> & Partial<Pick<ConsentRecord, 'explicit_consents'>>;

/** The ids an item still lacks, or [] when the consent covers it. */
function missingFor(consent: ScopeConsent, key: string, groupKey: string | undefined): string[] {
  if (consent.core_purpose === undefined) return [];
  const requires = storageRequirements(noticeKey(consent));
  const needed = [consent.core_purpose, ...(requires[key] ?? (groupKey !== undefined ? requires[groupKey] : undefined) ?? [])];
  const accepted = acceptedAtCapture(consent);
  return needed.filter((id) => !accepted.has(id));
}

/**
 * Answers the consent does not cover, as `path (needs id, …)`; empty when everything is covered
 * or the record's notice has no core purpose (notice@1, @2). `form` null: repeat groups are told
 * by their shape (a list of objects).
 */
export function uncoveredAnswers(form: FormDefinition | null, consent: ScopeConsent, answers: Answers): string[] {
  if (consent.core_purpose === undefined) return [];
  const out: string[] = [];
  const groups = new Set<string>();
  for (const section of form?.sections ?? []) for (const item of section.items) if (isRepeatGroup(item)) groups.add(item.id);
  // Without the form (the device's autosave), a list of objects is a repeat group's instances.
  const isGroup = (key: string, value: unknown) =>
    Array.isArray(value) && (form !== null ? groups.has(key) : value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v)));
  for (const [key, value] of Object.entries(answers)) {
    if (!isAnswered(value)) continue;
    if (isGroup(key, value) && Array.isArray(value)) {
      value.forEach((instance: unknown, index) => {
        if (typeof instance !== 'object' || instance === null) return;
        for (const [field, fieldValue] of Object.entries(instance as Record<string, unknown>)) {
          if (!isAnswered(fieldValue)) continue;
          const missing = missingFor(consent, `${key}.${field}`, key);
          if (missing.length > 0) out.push(`${key}[${index}].${field} (needs ${missing.join(', ')})`);
        }
      });
      continue;
    }
    const missing = missingFor(consent, key, undefined);
    if (missing.length > 0) out.push(`${key} (needs ${missing.join(', ')})`);
  }
  return out;
}

/**
 * The form as the interviewer may fill it under this consent: every field, group and section the
 * consent does not cover left out (a section with nothing left goes). Unchanged for notice@1/@2.
 */
export function formForConsent(form: FormDefinition, consent: ScopeConsent): FormDefinition {
  if (consent.core_purpose === undefined) return form;
  const covered = (key: string, groupKey?: string) => missingFor(consent, key, groupKey).length === 0;
  const sections = form.sections
    .map((section) => ({
      ...section,
      items: section.items
        .filter((item) => covered(item.id))
        .map((item) => (isRepeatGroup(item) ? { ...item, items: item.items.filter((field) => covered(`${item.id}.${field.id}`, item.id)) } : item)),
    }))
    .filter((section) => section.items.length > 0);
  return { ...form, sections } as FormDefinition;
}

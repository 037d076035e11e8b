/**
 * The form as the interviewer may fill it under the record's consent (issue 14 items 1 and 2):
 * from notice@3 on, what no accepted purpose or explicit consent covers is left out
 * (`core/record` `formForConsent`, the rule the device's storage and the server enforce), and a
 * question that needs an explicit consent says what it is about — the health question is labelled
 * with the notice's own name of the health item ("Angabe zur Gesundheit: …") in every language
 * the notice is held in, so the label is versioned content too (Profilingbogen v2 itself is
 * published and cannot change).
 */
import type { ConsentRecord } from '../../../core/consent';
import type { NoticeLabels } from '../../../data';
import { isRepeatGroup, type FormDefinition, type LocalizedText } from '../../../core/form';
import { formForConsent, recordNoticeVersion, storageRequirements } from '../../../core/record';

export function consentedForm(form: FormDefinition, consent: ConsentRecord | null, notices: readonly Pick<NoticeLabels, 'id' | 'version' | 'lang' | 'explicitConsents'>[]): FormDefinition {
  if (consent === null || consent.core_purpose === undefined) return form;
  const allowed = formForConsent(form, consent);
  const requires = storageRequirements(recordNoticeVersion(consent));
  const version = consent.privacy_notice.version;
  const sameVersion = notices.filter((notice) => notice.id === consent.privacy_notice.id && notice.version === version);
  const explicitIds = new Set(sameVersion.flatMap((notice) => (notice.explicitConsents ?? []).map((item) => item.id)));
  const prefixFor = (key: string): LocalizedText | null => {
    const needed = (requires[key] ?? []).filter((id) => explicitIds.has(id));
    if (needed.length === 0) return null;
    const labels: Record<string, string> = {};
    for (const notice of sameVersion) {
      const names = needed.map((id) => notice.explicitConsents?.find((item) => item.id === id)?.label).filter((label): label is string => label !== undefined);
      if (names.length > 0) labels[notice.lang] = names.join(', ');
    }
    return labels;
  };
  const relabel = (label: LocalizedText, prefix: LocalizedText | null): LocalizedText => {
    if (prefix === null) return label;
    return Object.fromEntries(Object.entries(label).map(([lang, text]) => [lang, prefix[lang] !== undefined ? `${prefix[lang]}: ${text}` : text]));
  };
  return {
    ...allowed,
    sections: allowed.sections.map((section) => ({
      ...section,
      items: section.items.map((item) =>
        isRepeatGroup(item)
          ? { ...item, items: item.items.map((field) => ({ ...field, label: relabel(field.label, prefixFor(`${item.id}.${field.id}`)) })) }
          : { ...item, label: relabel(item.label, prefixFor(item.id)) },
      ),
    })),
  } as FormDefinition;
}

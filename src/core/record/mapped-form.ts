/**
 * The recipient mapping of a record's form (`mappedFormFor`), apart from `consent-scope.ts`: it
 * checks a sidecar with the form schema (zod), which the interview's own path (storage rules,
 * the consented form) does not need and should not load — the consent stage and the server do.
 */
import { withDisclosureSidecar, type FormDefinition } from '../form/index';
import profilingbogen1 from '../../../content/disclosure/profilingbogen@1.json' with { type: 'json' };
import profilingbogen2notice3 from '../../../content/disclosure/profilingbogen@2+notice@3.json' with { type: 'json' };
import profilingbogen3notice3 from '../../../content/disclosure/profilingbogen@3+notice@3.json' with { type: 'json' };

export interface SidecarJson { form: string; notice?: string }

/**
 * Every mapping sidecar in content/disclosure (checked against its form where it is used,
 * `mappedFormFor`). profilingbogen@3 names IHK and Handwerkskammer itself; its notice@3 sidecar
 * adds what notice@3 adds (statistics, the health answer), the same as v2's
 * (scripts/content/build-notice-mapping.ts).
 */
export const sidecars: readonly SidecarJson[] = [profilingbogen1, profilingbogen2notice3, profilingbogen3notice3];

/** Notice versions with a mapping of their own beside some form: `notice@3`. */
export function noticeVersionsWithMapping(): string[] {
  return [...new Set(sidecars.flatMap((sidecar) => (sidecar.notice === undefined ? [] : [sidecar.notice])))];
}

/** The notice version as `notice@3`. */
type NoticeVersion = string;

const mapped = new WeakMap<FormDefinition, Map<string, FormDefinition | null>>();

/**
 * The form with the recipient mapping that holds for records captured under `notice`: the
 * sidecar for this form and notice where there is one (it replaces the form's own), else the
 * form's own mapping, else the sidecar of a form published without one; null without any mapping
 * (nothing of it may be handed over). A sidecar that does not fit its form throws.
 */
export function mappedFormFor(form: FormDefinition, notice?: NoticeVersion): FormDefinition | null {
  let byNotice = mapped.get(form);
  if (!byNotice) mapped.set(form, (byNotice = new Map()));
  const key = notice ?? '';
  if (byNotice.has(key)) return byNotice.get(key)!;
  const formKey = `${form.id}@${form.version}`;
  const forNotice = notice === undefined ? undefined : sidecars.find((s) => s.form === formKey && s.notice === notice);
  const plain = sidecars.find((s) => s.form === formKey && s.notice === undefined);
  const result = forNotice ? withDisclosureSidecar(form, forNotice) : form.disclosure !== undefined ? form : plain ? withDisclosureSidecar(form, plain) : null;
  byNotice.set(key, result);
  return result;
}


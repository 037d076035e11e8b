/**
 * The recipient mapping of a form version for the records captured under one notice version
 * (`core/record` `mappedFormFor`): a sidecar for that form and notice where there is one
 * (`content/disclosure/profilingbogen@2+notice@3.json`: IHK and Handwerkskammer separate, the
 * health answer), else the form's own (from profilingbogen@2 on), else a sidecar kept beside a form
 * published before mappings existed (`content/disclosure/profilingbogen@1.json`). A sidecar is
 * checked by the form schema when it is first used; one that does not fit its form throws, so a
 * hand-over is refused rather than given unchecked.
 */
import type { FormDefinition } from '../../core/form/index';
import { mappedFormFor, noticeVersionsWithMapping } from '../../core/record/index';

/** The form with its recipient mapping for records of `notice` (`notice@3`; absent: the form's own), or null without one. */
export function mappedForm(form: FormDefinition, notice?: string): FormDefinition | null {
  return mappedFormFor(form, notice);
}

/** Notice versions that have a mapping of their own beside some form (`notice@3`). */
export const noticeMappings: readonly string[] = noticeVersionsWithMapping();

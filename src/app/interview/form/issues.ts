/**
 * Validation issues as the renderer uses them: where they are (answer path → input name, DOM id,
 * section) and how they are worded. Constraint issues bring their own message from the form
 * definition; every other code is worded by the UI locale (`form` namespace, `validation.*`).
 */
import { isRepeatGroup, type FormDefinition, type LocalizedText, type ValidationIssue } from '../../../core/form';

/** `workExperience[1].workTo` → `workExperience.1.workTo` (react-hook-form's path syntax). */
export function inputNameOf(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1');
}

/** A DOM id for the element that takes focus for an answer path. */
export function fieldDomId(path: string): string {
  return `field-${path.replace(/\[(\d+)\]\.?/g, '-$1-').replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The top-level item (field or group) an answer path belongs to. */
export function topLevelIdOf(path: string): string {
  return path.split(/[[.]/)[0] ?? path;
}

/** The section holding the item of an answer path. */
export function sectionIdOfPath(form: FormDefinition, path: string): string | undefined {
  const id = topLevelIdOf(path);
  return form.sections.find((section) => section.items.some((item) => item.id === id))?.id;
}

/** The label trail of an answer path: the group and its entry number, then the field. */
export function pathLabels(form: FormDefinition, path: string): { group?: { label: LocalizedText; number: number }; field: LocalizedText } | undefined {
  const match = /^([^[.]+)(?:\[(\d+)\](?:\.(.+))?)?$/.exec(path);
  if (!match) return undefined;
  const [, topId, index, fieldId] = match;
  for (const section of form.sections) {
    for (const item of section.items) {
      if (item.id !== topId) continue;
      if (!isRepeatGroup(item) || index === undefined) return { field: item.label };
      const field = item.items.find((candidate) => candidate.id === fieldId);
      return { group: { label: item.label, number: Number(index) + 1 }, field: field?.label ?? item.label };
    }
  }
  return undefined;
}

/**
 * Missing: something required is not there yet. Every other issue is about a value that is there
 * but wrong; the two are counted and named apart, and a section with a wrong value is never done.
 */
export function isMissingIssue(issue: ValidationIssue): boolean {
  return issue.code === 'required' || issue.code === 'repeatMin';
}

/** The sections that hold a value that is there but wrong. */
export function sectionsWithInvalidValues(form: FormDefinition, issues: readonly ValidationIssue[]): ReadonlySet<string> {
  const sections = new Set<string>();
  for (const issue of issues) {
    const sectionId = isMissingIssue(issue) ? undefined : sectionIdOfPath(form, issue.path);
    if (sectionId !== undefined) sections.add(sectionId);
  }
  return sections;
}

/** The locale keys that word issues without a message of their own. */
export type IssueMessageKey =
  | 'validation.required'
  | 'validation.requiredCefr'
  | 'validation.typeNumber'
  | 'validation.typeInteger'
  | 'validation.typeDate'
  | 'validation.typeDateIncomplete'
  | 'validation.type'
  | 'validation.unknownChoice'
  | 'validation.unknownCode'
  | 'validation.repeatMin'
  | 'validation.repeatMax'
  | 'validation.unknownField'
  | 'validation.min'
  | 'validation.max'
  | 'validation.minLength'
  | 'validation.maxLength'
  | 'validation.pattern'
  | 'validation.notFuture'
  | 'validation.notBefore'
  | 'validation.expr';

/** How an issue is worded: the definition's own message, or a UI text with its values. */
export type IssueWording =
  | { readonly kind: 'content'; readonly message: LocalizedText }
  | { readonly kind: 'ui'; readonly key: IssueMessageKey; readonly values: Readonly<Record<string, string | number>> };

function limitValues(issue: ValidationIssue): Record<string, string | number> {
  const limit = issue.params?.limit;
  return typeof limit === 'number' || typeof limit === 'string' ? { limit } : { limit: '' };
}

export function issueWording(issue: ValidationIssue): IssueWording {
  if (issue.message !== undefined) return { kind: 'content', message: issue.message };
  const params = issue.params ?? {};
  switch (issue.code) {
    case 'required':
      return Array.isArray(params.missing)
        ? { kind: 'ui', key: 'validation.requiredCefr', values: { count: params.missing.length } }
        : { kind: 'ui', key: 'validation.required', values: {} };
    case 'type':
      if (params.expected === 'number') return { kind: 'ui', key: 'validation.typeNumber', values: {} };
      if (params.expected === 'integer') return { kind: 'ui', key: 'validation.typeInteger', values: {} };
      if (params.expected === 'date') {
        return params.problem === 'incomplete'
          ? { kind: 'ui', key: 'validation.typeDateIncomplete', values: {} }
          : { kind: 'ui', key: 'validation.typeDate', values: {} };
      }
      return { kind: 'ui', key: 'validation.type', values: {} };
    case 'unknownChoice':
    case 'unknownCode':
    case 'unknownField':
      return { kind: 'ui', key: `validation.${issue.code}`, values: {} };
    case 'repeatMin':
    case 'repeatMax':
    case 'min':
    case 'max':
    case 'minLength':
    case 'maxLength':
      return { kind: 'ui', key: `validation.${issue.code}`, values: limitValues(issue) };
    case 'pattern':
    case 'notFuture':
    case 'notBefore':
    case 'expr':
      return { kind: 'ui', key: `validation.${issue.code}`, values: {} };
  }
}

/**
 * The issues to show, one list per answer path: an entry issue (input that is no answer yet)
 * replaces what the validator says about the then missing answer.
 */
export function issuesByPath(validation: readonly ValidationIssue[], entry: readonly ValidationIssue[]): Map<string, ValidationIssue[]> {
  const byPath = new Map<string, ValidationIssue[]>();
  for (const issue of entry) byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), issue]);
  const entryPaths = new Set(entry.map((issue) => issue.path));
  for (const issue of validation) {
    if (entryPaths.has(issue.path)) continue;
    byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), issue]);
  }
  return byPath;
}

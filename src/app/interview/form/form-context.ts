/**
 * What every part of the rendered form needs besides react-hook-form's own context: the form
 * definition, the two language columns, the issues to show and where the search looks.
 */
import { createContext, useContext } from 'react';
import type { Answers, FormDefinition, ValidationIssue } from '../../../core/form';
import type { Column } from './languages';

export interface FormStageContextValue {
  readonly form: FormDefinition;
  readonly interviewer: Column;
  /** Null when the applicant reads the interviewer's language: one column only. */
  readonly applicant: Column | null;
  /** The answers as saved (hidden ones dropped): what visibility inside groups is judged on. */
  readonly answers: Answers;
  /** The issues shown at an answer path: only once the question was left, or after a completion attempt. */
  readonly shownIssues: (path: string) => readonly ValidationIssue[];
  readonly markTouched: (path: string) => void;
  /** Languages a code-list search looks in, interviewer's first. */
  readonly searchLanguages: readonly string[];
  /** Recipients the applicant's consent covers (referral partners); null when unknown. */
  readonly acceptedRecipients: readonly string[] | null;
}

export const FormStageContext = createContext<FormStageContextValue | null>(null);

export function useFormStage(): FormStageContextValue {
  const value = useContext(FormStageContext);
  if (value === null) throw new Error('useFormStage outside FormStageContext');
  return value;
}

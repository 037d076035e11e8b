/**
 * The text a person is recognised by when their data are gone: the folded surname, given names
 * and date of birth as the Profilingbogen holds them (`surname`, `givenNames`, `birthDate`
 * `{year, month?, day?}`). The server keeps only a keyed hash of it for an erased record, so a
 * later request from the same person ("have you deleted my data?") can be matched while the name
 * is held nowhere in clear. Null when there is no surname to match by.
 */
import { foldForSearch } from '../text/index';

export interface PersonReference {
  surname?: unknown;
  givenNames?: unknown;
  birthDate?: unknown;
}

function datePart(value: unknown, key: 'year' | 'month' | 'day'): string {
  if (typeof value !== 'object' || value === null) return '';
  const part = (value as Record<string, unknown>)[key];
  return typeof part === 'number' && Number.isInteger(part) ? String(part) : '';
}

export function personMatchText(reference: PersonReference): string | null {
  const surname = typeof reference.surname === 'string' ? foldForSearch(reference.surname) : '';
  if (surname === '') return null;
  const given = typeof reference.givenNames === 'string' ? foldForSearch(reference.givenNames) : '';
  const birth = ['year', 'month', 'day'].map((key) => datePart(reference.birthDate, key as 'year' | 'month' | 'day')).join('-');
  return `${surname}|${given}|${birth}`;
}

/**
 * Partial dates: a `DateAnswer` whose month or day may be unknown (`null`). The one place that
 * says what such a value is, how it is written as ISO 8601 text (`2016`, `2016-05`,
 * `2016-05-17`), and which days it can stand for; validation, conditions and the app's date
 * control all use it.
 */
import type { DateAnswer } from './types';

/** A `{ year, month, day }` object and nothing else, month and day a number or null. */
export function isDateAnswer(value: unknown): value is DateAnswer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { year, month, day } = value as Record<string, unknown>;
  return (
    typeof year === 'number' &&
    (typeof month === 'number' || month === null) &&
    (typeof day === 'number' || day === null) &&
    Object.keys(value).length === 3
  );
}

/** A complete calendar date written `YYYY-MM-DD` (the form of "today" and of date limits). */
export function isIsoDate(text: string): boolean {
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `2016-05-17`, `2016-05` (day unknown) or `2016` (month unknown). */
export function dateAnswerToIso(date: DateAnswer): string {
  const year = pad(date.year, 4);
  if (date.month === null) return year;
  if (date.day === null) return `${year}-${pad(date.month, 2)}`;
  return `${year}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** The first and the last day a (partial) date can stand for, as ISO dates. */
export function dateRange(date: DateAnswer): { earliest: string; latest: string } {
  const year = pad(date.year, 4);
  if (date.month === null) return { earliest: `${year}-01-01`, latest: `${year}-12-31` };
  const month = pad(date.month, 2);
  if (date.day === null) {
    return { earliest: `${year}-${month}-01`, latest: `${year}-${month}-${daysInMonth(date.year, date.month)}` };
  }
  const iso = dateAnswerToIso(date);
  return { earliest: iso, latest: iso };
}

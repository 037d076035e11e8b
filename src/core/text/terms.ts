/**
 * Term lists: one per language (`content/terms/<lang>.json`), naming for each concept of the
 * notice, the form and the UI the one term a language uses for it, and the variants that are known
 * slips. German's list says when a German text speaks of the concept (`match`); every other list
 * says what its translation must then contain (`match`, default: the term itself) and must not
 * (`forbidden`).
 *
 * The check works on aligned units — a paragraph or list item of a notice and the same one of its
 * translation, one label of the form in two languages, one key of a UI locale — because a term
 * cannot be matched sentence by sentence across languages reliably, but a unit can.
 */
import { z } from 'zod';
import { languageTagSchema } from './language-tag';

/** A regular expression source, compiled with the flags `iu` (case-insensitive, Unicode). */
const patternSchema = z.string().min(1).refine((source) => {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const termEntrySchema = z.strictObject({
  /** Shared by every language's list, e.g. `consent`. */
  id: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'expected a kebab-case id'),
  /** The German term, as a reader of the list sees it. */
  de: z.string().trim().min(1),
  /** The one term to use in this language. */
  term: z.string().trim().min(1),
  /**
   * Patterns that count as using the term (inflected forms, the German name kept in parentheses);
   * without it the term itself, literally. In German's list: when a German text speaks of it.
   */
  match: z.array(patternSchema).min(1).optional(),
  /** Known slips: a unit whose German speaks of the concept must not contain these. */
  forbidden: z.array(z.strictObject({ pattern: patternSchema, note: z.string().trim().min(1) })).optional(),
  note: z.string().trim().min(1).optional(),
});

export type TermEntry = z.infer<typeof termEntrySchema>;

export const termListSchema = z
  .strictObject({
    lang: languageTagSchema,
    /** Terms are a translator's decisions too: `draft` until a qualified translator agreed. */
    reviewState: z.enum(['reviewed', 'draft']),
    terms: z.array(termEntrySchema).min(1),
  })
  .superRefine((list, ctx) => {
    const ids = list.terms.map((entry) => entry.id);
    for (const [index, id] of ids.entries()) {
      if (ids.indexOf(id) !== index) ctx.addIssue({ code: 'custom', path: ['terms', index, 'id'], message: `duplicate id ${id}` });
    }
    for (const [index, entry] of list.terms.entries()) {
      const patterns = matchers(entry);
      if (!patterns.some((pattern) => pattern.test(entry.term))) {
        ctx.addIssue({ code: 'custom', path: ['terms', index, 'match'], message: `${entry.id}: no pattern matches the term itself` });
      }
    }
  });

export type TermList = z.infer<typeof termListSchema>;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function matchers(entry: TermEntry): RegExp[] {
  return (entry.match ?? [escapeRegExp(entry.term)]).map((source) => new RegExp(source, 'iu'));
}

/** One text in German and its translation, with where it comes from (for the message). */
export interface AlignedUnit {
  readonly where: string;
  readonly de: string;
  readonly text: string;
}

export interface TermProblem {
  readonly where: string;
  readonly term: string;
  readonly kind: 'missing' | 'forbidden';
  readonly message: string;
}

/**
 * Where `units` break `list` (the translation's term list) given German's `german` list: a unit
 * whose German speaks of a concept must use the language's term for it and none of its forbidden
 * variants. Texts are compared in Unicode NFC.
 */
export function termProblems(units: readonly AlignedUnit[], german: TermList, list: TermList): TermProblem[] {
  const problems: TermProblem[] = [];
  const byId = new Map(list.terms.map((entry) => [entry.id, entry]));
  for (const germanEntry of german.terms) {
    const entry = byId.get(germanEntry.id);
    if (entry === undefined) {
      problems.push({ where: `terms/${list.lang}.json`, term: germanEntry.id, kind: 'missing', message: `${list.lang} has no entry ${germanEntry.id}` });
      continue;
    }
    const speaksOf = matchers(germanEntry);
    const uses = matchers(entry);
    const forbidden = (entry.forbidden ?? []).map((slip) => ({ ...slip, regexp: new RegExp(slip.pattern, 'iu') }));
    for (const unit of units) {
      const de = unit.de.normalize('NFC');
      if (!speaksOf.some((pattern) => pattern.test(de))) continue;
      const text = unit.text.normalize('NFC');
      if (!uses.some((pattern) => pattern.test(text))) {
        problems.push({
          where: unit.where,
          term: entry.id,
          kind: 'missing',
          message: `${unit.where}: German says "${germanEntry.de}", ${list.lang} should say "${entry.term}": ${excerpt(text)}`,
        });
      }
      for (const slip of forbidden) {
        const found = slip.regexp.exec(text);
        if (found !== null) {
          problems.push({
            where: unit.where,
            term: entry.id,
            kind: 'forbidden',
            message: `${unit.where}: "${found[0]}" for "${germanEntry.de}" (${slip.note}); use "${entry.term}"`,
          });
        }
      }
    }
  }
  return problems;
}

const excerpt = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

/**
 * Where Latin text (German names, addresses, e-mail addresses, phone numbers) sits inside a
 * right-to-left text. Left to the bidi algorithm, a parenthesised German name in Arabic breaks
 * apart at a line wrap ("Fachdienst) … (Soziales") and a sentence's full stop jumps to the name
 * (".Peine"); isolating each run as one left-to-right unit keeps it whole and in place.
 */

export type TextPart = { readonly kind: 'text' | 'latin'; readonly text: string };

// A run starts with a Latin letter, a digit or "+" (phone), may hold the punctuation of names,
// addresses and e-mail addresses, and ends with a letter or digit, so a sentence's final full stop
// or comma stays in the right-to-left text. Parentheses directly around a run belong to it.
const LATIN_RUN = /\(?[+\p{Script=Latin}0-9](?:[\p{Script=Latin}0-9 .,:;/@+\-–'’&§]*[\p{Script=Latin}0-9])?\)?/gu;

/** `text` split into Latin runs and the text between them; joined, the parts give `text` back. */
export function latinRuns(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(LATIN_RUN)) {
    let run = match[0];
    let start = match.index;
    // A bracket only on one side is the RTL text's own: leave it there.
    if (run.startsWith('(') && !run.endsWith(')')) {
      run = run.slice(1);
      start += 1;
    } else if (run.endsWith(')') && !run.startsWith('(')) {
      run = run.slice(0, -1);
    }
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'latin', text: run });
    last = start + run.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

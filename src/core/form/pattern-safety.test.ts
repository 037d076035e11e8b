import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_LENGTH, patternBacktrackingRisk } from './pattern-safety';

/** How long a backtracking engine takes on a text that almost matches: what a device would live through. */
function millisecondsOn(pattern: string, text: string): number {
  const start = performance.now();
  new RegExp(`^(?:${pattern})$`, 'u').test(text);
  return performance.now() - start;
}

describe('patternBacktrackingRisk', () => {
  it.each([
    ['([a-z]+)+', 'nested'],
    ['(\\w+\\s?)*', 'nested'],
    ['(\\p{L}+[ -]?)+', 'nested'],
    ['(.*a){12}', 'nested'],
    ['(a|a)*', 'alternatives'],
    ['(?:ab|a)+c', 'alternatives'],
    ['(a*)*', 'empty'],
    ['(a?a)+', 'nested'],
    ['(?=(x+)+y)x*', 'nested'],
    ['(x\\1)+', 'nested'],
  ])('refuses %s and says why', (pattern, shape) => {
    const risk = patternBacktrackingRisk(pattern);
    expect(risk).toBeDefined();
    const words = { nested: 'split between the repetitions', alternatives: 'two alternatives', empty: 'empty text' }[shape as 'nested' | 'alternatives' | 'empty'];
    expect(risk).toContain(words);
  });

  it.each([
    '([01][0-9]|2[0-3]):[0-5][0-9]',
    '(?=(?:[^0-9]*[0-9]){6,20}[^0-9]*$)\\+?[0-9][0-9 /-]*[0-9]',
    '\\+?[0-9 ]{6,20}',
    "\\p{L}+(?:[ '-]\\p{L}+)*",
    '(?:\\S+\\s+)*\\S*',
    '[A-Z]{2}[0-9]{2}(?: ?[0-9A-Z]{4}){3,7}(?: ?[0-9A-Z]{1,3})?',
    '\\d{5}',
  ])('lets %s run', (pattern) => {
    expect(patternBacktrackingRisk(pattern)).toBeUndefined();
  });

  it('is right about the pattern that froze the server: refused, and it really backtracks exponentially', () => {
    expect(patternBacktrackingRisk('([a-z]+)+')).toBeDefined();
    // 22 letters and a digit take a backtracking engine millions of steps; 36 took minutes.
    expect(millisecondsOn('([a-z]+)+', `${'a'.repeat(22)}1`)).toBeGreaterThan(20);
    // What it was meant to say runs in linear time and is accepted.
    expect(patternBacktrackingRisk('[a-z]+')).toBeUndefined();
    expect(millisecondsOn('[a-z]+', `${'a'.repeat(100_000)}1`)).toBeLessThan(50);
  });

  it('refuses an over-long pattern and one that is not a regular expression', () => {
    expect(patternBacktrackingRisk('a'.repeat(MAX_PATTERN_LENGTH + 1))).toContain(`longer than ${MAX_PATTERN_LENGTH}`);
    expect(patternBacktrackingRisk('(a')).toContain('cannot be read');
  });
});

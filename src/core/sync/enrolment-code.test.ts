import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ENROLMENT_CODE_ALPHABET, bareEnrolmentCode, formatEnrolmentCode, normaliseEnrolmentCode } from './enrolment-code';

describe('enrolment codes', () => {
  it('has no look-alike characters', () => {
    for (const char of '01ILO') expect(ENROLMENT_CODE_ALPHABET).not.toContain(char);
  });

  it('reads a code however it was typed or scanned', () => {
    expect(normaliseEnrolmentCode('abcd-efgh')).toBe('ABCDEFGH');
    expect(normaliseEnrolmentCode(' ABCD EFGH ')).toBe('ABCDEFGH');
    expect(normaliseEnrolmentCode('abcd.efgh')).toBe('ABCDEFGH');
    expect(formatEnrolmentCode('ABCDEFGH')).toBe('ABCD-EFGH');
  });

  it('gives the tablet the same bare form to send, also for what the server will refuse', () => {
    expect(bareEnrolmentCode(' abcd-efgh\n')).toBe('ABCDEFGH');
    expect(bareEnrolmentCode('abcd-efg0')).toBe('ABCDEFG0');
    fc.assert(fc.property(fc.string(), (typed) => {
      const code = normaliseEnrolmentCode(typed);
      return code === undefined || code === bareEnrolmentCode(typed);
    }));
  });

  it('refuses what cannot be a code', () => {
    expect(normaliseEnrolmentCode('ABCD-EFG')).toBeUndefined();
    expect(normaliseEnrolmentCode('ABCD-EFG0')).toBeUndefined();
    expect(normaliseEnrolmentCode('ABCD-EFGHJ')).toBeUndefined();
  });

  it('round-trips every code through its display form', () => {
    const code = fc.array(fc.constantFrom(...ENROLMENT_CODE_ALPHABET), { minLength: 8, maxLength: 8 }).map((chars) => chars.join(''));
    fc.assert(fc.property(code, (c) => normaliseEnrolmentCode(formatEnrolmentCode(c)) === c));
  });
});

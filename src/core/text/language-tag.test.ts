import { describe, expect, it } from 'vitest';
import { isLanguageTag, languageTagSchema } from './language-tag';

describe('language tags', () => {
  it('accepts a primary subtag with an optional script and region', () => {
    for (const tag of ['de', 'ckb', 'kmr', 'prs', 'sr-Latn', 'pt-BR', 'zh-Hant-TW']) expect(isLanguageTag(tag), tag).toBe(true);
  });

  it('refuses what is not written as a BCP 47 tag', () => {
    for (const tag of ['', 'fa_AF', 'FA', 'de-de', 'sr-latn', 'german', 'de-1996', 'de-']) expect(isLanguageTag(tag), tag).toBe(false);
    expect(languageTagSchema.safeParse('fa_AF').error?.issues[0]?.message).toBe('expected a BCP 47 language tag');
  });
});

import { z } from 'zod';

/**
 * A BCP 47 tag as used for our languages: a primary subtag, optionally a script and a region
 * (`fa`, `ckb`, `sr-Latn`, `pt-BR`). One rule for notices, forms, consent records, interview
 * records and the sync protocol, so a tag one of them accepts is accepted by all.
 */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$/;

export function isLanguageTag(tag: string): boolean {
  return LANGUAGE_TAG.test(tag);
}

export const languageTagSchema = z.string().regex(LANGUAGE_TAG, 'expected a BCP 47 language tag');

import { describe, expect, it } from 'vitest';
import { testFormJson } from '../../core/record/__fixtures__/interview';
import { prepareArtifact } from './store';

describe('prepareArtifact', () => {
  // Found by integration/reliability/fuzz.test.ts: the form parser quotes the wrong value in its
  // message, and quoting one nested thousands deep overflowed the stack (a 500 on POST /artifacts).
  it('refuses a form with a value nested too deeply to check, instead of throwing', () => {
    const form = testFormJson(2) as { translations: { de: Record<string, unknown> } };
    form.translations.de.reviewState = JSON.parse(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`);
    const prepared = prepareArtifact('form', form);
    expect(prepared).toEqual({ ok: false, problems: ['(root): is nested too deeply to check'] });
  });
});

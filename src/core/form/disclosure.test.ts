import { describe, expect, it } from 'vitest';
import { miniForm, miniFormJson } from './__fixtures__/mini-form';
import { UnknownDisclosureIdError, receivableFieldPaths, recipientShare, recipientShareText } from './disclosure';
import { parseFormDefinition } from './schema';
import type { FormDefinition } from './types';

// The tests change a valid definition at arbitrary depth; typing every path would only restate the schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/**
 * The mini form with a mapping: the person section goes to the Ausländerbehörde and the Jobcenter
 * for profiling and referral; the phone only to the Jobcenter for referral; the notes to nobody;
 * the languages to the Jobcenter and the adult-education centre; the German certificate only for
 * counselling, to the adult-education centre.
 */
function mappedJson(): Json {
  const form: Json = miniFormJson();
  form.disclosure = { purposes: ['profiling', 'counselling', 'referral'], recipients: ['auslaenderbehoerde', 'jobcenter', 'kvhs'] };
  form.sections[0].disclosure = { purposes: ['profiling', 'referral'], recipients: ['auslaenderbehoerde', 'jobcenter'] };
  form.sections[0].items[2].disclosure = { purposes: ['referral'], recipients: ['jobcenter'] };
  form.sections[0].items[3].disclosure = { purposes: ['profiling'], recipients: [] };
  form.sections[1].items[0].disclosure = { purposes: ['profiling', 'referral'], recipients: ['jobcenter', 'kvhs'] };
  form.sections[1].items[0].items[2].disclosure = { purposes: ['counselling'], recipients: ['kvhs'] };
  form.sections[1].items[1].disclosure = { purposes: ['profiling'], recipients: ['jobcenter'] };
  return form;
}

function mapped(mutate: (form: Json) => void = () => {}): FormDefinition {
  const form = mappedJson();
  mutate(form);
  const result = parseFormDefinition(form);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.definition;
}

function errorsOf(mutate: (form: Json) => void): { path: string; message: string }[] {
  const form = mappedJson();
  mutate(form);
  const result = parseFormDefinition(form);
  if (result.ok) throw new Error('expected the definition to be rejected');
  return [...result.errors];
}

const person = ['surname', 'birthDate', 'entryDate', 'sex', 'nationality', 'schoolYears', 'isced', 'studySubject', 'hasLicence', 'goals', 'goalsOther'];

describe('receivableFieldPaths', () => {
  it('gives the Ausländerbehörde the person section but not the phone (Jobcenter only) nor the notes (nobody)', () => {
    expect(receivableFieldPaths(mapped(), 'auslaenderbehoerde', ['profiling', 'counselling', 'referral'])).toEqual(person);
  });

  it('gives the Jobcenter the phone under referral, and the languages, but not the German certificate (counselling, kvhs only)', () => {
    expect(receivableFieldPaths(mapped(), 'jobcenter', ['referral'])).toEqual([
      ...person.slice(0, 1),
      'phone',
      ...person.slice(1),
      'langs[].lang',
      'langs[].levels',
    ]);
  });

  it('follows the accepted purposes: without referral the phone is not handed over; without any covering purpose nothing is', () => {
    const paths = receivableFieldPaths(mapped(), 'jobcenter', ['profiling']);
    expect(paths).not.toContain('phone');
    expect(paths).toContain('surname');
    expect(paths).toContain('languageNotes');
    expect(receivableFieldPaths(mapped(), 'jobcenter', ['counselling'])).toEqual([]);
    expect(receivableFieldPaths(mapped(), 'kvhs', ['counselling'])).toEqual(['langs[].germanCert']);
    expect(receivableFieldPaths(mapped(), 'kvhs', [])).toEqual([]);
  });

  it('a field with an empty recipient list goes to nobody, whatever was accepted', () => {
    for (const recipient of ['auslaenderbehoerde', 'jobcenter', 'kvhs']) {
      expect(receivableFieldPaths(mapped(), recipient, ['profiling', 'counselling', 'referral'])).not.toContain('bio');
    }
  });

  it('a field disclosure replaces the section one instead of adding to it', () => {
    expect(receivableFieldPaths(mapped(), 'auslaenderbehoerde', ['referral'])).not.toContain('phone');
  });

  it('never names a note, which has no answer', () => {
    expect(receivableFieldPaths(mapped(), 'jobcenter', ['profiling', 'referral'])).not.toContain('intro');
  });

  it('refuses an unknown recipient or purpose instead of answering "nothing"', () => {
    expect(() => receivableFieldPaths(mapped(), 'ihk', ['referral'])).toThrow(UnknownDisclosureIdError);
    expect(() => receivableFieldPaths(mapped(), 'jobcenter', ['marketing'])).toThrow("'marketing' is not a purpose");
  });

  it('a form without a mapping (like profilingbogen@1) hands nothing over', () => {
    expect(receivableFieldPaths(miniForm(), 'jobcenter', ['profiling', 'referral'])).toEqual([]);
  });
});

describe('recipientShare', () => {
  it('lists per section, in the reader language, what the recipient receives', () => {
    expect(recipientShareText(mapped(), 'kvhs', 'en')).toEqual(['Languages: Language: Language, Language: Level, Language: Certificate']);
    expect(recipientShareText(mapped(), 'auslaenderbehoerde', 'de')).toEqual([
      'Person: Familienname, Geburtsdatum, Einreise, Geschlecht, Staatsangehörigkeit, Schuljahre, ISCED, Studienfach, Führerschein, Ziele, Anderes Ziel',
    ]);
  });

  it('with accepted purposes given, shows only what those purposes allow', () => {
    expect(recipientShareText(mapped(), 'kvhs', 'de', ['profiling'])).toEqual(['Sprachen: Sprache: Sprache, Sprache: Niveau']);
    expect(recipientShare(mapped(), 'jobcenter', 'de', ['counselling'])).toEqual([]);
  });

  it('is empty for a form without a mapping (like profilingbogen@1)', () => {
    expect(recipientShare(miniForm(), 'jobcenter', 'de')).toEqual([]);
  });

  it('falls back to German where a translation is missing and says so', () => {
    const def = mapped((form) => {
      delete form.sections[1].label.en;
      delete form.sections[1].items[0].items[2].label.en;
    });
    const [section] = recipientShare(def, 'kvhs', 'en', ['counselling']);
    expect(section).toMatchObject({ sectionId: 'languages', label: 'Sprachen', lang: 'de' });
    expect(section?.fields).toEqual([{ path: 'langs[].germanCert', label: 'Language: Zertifikat', lang: 'de' }]);
  });
});

describe('the mapping in the schema', () => {
  it('accepts the mapped mini form', () => {
    expect(parseFormDefinition(mappedJson()).ok).toBe(true);
  });

  it('refuses an id the form-level vocabulary does not declare, with its path', () => {
    expect(errorsOf((form) => { form.sections[0].items[2].disclosure.recipients = ['ihk']; })).toEqual([
      { path: 'sections[0].items[2].disclosure.recipients[0]', message: "'ihk' is not one of the form's recipients (disclosure.recipients)" },
    ]);
    expect(errorsOf((form) => { form.sections[1].items[0].disclosure.purposes = ['statistics']; })).toEqual([
      { path: 'sections[1].items[0].disclosure.purposes[0]', message: "'statistics' is not one of the form's purposes (disclosure.purposes)" },
    ]);
  });

  it('refuses a field that no disclosure covers once the form declares a mapping', () => {
    const errors = errorsOf((form) => { delete form.sections[1].items[1].disclosure; });
    expect(errors).toEqual([{ path: 'sections[1].items[1]', message: "field 'languageNotes' has no disclosure (purposes and recipients), neither its own nor of its group or section" }]);
  });

  it('refuses a disclosure without purposes, a twice-listed id, and a mapping without the form-level vocabulary', () => {
    expect(errorsOf((form) => { form.sections[0].disclosure.purposes = []; }).map((e) => e.path)).toEqual(['sections[0].disclosure.purposes']);
    expect(errorsOf((form) => { form.sections[0].disclosure.recipients = ['jobcenter', 'jobcenter']; })).toEqual([
      { path: 'sections[0].disclosure.recipients[1]', message: "'jobcenter' is listed twice" },
    ]);
    const errors = errorsOf((form) => { delete form.disclosure; });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.message === 'a disclosure needs the form-level disclosure (the purposes and recipients of the notice)')).toBe(true);
  });

  it('refuses a misspelt property of a disclosure', () => {
    expect(errorsOf((form) => { form.sections[0].disclosure.recipient = []; })).toEqual([
      { path: 'sections[0].disclosure', message: "unknown property 'recipient'" },
    ]);
  });
});

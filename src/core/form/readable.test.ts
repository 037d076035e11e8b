import { describe, expect, it } from 'vitest';
import { miniForm, miniFormJson } from './__fixtures__/mini-form';
import { answerChanges, showAnswers } from './readable';
import { parseFormDefinition } from './schema';
import type { Answers, FormDefinition } from './types';

const form = miniForm();

const answers: Answers = {
  surname: 'Haddad',
  birthDate: { year: 1990, month: 3, day: null },
  sex: 'female',
  nationality: ['SY', 'XX'],
  hasLicence: false,
  goals: ['job', 'course'],
  phone: '',
  langs: [
    { lang: 'deu', levels: { listening: 'B1', writing: 'A2' }, germanCert: true },
    { lang: 'arb', levels: { listening: 'C2' } },
  ],
};

describe('showAnswers', () => {
  it('lists the answered fields in the form’s order, labelled in German and English, codes with their labels', () => {
    const shown = showAnswers(form, answers);
    expect(shown.sections.map((section) => section.label)).toEqual([
      { de: 'Person', en: 'Person' },
      { de: 'Sprachen', en: 'Languages' },
    ]);
    const person = shown.sections[0]!.items;
    // The empty phone and the unanswered questions are left out; the note has no answer.
    expect(person.map((item) => item.id)).toEqual(['surname', 'birthDate', 'sex', 'nationality', 'hasLicence', 'goals']);
    expect(person[0]).toEqual({ kind: 'field', id: 'surname', path: 'surname', label: { de: 'Familienname', en: 'Surname' }, value: { kind: 'text', text: 'Haddad' } });
    // A partial date stays partial.
    expect(person[1]).toMatchObject({ label: { de: 'Geburtsdatum', en: 'Date of birth' }, value: { kind: 'date', year: 1990, month: 3, day: null } });
    expect(person[2]).toMatchObject({ value: { kind: 'codes', items: [{ code: 'female', label: { de: 'weiblich', en: 'female' } }] } });
    // A code the list does not know is kept, without a label.
    expect(person[3]).toMatchObject({ value: { kind: 'codes', items: [{ code: 'SY', label: { de: 'Syrien', en: 'Syria' } }, { code: 'XX', label: null }] } });
    expect(person[4]).toMatchObject({ value: { kind: 'yesno', value: false } });
    expect(person[5]).toMatchObject({ value: { kind: 'codes', items: [{ code: 'job', label: { de: 'Arbeit', en: 'Job' } }, { code: 'course' }] } });
  });

  it('shows a repeat group instance by instance, and a CEFR grid skill by skill in the grid’s order', () => {
    const [group] = showAnswers(form, answers).sections[1]!.items;
    expect(group).toMatchObject({ kind: 'group', id: 'langs', label: { de: 'Sprache', en: 'Language' } });
    if (group?.kind !== 'group') throw new Error('not a group');
    expect(group.instances).toHaveLength(2);
    expect(group.instances[0]!.map((field) => field.path)).toEqual(['langs[0].lang', 'langs[0].levels', 'langs[0].germanCert']);
    expect(group.instances[0]![0]!.value).toEqual({ kind: 'codes', items: [{ code: 'deu', label: { de: 'Deutsch', en: 'German' } }] });
    expect(group.instances[0]![1]!.value).toEqual({
      kind: 'cefr',
      rows: [
        { skill: 'listening', skillLabel: { de: 'listening', en: 'listening' }, level: 'B1', levelLabel: { de: 'B1', en: 'B1' } },
        { skill: 'writing', skillLabel: { de: 'writing', en: 'writing' }, level: 'A2', levelLabel: { de: 'A2', en: 'A2' } },
      ],
    });
  });

  it('falls back to German where the form has no English label', () => {
    const json = miniFormJson() as { sections: { items: { id: string; label: Record<string, string> }[] }[] };
    json.sections[0]!.items.find((item) => item.id === 'surname')!.label = { de: 'Familienname' };
    const parsed = parseFormDefinition(json);
    if (!parsed.ok) throw new Error('invalid');
    expect(showAnswers(parsed.definition, { surname: 'X' }).sections[0]!.items[0]!.label).toEqual({ de: 'Familienname', en: 'Familienname' });
  });

  it('shows answers the form does not know, and everything without a form, raw under their keys', () => {
    const shown = showAnswers(form, { surname: 'A', legacy: 'old' });
    expect(shown.other).toEqual([{ kind: 'field', id: 'legacy', path: 'legacy', label: { de: 'legacy', en: 'legacy' }, value: { kind: 'raw', json: '"old"' } }]);
    const formless = showAnswers(null, { surname: 'A' });
    expect(formless.sections).toEqual([]);
    expect(formless.other.map((field) => field.value)).toEqual([{ kind: 'raw', json: '"A"' }]);
  });
});

describe('answerChanges', () => {
  const revision = (a: Answers | null, f: FormDefinition | null = form) => ({ form: f, answers: a });

  it('finds nothing between equal answers, whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(answers).reverse());
    expect(answerChanges(revision(answers), revision(reordered))).toEqual([]);
  });

  it('names each added, changed and removed field with its section, group instance and labels, both values shown', () => {
    const next: Answers = {
      ...answers,
      surname: 'Haddad-Nour',
      sex: undefined as never,
      schoolYears: 12,
      langs: [
        { lang: 'deu', levels: { listening: 'B2', writing: 'A2' }, germanCert: true },
        { lang: 'arb', levels: { listening: 'C2' } },
        { lang: 'arb', levels: { reading: 'A1' } },
      ],
    };
    const changes = answerChanges(revision(answers), revision(next));
    expect(changes.map((change) => [change.kind, change.path])).toEqual([
      ['changed', 'surname'],
      ['added', 'schoolYears'],
      ['changed', 'langs[0].levels'],
      ['added', 'langs[2].lang'],
      ['added', 'langs[2].levels'],
      ['removed', 'sex'],
    ]);
    expect(changes[0]).toEqual({
      kind: 'changed',
      path: 'surname',
      section: { de: 'Person', en: 'Person' },
      group: null,
      label: { de: 'Familienname', en: 'Surname' },
      before: { kind: 'text', text: 'Haddad' },
      after: { kind: 'text', text: 'Haddad-Nour' },
    });
    expect(changes[2]).toMatchObject({ group: { label: { de: 'Sprache', en: 'Language' }, number: 1 }, label: { de: 'Niveau', en: 'Level' } });
    expect(changes[3]).toMatchObject({ group: { number: 3 }, before: null, after: { kind: 'codes', items: [{ code: 'arb', label: { de: 'Arabisch', en: 'Arabic' } }] } });
    expect(changes[5]).toMatchObject({ kind: 'removed', before: { kind: 'codes', items: [{ code: 'female' }] }, after: null });
  });

  it('counts emptying a field as removing it, and a partial date completed as a change', () => {
    const changes = answerChanges(revision(answers), revision({ ...answers, surname: '  ', birthDate: { year: 1990, month: 3, day: 14 } }));
    expect(changes).toMatchObject([
      { kind: 'changed', path: 'birthDate', before: { kind: 'date', day: null }, after: { kind: 'date', day: 14 } },
      { kind: 'removed', path: 'surname' },
    ]);
  });

  it('lists every answer as added after a revision without answers, and as removed when answers go', () => {
    const added = answerChanges(revision(null), revision({ surname: 'A', sex: 'male' }));
    expect(added.map((change) => change.kind)).toEqual(['added', 'added']);
    const removed = answerChanges(revision({ surname: 'A' }), revision(null));
    expect(removed).toMatchObject([{ kind: 'removed', path: 'surname', before: { kind: 'text', text: 'A' } }]);
  });

  it('labels each side from its own form version', () => {
    const json = miniFormJson() as { version: number; sections: { items: { id: string; label: Record<string, string> }[] }[] };
    json.version = 2;
    json.sections[0]!.items.find((item) => item.id === 'surname')!.label = { de: 'Nachname', en: 'Last name' };
    const parsed = parseFormDefinition(json);
    if (!parsed.ok) throw new Error('invalid');
    const [change] = answerChanges(revision({ surname: 'A' }), revision({ surname: 'B' }, parsed.definition));
    expect(change).toMatchObject({ kind: 'changed', label: { de: 'Nachname', en: 'Last name' } });
  });
});

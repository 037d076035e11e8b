import { describe, expect, it } from 'vitest';
import { parseFormDefinition, visibleItems, type FormDefinition } from '../../../core/form';
import version1 from '../../../../content/forms/profilingbogen@1.json';
import version2 from '../../../../content/forms/profilingbogen@2.json';
import version3 from '../../../../content/forms/profilingbogen@3.json';
import { FIRST_ITEMS, openingItemCount } from './opening-items';

function loadForm(json: unknown): FormDefinition {
  const parsed = parseFormDefinition(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.definition;
}

const ids = (items: ReturnType<typeof visibleItems>[number]['items']) => items.map((item) => (item.kind === 'group' ? item.group.id : item.field.id));

describe('the items a section opens with (the rest come once it is painted)', () => {
  for (const [name, json] of [['version 1', version1], ['version 2', version2], ['version 3', version3]] as const) {
    it(`section A of ${name} opens with the first question the interviewer answers, not only the four the app fills`, () => {
      const [sectionA] = visibleItems(loadForm(json), {});
      const opening = ids(sectionA!.items).slice(0, openingItemCount(sectionA!.items));
      expect(opening.slice(0, 4)).toEqual(['interviewId', 'interviewDate', 'interviewTime', 'interviewer']);
      // The site: typed by the interviewer, on screen in the first paint.
      expect(opening).toEqual([...opening.slice(0, 4), 'site']);
    });
  }

  it('a section whose first items take answers opens with the first four', () => {
    const sections = visibleItems(loadForm(version1), {});
    const person = sections[1]!;
    expect(person.items.length).toBeGreaterThan(FIRST_ITEMS);
    expect(openingItemCount(person.items)).toBe(FIRST_ITEMS);
  });

  it('never more than the section has', () => {
    const [sectionA] = visibleItems(loadForm(version1), {});
    const onlyAppFilled = sectionA!.items.slice(0, 3);
    expect(openingItemCount(onlyAppFilled)).toBe(3);
  });
});

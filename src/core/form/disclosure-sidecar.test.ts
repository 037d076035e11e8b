import { describe, expect, it } from 'vitest';
import v1Json from '../../../content/forms/profilingbogen@1.json';
import v2Json from '../../../content/forms/profilingbogen@2.json';
import sidecarJson from '../../../content/disclosure/profilingbogen@1.json';
import notice1 from '../../../content/notices/notice@1/de.json';
import { fieldDisclosures, receivableFieldPaths } from './disclosure';
import { DisclosureSidecarError, sidecarKeys, withDisclosureSidecar } from './disclosure-sidecar';
import { parseFormDefinition } from './schema';
import type { FormDefinition } from './types';

function parsed(json: unknown): FormDefinition {
  const result = parseFormDefinition(json);
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  return result.definition;
}

const v1 = parsed(v1Json);
const v2 = parsed(v2Json);
const mapped = withDisclosureSidecar(v1, sidecarJson);

describe('the recipient mapping beside profilingbogen@1 (content/disclosure/profilingbogen@1.json)', () => {
  it('leaves the published form without a mapping and maps every answerable field of it', () => {
    expect(v1.disclosure).toBeUndefined();
    expect(mapped.disclosure).toBeDefined();
    const entries = fieldDisclosures(mapped);
    expect(entries.length).toBe(fieldDisclosures(v1).length);
    for (const entry of entries) expect(entry.disclosure, entry.path).toBeDefined();
  });

  it('names only sections and items of version 1', () => {
    const keys = sidecarKeys(v1);
    for (const id of Object.keys(sidecarJson.sections)) expect(keys.sections.has(id), id).toBe(true);
    for (const id of Object.keys(sidecarJson.items)) expect(keys.items.has(id), id).toBe(true);
  });

  it('names only purposes and recipients of notice@1', () => {
    const purposes = new Set(notice1.purposes.map((p) => p.id));
    const recipients = new Set(notice1.recipients.map((r) => r.id));
    const all = [sidecarJson.disclosure, ...Object.values(sidecarJson.sections), ...Object.values(sidecarJson.items)];
    for (const d of all) {
      for (const p of d.purposes) expect(purposes.has(p), p).toBe(true);
      for (const r of d.recipients) expect(recipients.has(r), r).toBe(true);
    }
  });

  it('gives every field that version 2 also has the same purposes and recipients as version 2', () => {
    const inV2 = new Map(fieldDisclosures(v2).map((e) => [e.path, e.disclosure]));
    let compared = 0;
    for (const entry of fieldDisclosures(mapped)) {
      const other = inV2.get(entry.path);
      if (other === undefined) continue;
      compared++;
      expect(entry.disclosure, entry.path).toEqual(other);
    }
    // Every field but recognitionStatus, which version 2 replaced by a status per qualification.
    expect(compared).toBe(fieldDisclosures(mapped).length - 1);
    // Per recipient, what a record of either version gives is the same over the shared fields.
    const shared = new Set(fieldDisclosures(mapped).map((e) => e.path).filter((p) => inV2.has(p)));
    for (const recipient of notice1.recipients.map((r) => r.id)) {
      const a = receivableFieldPaths(mapped, recipient, ['referral']).filter((p) => shared.has(p));
      const b = receivableFieldPaths(v2, recipient, ['referral']).filter((p) => shared.has(p));
      expect(a, recipient).toEqual(b);
    }
  });

  it('gives the Ausländerbehörde identity and residence status, but no languages or work history', () => {
    const paths = receivableFieldPaths(mapped, 'auslaenderbehoerde', ['referral']);
    expect(paths).toEqual(expect.arrayContaining(['surname', 'givenNames', 'birthDate', 'residenceStatus']));
    expect(paths).not.toContain('languageSkills[].skillLevels');
    expect(paths).not.toContain('workExperience[].jobTitle');
    expect(paths).not.toContain('phone');
  });

  it('is refused when it names a field version 1 lacks, an unknown recipient, or another form', () => {
    expect(() => withDisclosureSidecar(v1, { ...sidecarJson, items: { ...sidecarJson.items, remoteWork: { purposes: ['referral'], recipients: [] } } })).toThrow(DisclosureSidecarError);
    expect(() => withDisclosureSidecar(v1, { ...sidecarJson, items: { ...sidecarJson.items, phone: { purposes: ['referral'], recipients: ['nsa'] } } })).toThrow(/nsa/);
    expect(() => withDisclosureSidecar(v1, { ...sidecarJson, form: 'profilingbogen@3' })).toThrow(/profilingbogen@3/);
    expect(() => withDisclosureSidecar(v2, { ...sidecarJson, form: 'profilingbogen@2' })).toThrow(/mapping of its own/);
  });
});

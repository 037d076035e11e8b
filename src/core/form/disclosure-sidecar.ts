/**
 * A recipient mapping kept beside a published form that has none in itself (profilingbogen@1,
 * published before mappings existed and immutable since): `content/disclosure/<id>@<version>.json`.
 * It names the same things a form's own mapping does — the vocabulary (`disclosure`), a disclosure
 * per section, and per item (a field, a repeat group, or `group.field`) — and is checked by the
 * same schema: `withDisclosureSidecar` writes it into a copy of the form and parses that copy with
 * `parseFormDefinition`, so every rule of a form's own mapping (ids from the vocabulary, every
 * answerable field covered) holds for the sidecar too. The form itself is never changed.
 */
import { z } from 'zod';
import { parseFormDefinition } from './schema';
import { isRepeatGroup, type FormDefinition } from './types';

const ids = z.array(z.string());
const disclosure = z.strictObject({ purposes: ids, recipients: ids });

export const disclosureSidecarSchema = z.strictObject({
  /** `profilingbogen@1`: the form version it maps. */
  form: z.string().regex(/^[a-z][a-z0-9-]*@\d+$/),
  /**
   * `notice@3`: set when the mapping belongs to records captured under that notice version (whose
   * purposes and recipients differ from the form's own vocabulary). It then replaces the form's own
   * mapping for those records; without it the sidecar maps a form that has none.
   */
  notice: z.string().regex(/^[a-z][a-z0-9-]*@\d+$/).optional(),
  disclosure,
  sections: z.record(z.string(), disclosure),
  /** Keys: a field id, a repeat group id, or `group.field`. */
  items: z.record(z.string(), disclosure),
  // What storing an answer needs under a notice version is that version's own table, not a form's
  // (content/disclosure/<notice>.requires.json, `core/record` `storageRequirements`).
});
export type DisclosureSidecar = z.infer<typeof disclosureSidecarSchema>;

export class DisclosureSidecarError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The recipient mapping does not fit its form: ${problems.join('; ')}`);
    this.name = 'DisclosureSidecarError';
  }
}

/** Every key a sidecar may use for `def`: section ids, and item keys. */
export function sidecarKeys(def: FormDefinition): { sections: Set<string>; items: Set<string> } {
  const sections = new Set<string>();
  const items = new Set<string>();
  for (const section of def.sections) {
    sections.add(section.id);
    for (const item of section.items) {
      items.add(item.id);
      if (isRepeatGroup(item)) for (const field of item.items) items.add(`${item.id}.${field.id}`);
    }
  }
  return { sections, items };
}

/**
 * The form with the sidecar's mapping written in, validated by the form schema. Throws
 * {@link DisclosureSidecarError} when the sidecar names another form, a section or item the form
 * does not have, an id outside its vocabulary, or leaves an answerable field without a disclosure.
 */
export function withDisclosureSidecar(def: FormDefinition, sidecarJson: unknown): FormDefinition {
  const parsed = disclosureSidecarSchema.safeParse(sidecarJson);
  if (!parsed.success) throw new DisclosureSidecarError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const sidecar = parsed.data;
  const problems: string[] = [];
  if (sidecar.form !== `${def.id}@${def.version}`) problems.push(`it maps ${sidecar.form}, not ${def.id}@${def.version}`);
  if (def.disclosure !== undefined && sidecar.notice === undefined) problems.push(`${def.id}@${def.version} has a mapping of its own`);
  const keys = sidecarKeys(def);
  for (const id of Object.keys(sidecar.sections)) if (!keys.sections.has(id)) problems.push(`the form has no section '${id}'`);
  for (const id of Object.keys(sidecar.items)) if (!keys.items.has(id)) problems.push(`the form has no item '${id}'`);
  if (problems.length > 0) throw new DisclosureSidecarError(problems);

  const json = structuredClone(def) as unknown as {
    disclosure?: unknown;
    sections: { id: string; disclosure?: unknown; items: { id: string; disclosure?: unknown; items?: { id: string; disclosure?: unknown }[] }[] }[];
  };
  // A mapping for a notice version replaces the form's own one entirely: nothing of the other
  // vocabulary (e.g. `ihk-hwk`) may survive in a field the sidecar leaves to its section.
  for (const section of json.sections) {
    delete section.disclosure;
    for (const item of section.items) {
      delete item.disclosure;
      for (const field of item.items ?? []) delete field.disclosure;
    }
  }
  json.disclosure = sidecar.disclosure;
  for (const section of json.sections) {
    const own = sidecar.sections[section.id];
    if (own) section.disclosure = own;
    for (const item of section.items) {
      const itemDisclosure = sidecar.items[item.id];
      if (itemDisclosure) item.disclosure = itemDisclosure;
      for (const field of item.items ?? []) {
        const fieldDisclosure = sidecar.items[`${item.id}.${field.id}`];
        if (fieldDisclosure) field.disclosure = fieldDisclosure;
      }
    }
  }
  const result = parseFormDefinition(json);
  if (!result.ok) throw new DisclosureSidecarError(result.errors.map((e) => `${e.path}: ${e.message}`));
  return result.definition;
}

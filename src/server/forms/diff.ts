/**
 * What changed between two form versions, as a coordinator reads it before publishing: sections
 * and fields added, removed, moved; a changed type, condition, required flag, choices,
 * constraints; labels changed per language; languages and code lists. Items are matched by id
 * (the answer key), which is what makes a field "the same" across versions.
 */
import { canonicalJson } from '../../core/sync/index';
import { isRepeatGroup, type Field, type FormDefinition, type Item, type LocalizedText, type Section } from '../../core/form/index';

export type FormChange =
  | { readonly kind: 'sectionAdded' | 'sectionRemoved'; readonly id: string; readonly label: LocalizedText }
  | { readonly kind: 'sectionMoved'; readonly id: string; readonly label: LocalizedText; readonly from: number; readonly to: number }
  | { readonly kind: 'fieldAdded' | 'fieldRemoved'; readonly id: string; readonly label: LocalizedText; readonly where: string }
  | { readonly kind: 'fieldMoved'; readonly id: string; readonly label: LocalizedText; readonly from: string; readonly to: string }
  | { readonly kind: 'typeChanged'; readonly id: string; readonly label: LocalizedText; readonly from: string; readonly to: string }
  | { readonly kind: 'conditionChanged'; readonly id: string; readonly label: LocalizedText; readonly from: string | null; readonly to: string | null }
  | { readonly kind: 'requiredChanged'; readonly id: string; readonly label: LocalizedText; readonly to: boolean }
  | { readonly kind: 'choicesChanged'; readonly id: string; readonly label: LocalizedText; readonly added: readonly string[]; readonly removed: readonly string[]; readonly relabelled: readonly string[] }
  | { readonly kind: 'constraintsChanged'; readonly id: string; readonly label: LocalizedText }
  | { readonly kind: 'labelsChanged'; readonly id: string; readonly label: LocalizedText; readonly texts: readonly ('label' | 'hint' | 'reason')[]; readonly languages: readonly string[] }
  | { readonly kind: 'languageAdded' | 'languageRemoved'; readonly id: string }
  | { readonly kind: 'codeListAdded' | 'codeListRemoved'; readonly id: string }
  | { readonly kind: 'codeListChanged'; readonly id: string; readonly added: number; readonly removed: number; readonly relabelled: number }
  | { readonly kind: 'titleChanged'; readonly languages: readonly string[] }
  | { readonly kind: 'disclosureChanged'; readonly id: string };

interface Placed {
  readonly item: Item;
  /** `section` or `section/group`, and the position among its siblings. */
  readonly parent: string;
  readonly index: number;
}

function placedItems(def: FormDefinition): Map<string, Placed> {
  const out = new Map<string, Placed>();
  for (const section of def.sections) {
    section.items.forEach((item, index) => {
      out.set(item.id, { item, parent: section.id, index });
      if (isRepeatGroup(item)) item.items.forEach((field, i) => out.set(field.id, { item: field, parent: `${section.id}/${item.id}`, index: i }));
    });
  }
  return out;
}

/** Equal content, whatever the order of object keys (a stored body has its keys sorted). */
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** The languages whose text differs between two localized texts (added, removed or changed). */
export function changedLanguages(a: LocalizedText | undefined, b: LocalizedText | undefined): string[] {
  const langs = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  return [...langs].filter((lang) => (a?.[lang] ?? null) !== (b?.[lang] ?? null));
}

const typeOf = (item: Item): string => (isRepeatGroup(item) ? 'group' : item.type === 'number' && item.integer === true ? 'integer' : item.type);

/** Order among the ids both versions keep: moved means the parent or the relative order changed. */
function relativeOrder(ids: readonly string[], kept: ReadonlySet<string>): Map<string, number> {
  return new Map(ids.filter((id) => kept.has(id)).map((id, i) => [id, i]));
}

function choicesOf(field: Field): Map<string, LocalizedText> {
  return new Map(field.type === 'single' || field.type === 'multi' ? field.choices.map((c) => [c.value, c.label]) : []);
}

export function diffForms(before: FormDefinition | null, after: FormDefinition): FormChange[] {
  const changes: FormChange[] = [];
  const old = before ?? { ...after, sections: [] as Section[], codeLists: {}, languages: [] as string[], title: {} };

  for (const lang of after.languages) if (!old.languages.includes(lang)) changes.push({ kind: 'languageAdded', id: lang });
  for (const lang of old.languages) if (!after.languages.includes(lang)) changes.push({ kind: 'languageRemoved', id: lang });
  if (before) {
    const title = changedLanguages(before.title, after.title);
    if (title.length > 0) changes.push({ kind: 'titleChanged', languages: title });
  }

  // Sections.
  const oldSections = new Map(old.sections.map((s, i) => [s.id, { section: s, index: i }]));
  const newSections = new Map(after.sections.map((s, i) => [s.id, { section: s, index: i }]));
  const keptSections = new Set([...newSections.keys()].filter((id) => oldSections.has(id)));
  const oldSectionOrder = relativeOrder(old.sections.map((s) => s.id), keptSections);
  const newSectionOrder = relativeOrder(after.sections.map((s) => s.id), keptSections);
  for (const [id, { section, index }] of newSections) {
    const previous = oldSections.get(id);
    if (!previous) {
      changes.push({ kind: 'sectionAdded', id, label: section.label });
      continue;
    }
    if (oldSectionOrder.get(id) !== newSectionOrder.get(id)) changes.push({ kind: 'sectionMoved', id, label: section.label, from: previous.index + 1, to: index + 1 });
    const langs = [...new Set([...changedLanguages(previous.section.label, section.label), ...changedLanguages(previous.section.hint, section.hint)])];
    const texts = (['label', 'hint'] as const).filter((key) => changedLanguages(previous.section[key], section[key]).length > 0);
    if (langs.length > 0) changes.push({ kind: 'labelsChanged', id, label: section.label, texts, languages: langs });
    if (!same(previous.section.disclosure, section.disclosure)) changes.push({ kind: 'disclosureChanged', id });
  }
  for (const [id, { section }] of oldSections) if (!newSections.has(id)) changes.push({ kind: 'sectionRemoved', id, label: section.label });

  // Fields and repeat groups.
  const oldItems = placedItems(old);
  const newItems = placedItems(after);
  const kept = new Set([...newItems.keys()].filter((id) => oldItems.has(id)));
  const siblingsOrder = (items: Map<string, Placed>) => {
    const byParent = new Map<string, string[]>();
    for (const [id, placed] of items) byParent.set(placed.parent, [...(byParent.get(placed.parent) ?? []), id]);
    const order = new Map<string, number>();
    for (const ids of byParent.values()) for (const [id, i] of relativeOrder(ids, kept)) order.set(id, i);
    return order;
  };
  const oldOrder = siblingsOrder(oldItems);
  const newOrder = siblingsOrder(newItems);
  for (const [id, placed] of newItems) {
    const { item } = placed;
    const previous = oldItems.get(id);
    if (!previous) {
      changes.push({ kind: 'fieldAdded', id, label: item.label, where: placed.parent });
      continue;
    }
    const was = previous.item;
    if (previous.parent !== placed.parent || oldOrder.get(id) !== newOrder.get(id)) {
      changes.push({ kind: 'fieldMoved', id, label: item.label, from: `${previous.parent}#${previous.index + 1}`, to: `${placed.parent}#${placed.index + 1}` });
    }
    if (typeOf(was) !== typeOf(item)) changes.push({ kind: 'typeChanged', id, label: item.label, from: typeOf(was), to: typeOf(item) });
    if ((was.visibleIf ?? null) !== (item.visibleIf ?? null)) changes.push({ kind: 'conditionChanged', id, label: item.label, from: was.visibleIf ?? null, to: item.visibleIf ?? null });
    const texts = (['label', 'hint', 'reason'] as const).filter((key) => changedLanguages((was as Field)[key], (item as Field)[key]).length > 0);
    if (texts.length > 0) {
      const languages = [...new Set(texts.flatMap((key) => changedLanguages((was as Field)[key], (item as Field)[key])))];
      changes.push({ kind: 'labelsChanged', id, label: item.label, texts, languages });
    }
    if (!same(was.disclosure, item.disclosure)) changes.push({ kind: 'disclosureChanged', id });
    if (isRepeatGroup(was) || isRepeatGroup(item)) continue;
    if ((was.required === true) !== (item.required === true)) changes.push({ kind: 'requiredChanged', id, label: item.label, to: item.required === true });
    const a = choicesOf(was);
    const b = choicesOf(item);
    const added = [...b.keys()].filter((v) => !a.has(v));
    const removed = [...a.keys()].filter((v) => !b.has(v));
    const relabelled = [...b.keys()].filter((v) => a.has(v) && changedLanguages(a.get(v), b.get(v)).length > 0);
    if (added.length + removed.length + relabelled.length > 0) changes.push({ kind: 'choicesChanged', id, label: item.label, added, removed, relabelled });
    if (!same(was.constraints ?? [], item.constraints ?? [])) changes.push({ kind: 'constraintsChanged', id, label: item.label });
  }
  for (const [id, placed] of oldItems) if (!newItems.has(id)) changes.push({ kind: 'fieldRemoved', id, label: placed.item.label, where: placed.parent });

  // Code lists.
  for (const [id, list] of Object.entries(after.codeLists)) {
    const previous = Object.hasOwn(old.codeLists, id) ? old.codeLists[id] : undefined;
    if (!previous) {
      changes.push({ kind: 'codeListAdded', id });
      continue;
    }
    const a = new Map(previous.items.map((i) => [i.code, i]));
    const b = new Map(list.items.map((i) => [i.code, i]));
    const added = [...b.keys()].filter((c) => !a.has(c)).length;
    const removed = [...a.keys()].filter((c) => !b.has(c)).length;
    const relabelled = [...b.keys()].filter((c) => a.has(c) && !same(a.get(c), b.get(c))).length;
    if (added + removed + relabelled > 0 || !same(previous.label, list.label) || previous.source !== list.source) {
      changes.push({ kind: 'codeListChanged', id, added, removed, relabelled });
    }
  }
  for (const id of Object.keys(old.codeLists)) if (!Object.hasOwn(after.codeLists, id)) changes.push({ kind: 'codeListRemoved', id });
  return changes;
}

/** One English line per change, for the command line. */
export function describeChange(change: FormChange): string {
  const name = 'label' in change ? `${change.id} (${change.label.de ?? ''})` : 'id' in change ? change.id : '';
  switch (change.kind) {
    case 'sectionAdded':
      return `+ section ${name}`;
    case 'sectionRemoved':
      return `- section ${name}`;
    case 'sectionMoved':
      return `~ section ${name} moved from position ${change.from} to ${change.to}`;
    case 'fieldAdded':
      return `+ ${name} in ${change.where}`;
    case 'fieldRemoved':
      return `- ${name} from ${change.where}`;
    case 'fieldMoved':
      return `~ ${name} moved from ${change.from} to ${change.to}`;
    case 'typeChanged':
      return `~ ${name} type ${change.from} → ${change.to}`;
    case 'conditionChanged':
      return `~ ${name} shown when: ${change.from ?? '(always)'} → ${change.to ?? '(always)'}`;
    case 'requiredChanged':
      return `~ ${name} ${change.to ? 'now required' : 'no longer required'}`;
    case 'choicesChanged':
      return `~ ${name} choices${change.added.length ? ` +${change.added.join(',')}` : ''}${change.removed.length ? ` -${change.removed.join(',')}` : ''}${change.relabelled.length ? ` relabelled ${change.relabelled.join(',')}` : ''}`;
    case 'constraintsChanged':
      return `~ ${name} constraints changed`;
    case 'labelsChanged':
      return `~ ${name} ${change.texts.join('/')} changed in ${change.languages.join(', ')}`;
    case 'languageAdded':
      return `+ language ${change.id}`;
    case 'languageRemoved':
      return `- language ${change.id}`;
    case 'codeListAdded':
      return `+ code list ${change.id}`;
    case 'codeListRemoved':
      return `- code list ${change.id}`;
    case 'codeListChanged':
      return `~ code list ${change.id}: ${change.added} added, ${change.removed} removed, ${change.relabelled} changed`;
    case 'titleChanged':
      return `~ title changed in ${change.languages.join(', ')}`;
    case 'disclosureChanged':
      return `~ ${change.id} purposes/recipients changed`;
  }
}

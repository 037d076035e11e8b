/**
 * One language of a form as XLIFF 2.0 (what translation tools read), and back (issue 13, item 4 —
 * the exchange only; see content/README.md for what is open).
 *
 * Every translatable string is a `<unit>` with a stable id (`field.phone.label`,
 * `codeList.countries.AD`, …), the German `<source>` and the language's `<target>`; the segment's
 * `state` is `initial` (no text), `translated`, or `reviewed` (the language is marked reviewed).
 *
 * Import applies the targets to a definition (the next version's, usually from its spreadsheet):
 * a unit whose `<source>` is no longer the definition's German text is **stale** — the German
 * changed after the translation was made — its target is taken but never counts as reviewed. The
 * language is `reviewed` only when every unit has a target, is `reviewed` or `final`, and none is
 * stale; otherwise `draft`.
 */
import { isRepeatGroup, type FormDefinition, type LocalizedText } from '../../core/form/index';

interface Slot {
  readonly id: string;
  readonly text: LocalizedText;
  readonly set: (lang: string, value: string | undefined) => void;
}

/** Every translatable text of a (mutable copy of a) definition, in form order, with its unit id. */
export function slots(def: FormDefinition): Slot[] {
  const out: Slot[] = [];
  const add = (id: string, holder: Record<string, unknown>, key: string) => {
    const text = holder[key] as LocalizedText | undefined;
    if (!text) return;
    out.push({
      id,
      text,
      set: (lang, value) => {
        const next: Record<string, string> = { ...(holder[key] as Record<string, string>) };
        if (value === undefined) delete next[lang];
        else next[lang] = value;
        holder[key] = next;
      },
    });
  };
  const mutable = def as unknown as Record<string, unknown>;
  add('form.title', mutable, 'title');
  for (const section of def.sections) {
    const s = section as unknown as Record<string, unknown>;
    add(`section.${section.id}.label`, s, 'label');
    add(`section.${section.id}.hint`, s, 'hint');
    for (const item of section.items) {
      const fields = isRepeatGroup(item) ? [item, ...item.items] : [item];
      for (const node of fields) {
        const n = node as unknown as Record<string, unknown>;
        for (const key of ['label', 'hint', 'reason']) add(`field.${node.id}.${key}`, n, key);
        if (!isRepeatGroup(node)) {
          node.constraints?.forEach((constraint, i) => add(`field.${node.id}.constraint${i + 1}`, constraint as unknown as Record<string, unknown>, 'message'));
          if (node.type === 'single' || node.type === 'multi') for (const choice of node.choices) add(`field.${node.id}.choice.${choice.value}`, choice as unknown as Record<string, unknown>, 'label');
        }
      }
    }
  }
  for (const list of Object.values(def.codeLists)) {
    add(`codeList.${list.id}`, list as unknown as Record<string, unknown>, 'label');
    for (const entry of list.items) add(`codeList.${list.id}.${entry.code}`, entry as unknown as Record<string, unknown>, 'label');
  }
  return out;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unescapeXml = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-fA-F]+|#[0-9]+);/g, (_, entity: string) => {
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'quot') return '"';
    if (entity === 'apos') return "'";
    if (entity === 'amp') return '&';
    return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });

export function exportXliff(def: FormDefinition, lang: string): string {
  if (lang === 'de') throw new Error('German is the source language');
  const reviewed = def.translations[lang]?.reviewState === 'reviewed';
  const units = slots(structuredClone(def) as FormDefinition).map(({ id, text }) => {
    const target = text[lang];
    const state = target === undefined ? 'initial' : reviewed ? 'reviewed' : 'translated';
    return (
      `    <unit id="${escapeXml(id)}">\n      <segment state="${state}">\n        <source>${escapeXml(text.de ?? '')}</source>\n` +
      (target !== undefined ? `        <target>${escapeXml(target)}</target>\n` : '') +
      '      </segment>\n    </unit>\n'
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="${escapeXml(lang)}">\n` +
    `  <file id="${escapeXml(`${def.id}@${def.version}`)}">\n${units.join('')}  </file>\n</xliff>\n`
  );
}

export interface XliffImport {
  readonly definition: FormDefinition;
  readonly lang: string;
  /** Units whose target text differs from the definition's. */
  readonly changed: readonly string[];
  /** Units whose German source changed since the translation: taken, but not reviewed. */
  readonly stale: readonly string[];
  /** Units of the definition the file has no target for. */
  readonly missing: readonly string[];
  readonly problems: readonly string[];
}

export function importXliff(def: FormDefinition, xliff: string): XliffImport {
  const problems: string[] = [];
  const root = /<xliff\b([^>]*)>/.exec(xliff);
  const version = root ? /\bversion="([^"]*)"/.exec(root[1]!)?.[1] : undefined;
  const lang = root ? /\btrgLang="([^"]*)"/.exec(root[1]!)?.[1] : undefined;
  if (!root || version !== '2.0') problems.push('not an XLIFF 2.0 document (<xliff version="2.0">)');
  if (!lang) problems.push('the document names no target language (trgLang)');
  else if (!def.languages.includes(lang)) problems.push(`'${lang}' is not a language of ${def.id}@${def.version}`);
  const copy = structuredClone(def) as FormDefinition;
  if (problems.length > 0 || !lang) return { definition: def, lang: lang ?? '', changed: [], stale: [], missing: [], problems };

  const units = new Map<string, { state: string; source: string; target: string | undefined }>();
  for (const match of xliff.matchAll(/<unit\b[^>]*\bid="([^"]*)"[^>]*>([\s\S]*?)<\/unit>/g)) {
    const id = unescapeXml(match[1]!);
    const body = match[2]!;
    const state = /<segment\b[^>]*\bstate="([^"]*)"/.exec(body)?.[1] ?? 'initial';
    const source = /<source>([\s\S]*?)<\/source>/.exec(body)?.[1];
    const target = /<target>([\s\S]*?)<\/target>/.exec(body)?.[1];
    if ((source ?? '').includes('<') || (target ?? '').includes('<')) {
      problems.push(`unit ${id}: inline markup is not supported; plain text only`);
      continue;
    }
    units.set(id, { state, source: unescapeXml(source ?? ''), target: target === undefined ? undefined : unescapeXml(target) });
  }
  const changed: string[] = [];
  const stale: string[] = [];
  const missing: string[] = [];
  let allReviewed = true;
  const known = new Set<string>();
  for (const slot of slots(copy)) {
    known.add(slot.id);
    const unit = units.get(slot.id);
    if (!unit || unit.target === undefined || unit.target.trim() === '') {
      missing.push(slot.id);
      allReviewed = false;
      continue;
    }
    if (unit.source !== slot.text.de) {
      stale.push(slot.id);
      allReviewed = false;
    } else if (unit.state !== 'reviewed' && unit.state !== 'final') allReviewed = false;
    if (slot.text[lang] !== unit.target) {
      changed.push(slot.id);
      slot.set(lang, unit.target);
    }
  }
  for (const id of units.keys()) if (!known.has(id)) problems.push(`unit ${id} names no text of ${def.id}@${def.version}`);
  const translations = { ...copy.translations, [lang]: allReviewed ? { ...copy.translations[lang], reviewState: 'reviewed' as const } : { reviewState: 'draft' as const } };
  return { definition: { ...copy, translations }, lang, changed, stale, missing, problems };
}

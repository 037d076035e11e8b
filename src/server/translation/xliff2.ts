/**
 * XLIFF 2.0 for one language of one artifact version (issue 13 item 4): the writer and a strict
 * reader of what Lotse writes and translation tools return. Plain text only (no inline markup).
 *
 *   <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="ar">
 *     <file id="notice@3" original="lotse:notice/notice@3">
 *       <unit id="purposes.profiling.label">
 *         <notes>
 *           <note category="lotse:reviewer">Name</note>        (reviewed strings)
 *           <note category="lotse:reviewed-at">2026-…Z</note>
 *           <note category="lotse:stale">…</note>             (German changed since the review)
 *         </notes>
 *         <segment state="initial|translated|reviewed|final">
 *           <source>German</source><target>Arabic</target>
 *         </segment>
 *       </unit>
 *
 * Lotse's states map onto the segment's `state`: draft ↔ `initial`, translated ↔ `translated`,
 * reviewed ↔ `reviewed`; a tool's `final` reads as reviewed.
 */

export type ReviewState = 'draft' | 'translated' | 'reviewed';

export interface XliffUnitOut {
  readonly id: string;
  readonly source: string;
  readonly target: string | undefined;
  readonly state: ReviewState;
  readonly reviewer?: string | null;
  readonly reviewedAt?: string | null;
  readonly stale?: boolean;
}

export interface XliffUnitIn {
  readonly id: string;
  readonly state: ReviewState;
  readonly source: string;
  readonly target: string | undefined;
  /** 1-based line of the `<unit>` start tag. */
  readonly line: number;
}

export interface XliffProblem {
  readonly line: number;
  readonly unit?: string;
  readonly message: string;
}

export type XliffRead =
  | { readonly ok: true; readonly trgLang: string; readonly fileId: string; readonly original: string | undefined; readonly units: readonly XliffUnitIn[] }
  | { readonly ok: false; readonly problems: readonly XliffProblem[] };

export const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const unescapeXml = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-fA-F]+|#[0-9]+);/g, (_, entity: string) => {
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'quot') return '"';
    if (entity === 'apos') return "'";
    if (entity === 'amp') return '&';
    return String.fromCodePoint(entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });

const toXliffState: Record<ReviewState, string> = { draft: 'initial', translated: 'translated', reviewed: 'reviewed' };
const fromXliffState: Record<string, ReviewState> = { initial: 'draft', translated: 'translated', reviewed: 'reviewed', final: 'reviewed' };

export function writeXliff(input: { readonly fileId: string; readonly original: string; readonly trgLang: string; readonly units: readonly XliffUnitOut[] }): string {
  const units = input.units.map((unit) => {
    const notes: string[] = [];
    if (unit.state === 'reviewed' && unit.reviewer) notes.push(`<note category="lotse:reviewer">${escapeXml(unit.reviewer)}</note>`);
    if (unit.state === 'reviewed' && unit.reviewedAt) notes.push(`<note category="lotse:reviewed-at">${escapeXml(unit.reviewedAt)}</note>`);
    if (unit.stale) notes.push('<note category="lotse:stale">The German text changed since this translation was reviewed.</note>');
    // A string without a translation cannot be more than a draft.
    const state = unit.target === undefined ? 'initial' : toXliffState[unit.state];
    return (
      `    <unit id="${escapeXml(unit.id)}">\n` +
      (notes.length > 0 ? `      <notes>\n${notes.map((n) => `        ${n}\n`).join('')}      </notes>\n` : '') +
      `      <segment state="${state}">\n        <source>${escapeXml(unit.source)}</source>\n` +
      (unit.target !== undefined ? `        <target>${escapeXml(unit.target)}</target>\n` : '') +
      '      </segment>\n    </unit>\n'
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="${escapeXml(input.trgLang)}">\n` +
    `  <file id="${escapeXml(input.fileId)}" original="${escapeXml(input.original)}">\n${units.join('')}  </file>\n</xliff>\n`
  );
}

const attribute = (tag: string, name: string): string | undefined => {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return match ? unescapeXml(match[1] ?? match[2] ?? '') : undefined;
};

/** Reads a document; every problem names its line and, inside a unit, the unit's id. */
export function readXliff(xml: string): XliffRead {
  const problems: XliffProblem[] = [];
  const lineAt = (index: number) => xml.slice(0, index).split('\n').length;
  const root = /<xliff\b[^>]*>/.exec(xml);
  if (!root) return { ok: false, problems: [{ line: 1, message: 'not an XLIFF document: no <xliff> element' }] };
  const rootLine = lineAt(root.index);
  const version = attribute(root[0], 'version');
  const srcLang = attribute(root[0], 'srcLang');
  const trgLang = attribute(root[0], 'trgLang');
  if (version !== '2.0') problems.push({ line: rootLine, message: `not XLIFF 2.0: version="${version ?? ''}" (expected version="2.0")` });
  if (srcLang !== 'de') problems.push({ line: rootLine, message: `the source language must be German (srcLang="de"), not "${srcLang ?? ''}"` });
  if (!trgLang) problems.push({ line: rootLine, message: 'the document names no target language (trgLang)' });
  if (!/<\/xliff>\s*$/.test(xml)) problems.push({ line: lineAt(xml.length), message: 'the document ends before </xliff>: the file is cut off or not well-formed' });
  const file = /<file\b[^>]*>/.exec(xml);
  if (!file) problems.push({ line: rootLine, message: 'no <file> element' });

  const units: XliffUnitIn[] = [];
  const seen = new Set<string>();
  const opening = /<unit\b[^>]*>/g;
  for (let match = opening.exec(xml); match; match = opening.exec(xml)) {
    const line = lineAt(match.index);
    const id = attribute(match[0], 'id');
    if (!id) {
      problems.push({ line, message: '<unit> without an id' });
      continue;
    }
    const end = xml.indexOf('</unit>', match.index);
    const nextOpen = xml.slice(match.index + match[0].length).search(/<unit\b/);
    if (end === -1 || (nextOpen !== -1 && match.index + match[0].length + nextOpen < end)) {
      problems.push({ line, unit: id, message: `unit ${id} is not closed (</unit> missing)` });
      continue;
    }
    const body = xml.slice(match.index + match[0].length, end);
    if (seen.has(id)) problems.push({ line, unit: id, message: `unit ${id} appears twice` });
    seen.add(id);
    const segments = body.match(/<segment\b[^>]*>/g) ?? [];
    if (segments.length !== 1) {
      problems.push({ line, unit: id, message: `unit ${id} must have exactly one <segment> (has ${segments.length})` });
      continue;
    }
    const rawState = attribute(segments[0]!, 'state') ?? 'initial';
    const state = fromXliffState[rawState];
    if (!state) problems.push({ line, unit: id, message: `unit ${id}: unknown segment state "${rawState}" (initial, translated, reviewed or final)` });
    const source = /<source(?:\s[^>]*)?>([\s\S]*?)<\/source>/.exec(body)?.[1];
    const targetMatch = /<target(?:\s[^>]*)?>([\s\S]*?)<\/target>|<target(?:\s[^>]*)?\/>/.exec(body);
    const target = targetMatch ? (targetMatch[1] ?? '') : undefined;
    if (source === undefined) {
      problems.push({ line, unit: id, message: `unit ${id} has no <source>` });
      continue;
    }
    if (source.includes('<') || (target ?? '').includes('<')) {
      problems.push({ line, unit: id, message: `unit ${id}: inline markup is not supported; plain text only` });
      continue;
    }
    if (!state) continue;
    const text = target === undefined ? undefined : unescapeXml(target);
    if (state !== 'draft' && (text === undefined || text.trim() === '')) {
      problems.push({ line, unit: id, message: `unit ${id} is marked ${rawState} but has no target text` });
      continue;
    }
    units.push({ id, state, source: unescapeXml(source), target: text, line });
  }
  if (problems.length > 0 || !trgLang || !file) return { ok: false, problems };
  return { ok: true, trgLang, fileId: attribute(file[0], 'id') ?? '', original: attribute(file[0], 'original'), units };
}

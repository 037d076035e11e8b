/**
 * The privacy notice (Datenschutzerklärung) as a published artifact: one file per language under
 * `content/notices/notice@<version>/<lang>.json`, each carrying the SHA-256 of its exact text.
 *
 * The text is kept in one small line-based format (headings, paragraphs, lists) so that the UI
 * renders exactly the characters that were hashed: `noticeBlocks` is the only parser, and the
 * schema refuses any text that the parser would not give back unchanged.
 */
import type { NoticeArtifact } from './notice-schema';

export type { NoticeArtifact } from './notice-schema';
// The reference and the hash are a module of their own (notice-hash.ts): filling a notice from the
// settings needs them on the way to every interview screen, the parser and the checks here not.
export { noticeHash, noticeHashInput, noticeRef, verifyNoticeHash } from './notice-hash';

/** True when a text has anything visible (not only white space). */
export const hasVisibleText = (value: string) => /\S/.test(value);

const HEADING_PREFIX = '## ';
const LIST_ITEM_PREFIX = '- ';

/** The `ui` keys a notice of hash scheme 2 (notice@3 on) must have. */
export const SCHEME_2_UI_KEYS = [
  'withdrawHeading', 'withdrawByPhone', 'withdrawByEmail', 'withdrawByLetter', 'receiptApplicant', 'receiptInterviewer',
  'receiptReference', 'refusalReassurance', 'explicitHeading', 'corePurposeNote', 'coreRefusal', 'minorAgreement',
  'guardianHeading', 'guardianConsent', 'interpreterConfidentiality', 'interpreterConfirm', 'receiptGuardian',
] as const;

/** One rendered block of a notice text. */
export type NoticeBlock =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] };

/**
 * Splits a notice text into blocks for rendering. Blocks are separated by a blank line; a line
 * starting with "## " is a heading, consecutive lines starting with "- " are one list, any other
 * run of lines is a paragraph (its inner line breaks are kept, e.g. for an address).
 */
export function noticeBlocks(text: string): NoticeBlock[] {
  const blocks: NoticeBlock[] = [];
  let paragraphLines: string[] = [];
  let listItems: string[] = [];
  const closeOpenBlock = () => {
    if (paragraphLines.length > 0) blocks.push({ kind: 'paragraph', text: paragraphLines.join('\n') });
    if (listItems.length > 0) blocks.push({ kind: 'list', items: listItems });
    paragraphLines = [];
    listItems = [];
  };
  for (const line of text.split('\n')) {
    if (line === '') {
      closeOpenBlock();
    } else if (line.startsWith(HEADING_PREFIX)) {
      closeOpenBlock();
      blocks.push({ kind: 'heading', text: line.slice(HEADING_PREFIX.length) });
    } else if (line.startsWith(LIST_ITEM_PREFIX)) {
      if (paragraphLines.length > 0) closeOpenBlock();
      listItems.push(line.slice(LIST_ITEM_PREFIX.length));
    } else {
      if (listItems.length > 0) closeOpenBlock();
      paragraphLines.push(line);
    }
  }
  closeOpenBlock();
  return blocks;
}

/** The canonical text for `blocks`; `noticeBlocks` and this function are inverses on valid texts. */
export function noticeTextFromBlocks(blocks: readonly NoticeBlock[]): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return HEADING_PREFIX + block.text;
        case 'paragraph':
          return block.text;
        case 'list':
          return block.items.map((item) => LIST_ITEM_PREFIX + item).join('\n');
      }
    })
    .join('\n\n');
}

/** Why `text` is not a valid notice text; empty when it is. */
export function noticeTextProblems(text: string): string[] {
  const problems: string[] = [];
  if (!hasVisibleText(text)) problems.push('the text is empty');
  if (text !== text.normalize('NFC')) problems.push('the text is not in Unicode NFC');
  if (/[\r\t]/.test(text)) problems.push('the text contains a carriage return or a tab');
  if (/[ \u00a0]$/m.test(text)) problems.push('a line ends with a space');
  const blocks = noticeBlocks(text);
  if (noticeTextFromBlocks(blocks) !== text) {
    problems.push('the text is not canonical: separate headings, paragraphs and lists by exactly one blank line');
  }
  for (const block of blocks) {
    const parts = block.kind === 'list' ? block.items : [block.text];
    if (!parts.every(hasVisibleText)) problems.push(`an empty ${block.kind}`);
  }
  return problems;
}

/**
 * Why `translation` does not correspond to the German `reference` text; empty when it does.
 * A translation must be the same notice and version and name the same purposes and recipients,
 * in the same order, so that a decision means the same thing in every language.
 */
export function translationProblems(translation: NoticeArtifact, reference: NoticeArtifact): string[] {
  const problems: string[] = [];
  if (reference.lang !== 'de') problems.push(`the reference text must be German, not ${reference.lang}`);
  if (reference.reviewState !== 'reviewed') problems.push('the German reference text is not reviewed');
  if (translation.id !== reference.id || translation.version !== reference.version) {
    problems.push(
      `${translation.lang} is ${translation.id}@${translation.version}, the reference is ${reference.id}@${reference.version}`,
    );
  }
  if (translation.hashScheme !== reference.hashScheme) problems.push(`${translation.lang} uses hash scheme ${translation.hashScheme ?? 1}, German ${reference.hashScheme ?? 1}`);
  if (translation.corePurpose !== reference.corePurpose) problems.push(`${translation.lang} names core purpose ${translation.corePurpose}, German ${reference.corePurpose}`);
  for (const list of ['purposes', 'recipients', 'explicitConsents'] as const) {
    const ids = (translation[list] ?? []).map((item) => item.id).join(', ');
    const referenceIds = (reference[list] ?? []).map((item) => item.id).join(', ');
    if (ids !== referenceIds) problems.push(`${translation.lang} ${list} are [${ids}], German has [${referenceIds}]`);
  }
  // A translation that names fewer contact details than German would withhold one from its readers.
  const placeholders = (notice: NoticeArtifact) =>
    [...new Set([notice.text, ...Object.values(notice.ui)].join('\n').match(/\{\{[A-Za-z]+\}\}/g) ?? [])].sort().join(', ');
  if (placeholders(translation) !== placeholders(reference)) {
    problems.push(`${translation.lang} uses the placeholders [${placeholders(translation)}], German [${placeholders(reference)}]`);
  }
  return problems;
}

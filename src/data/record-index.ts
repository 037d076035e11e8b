/**
 * The thin row the interview list reads for a record (see db.ts), kept apart from records.ts so
 * that the database's upgrade can rebuild the index with it.
 */
import { shortReference } from '../core/record';
import { nameSearchText } from '../core/text';
import type { LocalRecord, RecordIndexRow } from './db';

export function indexRowOf(record: LocalRecord): RecordIndexRow {
  const reference = shortReference(record.recordId);
  return {
    recordId: record.recordId,
    status: record.status,
    displayName: record.displayName,
    // The name as written and in other scripts' spellings (core/text/transliterate.ts). The
    // reference is searchable too: it is what a person quotes on the phone, and all that
    // identifies a refusal.
    searchText: nameSearchText(record.displayName, reference),
    shortReference: reference,
    refused: record.consent?.events[0]?.event_type === 'refused',
    applicantLang: record.interview.applicantLang,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/**
 * The interview record shared by the tablet and the server: its payload
 * schema, the payload hash, and the checks an entry must pass before the
 * server stores it. The one entry point of this folder.
 */
export {
  interviewRecordSchema,
  interviewSchema,
  validateRecordEntry,
  validatedRecordEntry,
} from './record';
export { answersWithout } from './answers-without';
export { payloadHash } from './payload-hash';
export type { Interview, InterviewRecord, RecordEntryContext, RecordEntryVerdict, Sha256Hex } from './record';
export { normalizeShortReference, shortReference } from './short-reference';
export { personMatchText } from './person-key';
export type { PersonReference } from './person-key';
export { formForConsent, recordNoticeVersion, storageRequirements, uncoveredAnswers } from './consent-scope';
export { mappedFormFor, noticeVersionsWithMapping } from './mapped-form';

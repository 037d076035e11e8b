/**
 * Consent: the privacy notice as a hashed, versioned artifact, and the append-only consent record.
 * This is the one entry point; import nothing else from this folder.
 */
export { sha256Hex } from './sha256';

export {
  noticeArtifactSchema,
  noticeBlocks,
  noticeRef,
  translationProblems,
  verifyNoticeHash,
} from './notice';
export type { NoticeArtifact, NoticeBlock } from './notice';

export {
  ConsentRuleError,
  appendWithdrawal,
  consentRecordSchema,
  consentRecordSchemaFor,
  consentState,
  createConsentRecord,
  isEvidenceUnchanged,
  mayProcess,
  mayReceive,
  toConsentReceipt,
  undecidedItems,
  withServerReceivedAt,
} from './record';
export { consentOverview } from './history';
export type { ConsentItemHistory, ConsentItemStep, ConsentOverview } from './history';

export type {
  ConsentCaptureInput,
  ConsentChannel,
  ConsentDecision,
  ConsentEvent,
  ConsentEventActor,
  ConsentEvidence,
  ConsentReceipt,
  ConsentReceiptItem,
  ConsentRecord,
  ConsentState,
  ConsentStatus,
  DecisionDraft,
  WithdrawalRequest,
} from './record';

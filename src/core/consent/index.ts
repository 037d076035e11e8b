/**
 * Consent: the privacy notice as a hashed, versioned artifact, and the append-only consent record.
 * This is the one entry point; import nothing else from this folder.
 */
export { sha256Hex } from './sha256';

export { contentIdSchema, noticeArtifactSchema } from './notice-schema';
export {
  noticeBlocks,
  noticeRef,
  translationProblems,
  verifyNoticeHash,
  noticeHash,
  noticeHashInput,
  SCHEME_2_UI_KEYS,
} from './notice';
export type { NoticeArtifact, NoticeBlock } from './notice';

export {
  DEPLOYMENT_SETTINGS_ID,
  MAX_SETTING_LENGTH,
  filledNotice,
  fillPlaceholders,
  missingSettings,
  noticePlaceholders,
  settingKeys,
  settingKinds,
  settingProblem,
  settingValuesProblems,
  settingsSha256,
} from './settings';
export type { DeploymentSettings, SettingKey, SettingProblemCode, SettingValues } from './settings';
export { deploymentSettingsSchema } from './settings-schema';

export {
  ConsentRuleError,
  consentRecordSchema,
  consentRecordSchemaFor,
} from './schema';
export type {
  ConsentChannel,
  ConsentDecision,
  ConsentEvent,
  ConsentEventActor,
  ConsentEvidence,
  ConsentRecord,
  ConsentState,
  ConsentStatus,
} from './schema';

export { coreRefused, createConsentRecord, undecidedItems, RECIPIENTS_PURPOSE, recipientsPurposeOf, recipientsBlocked, recipientsWithoutReferral } from './capture';
export type { ConsentCaptureInput, DecisionDraft } from './capture';

export { consentState, mayProcess, mayReceive } from './state';

export { consentOverview } from './history';
export type { ConsentItemHistory, ConsentItemStep, ConsentOverview } from './history';

export { appendWithdrawal, isEvidenceUnchanged, withServerReceivedAt } from './withdrawal';
export type { WithdrawalRequest } from './withdrawal';

export { consentProofOf, replayedState, withServerWithdrawals } from './proof';
export type { ConsentHistoryInput, ConsentProof } from './proof';

export { toConsentReceipt } from './receipt';
export type { ConsentReceipt, ConsentReceiptItem } from './receipt';

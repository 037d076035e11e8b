/**
 * Consent: the privacy notice as a hashed, versioned artifact, and the append-only consent record.
 * This is the one entry point; import nothing else from this folder.
 */
export { sha256Hex } from './sha256';

export { contentIdSchema, noticeArtifactSchema } from './notice-schema';
export { noticeBlocks, translationProblems, SCHEME_2_UI_KEYS } from './notice';
export { noticeRef, verifyNoticeHash, noticeHash, noticeHashInput } from './notice-hash';
export type { NoticeArtifact, NoticeBlock } from './notice';

export {
  DEPLOYMENT_SETTINGS_ID,
  filledNotice,
  fillPlaceholders,
  missingSettings,
  noticePlaceholders,
  settingKeys,
  settingsSha256,
} from './settings';
export type { DeploymentSettings, SettingKey, SettingValues } from './settings';
export { MAX_SETTING_LENGTH, settingKinds, settingProblem, settingValuesProblems } from './setting-values';
export type { SettingProblemCode } from './setting-values';
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

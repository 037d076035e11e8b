/**
 * Encryption at rest for the tablet (issue #12): the data key, the record envelope, the data key
 * wrapped by PIN/passphrase (Argon2id) and for the organisation's recovery key (ECDH P-256).
 * WebCrypto (`crypto.subtle`) on both platforms: the browser's, and Node's global one.
 */
export { CryptoError, isCryptoError, type CryptoErrorCode } from './errors';
export { createDataKeyMaterial, importDataKey, forget, keyIdText, DATA_KEY_BYTES, KEY_ID_BYTES, type DataKey, type DataKeyMaterial } from './data-key';
export { seal, open, envelopeKeyId, ENVELOPE_VERSION, MIN_ENVELOPE_BYTES, type EnvelopeContext } from './envelope';
export {
  wrapWithSecret,
  unwrapWithSecret,
  parseSecretWrappedKey,
  deriveSecretKey,
  normaliseSecret,
  DEFAULT_ARGON2ID,
  ARGON2ID_BOUNDS,
  type Argon2idParameters,
  type SecretWrappedKey,
  type SecretDerivation,
} from './secret-wrap';
export {
  createRecoveryKeyPair,
  parseRecoveryPublicKey,
  wrapForRecovery,
  unwrapWithRecovery,
  parseRecoveryWrappedKey,
  formatRecoveryPrivateKey,
  parseRecoveryPrivateKey,
  type RecoveryPublicKey,
  type RecoveryWrappedKey,
  type RecoveryKeyPair,
} from './recovery';
export { secretProblem, checkSecretPolicy, DEFAULT_SECRET_POLICY, MIN_PIN_DIGITS, MIN_PASSPHRASE_CHARACTERS, type SecretPolicy, type SecretProblem } from './policy';
export { toBase64Url, fromBase64Url, fromUtf8 } from './bytes';
export { RECOVERY_KEY_ARTIFACT_ID, DEVICE_POLICY_ARTIFACT_ID, DEFAULT_INACTIVITY_MINUTES, DEFAULT_HIDDEN_MINUTES, DEFAULT_DEVICE_POLICY } from './artifact-ids';
// The artifacts' zod schemas are not re-exported here: importing them from './artifact' keeps zod
// out of the tablet's entry chunk (only the lazily loaded artifact checks and the server need them).
export type { RecoveryKeyArtifact, ServerKeyArtifact, DevicePolicyValues, DevicePolicyArtifact } from './artifact';
export {
  createServerKeyPair,
  parseServerPublicKey,
  sealForServer,
  openForServer,
  parseServerSealed,
  decodeServerSealed,
  importServerPrivateKey,
  serverSealAssociatedData,
  SERVER_SEAL_INFO,
  SERVER_SEAL_VERSION,
  OPENED_SERVER_SEAL_VERSIONS,
  MAX_SEALED_PLAINTEXT,
  SERVER_KEY_ARTIFACT_ID,
  type ServerPublicKey,
  type ServerKeyPair,
  type ServerSealed,
  type SealContext,
} from './server-seal';
export { createRecoveryRequest, parseRecoveryRequest, answerRecoveryRequest, redeemRecoveryCode, type RecoveryRequest } from './recovery-code';

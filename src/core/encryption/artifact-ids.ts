/**
 * The ids and defaults of the encryption artifacts, without their schemas: what the tablet's
 * start needs (the device policy's defaults, the artifact ids) without loading zod, which only the
 * artifact checks (src/data/artifact-checks.ts, loaded when an artifact arrives) and the server use.
 */
import type { DevicePolicyValues } from './artifact';

export const RECOVERY_KEY_ARTIFACT_ID = 'organisation';
export const DEVICE_POLICY_ARTIFACT_ID = 'tablets';
export const DEFAULT_INACTIVITY_MINUTES = 5;
export const DEFAULT_HIDDEN_MINUTES = 1;
export const DEFAULT_DEVICE_POLICY: DevicePolicyValues = { inactivityMinutes: DEFAULT_INACTIVITY_MINUTES, hiddenMinutes: DEFAULT_HIDDEN_MINUTES };

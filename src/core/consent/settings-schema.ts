/**
 * The schema of the deployment settings artifact (settings.ts): checked when settings are
 * published on the server and when a tablet pulls them, not when they are read back.
 */
import { z } from 'zod';
import { DEPLOYMENT_SETTINGS_ID, settingKeys, type DeploymentSettings, type SettingKey } from './settings';
import { settingProblem } from './setting-values';
import { MAX_STORED_INT } from '../limits';

const settingValuesSchema = z.strictObject(
  Object.fromEntries(settingKeys.map((key) => [key, z.string()])) as Record<SettingKey, z.ZodString>,
).superRefine((values, ctx) => {
  for (const key of settingKeys) {
    const problem = settingProblem(key, values[key]);
    if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
  }
});

/** The published settings artifact; every version holds every value (not a patch of the one before). */
export const deploymentSettingsSchema = z.strictObject({
  id: z.literal(DEPLOYMENT_SETTINGS_ID),
  version: z.int().positive().max(MAX_STORED_INT),
  values: settingValuesSchema,
});

// Checked by the compiler: the schema and the interface describe the same artifact.
type Parsed = z.infer<typeof deploymentSettingsSchema>;
const _sameShape: [Parsed] extends [DeploymentSettings] ? ([DeploymentSettings] extends [Parsed] ? true : false) : false = true;

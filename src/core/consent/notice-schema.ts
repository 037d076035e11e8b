/**
 * The notice artifact's schema (zod), apart from the functions over a notice (`notice.ts`): a
 * screen that shows or hashes a notice already checked when it was pulled need not load zod.
 */
import { z } from 'zod';
import { sha256HexSchema } from '../sync/index';
import { languageTagSchema } from '../text/index';
import { hasVisibleText, noticeTextProblems, SCHEME_2_UI_KEYS } from './notice';
import { MAX_STORED_INT } from '../limits';

const visibleText = z.string().refine(hasVisibleText, 'must not be blank');

/** Stable machine id shared by every language of a notice, e.g. `agentur-fuer-arbeit`. */
export const contentIdSchema = z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'expected a kebab-case id');


const labelledItemSchema = z.strictObject({
  id: contentIdSchema,
  label: visibleText,
  description: visibleText,
});

/**
 * Short texts the decision screen and the receipt show to the applicant, in the notice's language.
 * They live with the notice (not in the UI locales) because they belong to what the applicant
 * agreed to, and the UI locales cover only the interviewer's languages.
 */
const noticeUiSchema = z.strictObject({
  accept: visibleText,
  refuse: visibleText,
  acceptAll: visibleText,
  refuseAll: visibleText,
  decisionQuestion: visibleText,
  purposesHeading: visibleText,
  recipientsHeading: visibleText,
  readAloud: visibleText,
  signHere: visibleText,
  markHere: visibleText,
  clearSignature: visibleText,
  confirm: visibleText,
  receiptTitle: visibleText,
  receiptAccepted: visibleText,
  receiptRefused: visibleText,
  receiptWithdrawn: visibleText,
  receiptNothingAccepted: visibleText,
  receiptDate: visibleText,
  receiptNoticeVersion: visibleText,
  howToWithdraw: visibleText,
  draftTranslation: visibleText,
  // From notice@2 on (notice@1 was published without them): the receipt's withdrawal lines, its
  // name, interviewer and short reference, and the reassurance a refusal shows.
  withdrawHeading: visibleText.optional(),
  withdrawByPhone: visibleText.optional(),
  withdrawByEmail: visibleText.optional(),
  withdrawByLetter: visibleText.optional(),
  receiptApplicant: visibleText.optional(),
  receiptInterviewer: visibleText.optional(),
  receiptReference: visibleText.optional(),
  refusalReassurance: visibleText.optional(),
  // From notice@3 on (hash scheme 2, required there): the explicit health item's heading, the core
  // purpose's note and the refusal it leads to, the minor's and the guardian's own statements, the
  // confidentiality note a family interpreter confirms, and the receipt's guardian line.
  explicitHeading: visibleText.optional(),
  corePurposeNote: visibleText.optional(),
  coreRefusal: visibleText.optional(),
  minorAgreement: visibleText.optional(),
  guardianHeading: visibleText.optional(),
  guardianConsent: visibleText.optional(),
  interpreterConfidentiality: visibleText.optional(),
  interpreterConfirm: visibleText.optional(),
  receiptGuardian: visibleText.optional(),
});

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

/** The published notice artifact, one per language and version. */
export const noticeArtifactSchema = z
  .strictObject({
    id: contentIdSchema,
    version: z.int().positive().max(MAX_STORED_INT),
    lang: languageTagSchema,
    dir: z.enum(['ltr', 'rtl']),
    script: z.enum(['Latn', 'Arab', 'Ethi', 'Cyrl']),
    languageName: visibleText,
    reviewState: z.enum(['reviewed', 'draft']),
    reviewedBy: visibleText.optional(),
    /**
     * How `sha256` is computed: absent (scheme 1, notice@1 and @2) the UTF-8 bytes of `text`;
     * 2 (notice@3 on) everything the applicant reads before deciding (`noticeHashInput`).
     */
    hashScheme: z.literal(2).optional(),
    title: visibleText,
    text: z.string(),
    /**
     * The purpose without which nothing else happens (notice@3 on): refusing it ends the interview
     * as a refusal record. Absent on notice@1 and @2, which were published without one.
     */
    corePurpose: contentIdSchema.optional(),
    purposes: z.array(labelledItemSchema).min(1),
    /**
     * Decisions besides the purposes that a special category needs (Art. 9(2)(a) GDPR), each its
     * own yes/no, e.g. `health` for the work-restriction question (notice@3 on).
     */
    explicitConsents: z.array(labelledItemSchema).optional(),
    recipients: z.array(labelledItemSchema),
    ui: noticeUiSchema,
    sha256: sha256HexSchema,
    /**
     * Set only on a notice filled from the deployment settings (`filledNotice`): the settings
     * version used, `sha256` then being the hash of the filled text. Never part of a published file.
     */
    settings: z.strictObject({ version: z.int().positive(), sha256: sha256HexSchema }).optional(),
  })
  .superRefine((notice, ctx) => {
    for (const message of noticeTextProblems(notice.text)) ctx.addIssue({ code: 'custom', path: ['text'], message });
    if ((notice.reviewState === 'reviewed') !== (notice.reviewedBy !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reviewedBy'],
        message: 'reviewedBy is required for a reviewed text and not allowed for a draft',
      });
    }
    const expectedDir = notice.script === 'Arab' ? 'rtl' : 'ltr';
    if (notice.dir !== expectedDir) {
      ctx.addIssue({ code: 'custom', path: ['dir'], message: `script ${notice.script} is written ${expectedDir}` });
    }
    for (const list of ['purposes', 'recipients', 'explicitConsents'] as const) {
      for (const id of duplicates((notice[list] ?? []).map((item) => item.id))) {
        ctx.addIssue({ code: 'custom', path: [list], message: `duplicate id ${id}` });
      }
    }
    if (notice.corePurpose !== undefined && !notice.purposes.some((p) => p.id === notice.corePurpose)) {
      ctx.addIssue({ code: 'custom', path: ['corePurpose'], message: `${notice.corePurpose} is not one of the purposes` });
    }
    if (notice.hashScheme === 2) {
      if (notice.corePurpose === undefined) ctx.addIssue({ code: 'custom', path: ['corePurpose'], message: 'a scheme 2 notice names its core purpose' });
      for (const key of SCHEME_2_UI_KEYS) {
        if (notice.ui[key] === undefined) ctx.addIssue({ code: 'custom', path: ['ui', key], message: 'required from hash scheme 2 on' });
      }
    } else if (notice.corePurpose !== undefined || notice.explicitConsents !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['hashScheme'], message: 'a notice with a core purpose or explicit consents is hashed with scheme 2, which covers them' });
    }
  });

/** A published notice text in one language; see `content/notices/`. */
export type NoticeArtifact = z.infer<typeof noticeArtifactSchema>;

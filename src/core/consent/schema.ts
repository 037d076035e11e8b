/**
 * The consent record's schema: who was shown which notice text, how, what they decided about each
 * purpose and each recipient, the evidence, and every later event (withdrawals). Field names follow
 * ISO/IEC TS 27560:2023 where they fit, so a record exports as a standard consent receipt.
 *
 * A record is append-only: evidence never changes after capture; a withdrawal is one more event.
 * The current state is never stored, it is always replayed from the events (`replayEvents`).
 */
import { z } from 'zod';
import { sha256HexSchema } from '../sync/index';
import { languageTagSchema } from '../text/index';
import { noticeRef, type NoticeArtifact } from './notice';
import { contentIdSchema } from './notice-schema';
import { ConsentRuleError, replayEvents, type ConsentState } from './replay';

// Replaying needs no schema: it lives in replay.ts, so reading a record's state does not build these.
export { ConsentRuleError, replayEvents, type ConsentState };

const visibleText = z.string().refine((value) => /\S/.test(value), 'must not be blank');
const isoTime = z.iso.datetime({ offset: true });

const decisionSchema = z.enum(['accepted', 'refused']);
const decisionsSchema = z.record(contentIdSchema, decisionSchema);
const statusSchema = z.enum(['given', 'refused', 'withdrawn']);

const staffMemberSchema = z.strictObject({ id: visibleText, name: visibleText });
const assistingPartySchema = z.strictObject({
  name: visibleText,
  /** What the person is, in words, e.g. "Sprachmittlerin", "Sozialarbeiter der Unterkunft". */
  role: visibleText,
});
/**
 * The interpreter: from notice@3 on also `kind` — a professional interpreter, or a family member
 * or acquaintance (who then confirms the confidentiality note, `interpreter_confidentiality`).
 */
const interpreterSchema = assistingPartySchema.extend({
  kind: z.enum(['professional', 'family_or_acquaintance']).optional(),
});
/** Which of the listed assisting parties attests: they are the only ones who can. */
const attestingPartySchema = z.enum(['interpreter', 'witness']);

const strokePointSchema = z.strictObject({ x: z.number(), y: z.number(), t: z.number() });
const strokesSchema = z.array(z.array(strokePointSchema).min(1)).min(1);
const pngDataUrlSchema = z.string().regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'expected a PNG data URL');

const evidenceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('signature'), strokes: strokesSchema, png: pngDataUrlSchema }),
  z.strictObject({
    kind: z.literal('mark'),
    attestedBy: z.strictObject({
      name: visibleText,
      role: attestingPartySchema,
      /**
       * The attester's own signature. Added after the first field trial: optional in the schema so
       * records captured before stay valid; the tablet asks for it on every new mark.
       */
      signature: z.strictObject({ strokes: strokesSchema, png: pngDataUrlSchema }).optional(),
    }),
    /** The drawn mark itself, where the applicant made one. */
    strokes: strokesSchema.optional(),
    png: pngDataUrlSchema.optional(),
  }),
]);

const eventActorSchema = z.strictObject({
  role: z.enum(['interviewer', 'coordinator']),
  id: visibleText,
  name: visibleText,
});

const eventSchema = z.strictObject({
  event_type: statusSchema,
  /** Device time; informative only, order comes from the position in `events`. */
  event_time: isoTime,
  /** The consent status right after this event. */
  event_state: statusSchema,
  actor: eventActorSchema,
  channel: z.enum(['in_person', 'phone', 'email', 'letter']),
  /** Only on a partial withdrawal: what is withdrawn. A withdrawal without scope ends everything. */
  // `explicit_consents` (issue #14): an explicit consent item withdrawn on its own (health, Art. 9(2)(a)); absent before.
  scope: z.strictObject({ recipients: z.array(contentIdSchema), purposes: z.array(contentIdSchema), explicit_consents: z.array(contentIdSchema).optional() }).optional(),
  /** Stamped by the server when it first stores the event. */
  server_received_at: isoTime.optional(),
});

const consentRecordShape = z.strictObject({
  record_id: z.uuid(),
  interview_id: z.uuid(),
  /** The interview's person reference; the consent record holds no other personal data. */
  pii_principal_id: visibleText.max(200),
  parties: z.strictObject({
    interviewer: staffMemberSchema,
    interpreter: interpreterSchema.optional(),
    witness: assistingPartySchema.optional(),
  }),
  privacy_notice: z.strictObject({
    id: contentIdSchema,
    version: z.int().positive(),
    language: languageTagSchema,
    sha256: sha256HexSchema,
    /**
     * The deployment settings version the notice's placeholders were filled with; `sha256` is then
     * the hash of the filled text the applicant read. Absent for a notice without placeholders.
     */
    settings_version: z.int().positive().optional(),
    /** 2 from notice@3 on: `sha256` covers everything read before deciding (`noticeHashInput`); absent: the text only. */
    hash_scheme: z.literal(2).optional(),
  }),
  reference_notice: z.strictObject({ version: z.int().positive(), sha256: sha256HexSchema }),
  language: languageTagSchema,
  collection_method: z.enum(['read_by_applicant', 'read_aloud', 'interpreted']),
  interpreted_by: visibleText.optional(),
  purposes: decisionsSchema,
  recipient_third_parties: decisionsSchema,
  /**
   * From notice@3 on: the purpose without which nothing happens (the notice's `corePurpose`).
   * Refusing it makes the record a refusal; withdrawing it withdraws everything.
   */
  core_purpose: contentIdSchema.optional(),
  /** From notice@3 on: each explicit consent item of the notice (Art. 9(2)(a)), e.g. `health`. */
  explicit_consents: decisionsSchema.optional(),
  /**
   * From notice@3 on: the person's age in whole years when deciding, asked before consent (from
   * the date of birth, or stated). Under 18 a guardian consents too; from 16 the person's own
   * evidence is their own agreement, under 16 the guardian's evidence alone is enough.
   */
  age_at_consent: z.int().min(0).max(130).optional(),
  guardian: z
    .strictObject({
      name: visibleText,
      /** In words: "Mutter", "Vater", "Vormund (Jugendamt)". */
      role: visibleText,
      evidence: z.strictObject({ kind: z.literal('signature'), strokes: strokesSchema, png: pngDataUrlSchema }),
    })
    .optional(),
  /** A family or acquaintance interpreter confirmed the notice's confidentiality note (`ui.interpreterConfidentiality`). */
  interpreter_confidentiality: z.strictObject({ confirmed_at: isoTime }).optional(),
  lawful_basis: z.array(z.enum(['GDPR-6-1-a', 'GDPR-9-2-a'])),
  jurisdiction: z.literal('DE-NI'),
  withdrawal_method: visibleText,
  evidence: evidenceSchema.optional(),
  /** For a notice read aloud or interpreted: the interpreter or witness confirms it was conveyed. */
  reading_attestation: z
    .strictObject({ name: visibleText, role: attestingPartySchema, at: isoTime })
    .optional(),
  interviewer_attestation: z.strictObject({ name: visibleText, at: isoTime }),
  events: z.array(eventSchema).min(1),
});

/** An accept or refuse the applicant chose explicitly; there is no default. */
export type ConsentDecision = z.infer<typeof decisionSchema>;
/** `given` while at least one purpose is accepted and not withdrawn. */
export type ConsentStatus = z.infer<typeof statusSchema>;
/** Signature (strokes and PNG) or the applicant's mark attested by the interpreter or witness. */
export type ConsentEvidence = z.infer<typeof evidenceSchema>;
/** One entry in the record's append-only history. */
export type ConsentEvent = z.infer<typeof eventSchema>;
/** The staff member who took the applicant's declaration (the applicant always decides). */
export type ConsentEventActor = z.infer<typeof eventActorSchema>;
/** How the applicant declared it. */
export type ConsentChannel = ConsentEvent['channel'];

type RecordShape = z.infer<typeof consentRecordShape>;

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase('de') === b.trim().toLocaleLowerCase('de');
}

/** Rules that need only the record itself; the notice-dependent ones are in `consentRecordSchemaFor`. */
function consentRecordProblems(record: RecordShape): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ path, message });
  const { parties } = record;

  for (const message of replayEvents(record).problems) add(['events'], message);

  const [firstEvent] = record.events;
  if (firstEvent !== undefined) {
    if (firstEvent.channel !== 'in_person') add(['events', 0, 'channel'], 'consent is captured in person');
    if (firstEvent.actor.role !== 'interviewer' || firstEvent.actor.id !== parties.interviewer.id) {
      add(['events', 0, 'actor'], 'the interviewer records the first event');
    }
  }

  if (Object.keys(record.purposes).length === 0) add(['purposes'], 'a record decides at least one purpose');
  if (record.lawful_basis[0] !== 'GDPR-6-1-a' || duplicates(record.lawful_basis).length > 0) {
    add(['lawful_basis'], 'lawful_basis is GDPR-6-1-a, optionally followed by GDPR-9-2-a');
  }
  if (record.language !== record.privacy_notice.language) {
    add(['language'], 'language must be the language of the notice shown');
  }
  if (record.reference_notice.version !== record.privacy_notice.version) {
    add(['reference_notice', 'version'], 'the German reference must be the same notice version');
  }
  if (record.language === 'de' && record.reference_notice.sha256 !== record.privacy_notice.sha256) {
    add(['reference_notice', 'sha256'], 'a German notice is its own reference');
  }
  if (!sameName(record.interviewer_attestation.name, parties.interviewer.name)) {
    add(['interviewer_attestation', 'name'], 'the interviewer attests under their own name');
  }
  if (record.interpreted_by !== undefined && record.collection_method !== 'interpreted') {
    add(['interpreted_by'], 'interpreted_by belongs to collection_method interpreted');
  }

  const isRefusal = firstEvent?.event_type === 'refused';
  const healthAccepted = record.explicit_consents?.health === 'accepted';
  if (record.explicit_consents !== undefined && record.lawful_basis.includes('GDPR-9-2-a') !== healthAccepted) {
    add(['lawful_basis'], 'GDPR-9-2-a is named exactly when the explicit consent for health is accepted');
  }
  if (record.explicit_consents !== undefined && !isRefusal && Object.values(record.explicit_consents).includes('accepted') && record.core_purpose !== undefined && record.purposes[record.core_purpose] !== 'accepted') {
    add(['explicit_consents'], 'an explicit consent counts only with the core purpose');
  }
  if (record.core_purpose !== undefined && record.purposes[record.core_purpose] === 'refused' && !isRefusal) {
    add(['purposes', record.core_purpose], 'refusing the core purpose makes the record a refusal');
  }
  if (isRefusal) {
    // A refusal keeps only what is needed not to ask again: no signature, no third persons' names.
    const extras = (['evidence', 'reading_attestation', 'interpreted_by', 'guardian', 'interpreter_confidentiality', 'age_at_consent'] as const).filter((key) => record[key] !== undefined);
    for (const key of extras) add([key], `a refusal record is minimal and has no ${key}`);
    if (parties.interpreter !== undefined || parties.witness !== undefined) {
      add(['parties'], 'a refusal record is minimal and names no interpreter or witness');
    }
    return problems;
  }

  const attesterMatches = (attester: { name: string; role: 'interpreter' | 'witness' }) => {
    const party = parties[attester.role];
    return party !== undefined && sameName(party.name, attester.name) && !sameName(attester.name, parties.interviewer.name);
  };
  const attestationRule = 'must be a listed interpreter or witness other than the interviewer';

  const age = record.age_at_consent;
  if (age !== undefined && age < 18 && record.guardian === undefined) add(['guardian'], 'under 18 a guardian consents too (name, role, signature)');
  if (age !== undefined && age >= 18 && record.guardian !== undefined) add(['guardian'], 'a guardian consents only for a person under 18');
  if (record.guardian !== undefined && sameName(record.guardian.name, parties.interviewer.name)) add(['guardian', 'name'], 'the interviewer cannot be the guardian');
  // Under 16 the guardian's signature is the evidence; from 16 the person's own is needed too.
  const guardianAlone = age !== undefined && age < 16 && record.guardian !== undefined;
  if (record.evidence === undefined && !guardianAlone) add(['evidence'], 'consent needs a signature or an attested mark');
  const interpreterKind = parties.interpreter?.kind;
  if ((interpreterKind === 'family_or_acquaintance') !== (record.interpreter_confidentiality !== undefined)) {
    add(['interpreter_confidentiality'], 'a family or acquaintance interpreter, and only they, confirm the confidentiality note');
  }
  if (record.evidence?.kind === 'mark' && !attesterMatches(record.evidence.attestedBy)) {
    add(['evidence', 'attestedBy'], `whoever attests a mark ${attestationRule}`);
  }
  if (record.collection_method !== 'read_by_applicant') {
    if (record.reading_attestation === undefined) {
      add(['reading_attestation'], 'a notice read aloud or interpreted needs an interpreter or witness attestation');
    } else if (!attesterMatches(record.reading_attestation)) {
      add(['reading_attestation'], `whoever attests the reading ${attestationRule}`);
    }
  }
  if (record.collection_method === 'interpreted') {
    if (parties.interpreter === undefined) add(['parties', 'interpreter'], 'an interpreted notice needs the interpreter');
    if (record.interpreted_by === undefined || parties.interpreter === undefined || !sameName(record.interpreted_by, parties.interpreter.name)) {
      add(['interpreted_by'], 'interpreted_by must name the listed interpreter');
    }
  }
  return problems;
}

/**
 * A consent record, checked for every rule that needs no notice: explicit decisions, a valid
 * event history, attestations for applicants who cannot read, minimal refusals.
 * Use `consentRecordSchemaFor(notice)` to also check that every purpose and recipient named by the
 * notice has a decision.
 */
export const consentRecordSchema = consentRecordShape.superRefine((record, ctx) => {
  for (const { path, message } of consentRecordProblems(record)) ctx.addIssue({ code: 'custom', path, message });
});

/** The consent record; see `README.md` in this folder for the meaning of each field. */
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

function missingAndUnknown(decided: readonly string[], named: readonly string[]) {
  return {
    missing: named.filter((id) => !decided.includes(id)),
    unknown: decided.filter((id) => !named.includes(id)),
  };
}

// A schema is compiled on its first parse; building one per record made the server's push
// validation ~15x slower. Published notices are immutable, so one schema per notice object serves.
const schemasByNotice = new WeakMap<NoticeArtifact, ReturnType<typeof buildSchemaFor>>();

/**
 * `consentRecordSchema` plus the rules that need the notice the record points at: the record
 * refers to exactly this text, and every purpose and recipient it names has a decision and
 * nothing else has one. The server parses incoming records with this.
 */
export function consentRecordSchemaFor(notice: NoticeArtifact) {
  let schema = schemasByNotice.get(notice);
  if (!schema) {
    schema = buildSchemaFor(notice);
    schemasByNotice.set(notice, schema);
  }
  return schema;
}

function buildSchemaFor(notice: NoticeArtifact) {
  const ref = noticeRef(notice);
  return consentRecordSchema.superRefine((record, ctx) => {
    const shown = record.privacy_notice;
    if (
      shown.id !== ref.id || shown.version !== ref.version || shown.language !== ref.lang || shown.sha256 !== ref.sha256
      || shown.settings_version !== ref.settingsVersion
    ) {
      ctx.addIssue({ code: 'custom', path: ['privacy_notice'], message: `the record does not refer to ${ref.id}@${ref.version}/${ref.lang}` });
    }
    const lists = [
      ['purposes', record.purposes, notice.purposes],
      ['recipient_third_parties', record.recipient_third_parties, notice.recipients],
    ] as const;
    for (const [key, decisions, named] of lists) {
      const { missing, unknown } = missingAndUnknown(Object.keys(decisions), named.map((item) => item.id));
      for (const id of missing) ctx.addIssue({ code: 'custom', path: [key, id], message: `no decision for ${id}` });
      for (const id of unknown) ctx.addIssue({ code: 'custom', path: [key, id], message: `${id} is not named by the notice` });
    }
    if (notice.explicitConsents !== undefined) {
      const decided = record.explicit_consents;
      if (decided === undefined) {
        ctx.addIssue({ code: 'custom', path: ['explicit_consents'], message: 'the notice asks for explicit consents: each needs a decision' });
      } else {
        const { missing, unknown } = missingAndUnknown(Object.keys(decided), notice.explicitConsents.map((item) => item.id));
        for (const id of missing) ctx.addIssue({ code: 'custom', path: ['explicit_consents', id], message: `no decision for ${id}` });
        for (const id of unknown) ctx.addIssue({ code: 'custom', path: ['explicit_consents', id], message: `${id} is not named by the notice` });
      }
    } else if (record.explicit_consents !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['explicit_consents'], message: 'the notice names no explicit consents' });
    }
    if (record.core_purpose !== notice.corePurpose) {
      ctx.addIssue({ code: 'custom', path: ['core_purpose'], message: `the notice's core purpose is ${notice.corePurpose ?? 'none'}` });
    }
    if (shown.hash_scheme !== notice.hashScheme) {
      ctx.addIssue({ code: 'custom', path: ['privacy_notice', 'hash_scheme'], message: `the notice is hashed with scheme ${notice.hashScheme ?? 1}` });
    }
    if (notice.hashScheme === 2) {
      const isRefusal = record.events[0]?.event_type === 'refused';
      // Asked before consent from notice@3 on; a refusal stays minimal and does not keep it.
      if (record.age_at_consent === undefined && !isRefusal) ctx.addIssue({ code: 'custom', path: ['age_at_consent'], message: 'the age is asked before consent' });
      if (record.parties.interpreter !== undefined && record.parties.interpreter.kind === undefined) {
        ctx.addIssue({ code: 'custom', path: ['parties', 'interpreter', 'kind'], message: 'the interpreter is professional or a family member or acquaintance' });
      }
    }
  });
}

/** A device or server time as the record stores it; refuses an invalid date. */
export function isoTimeOf(now: Date): string {
  if (Number.isNaN(now.getTime())) throw new ConsentRuleError(['the time is not a valid date']);
  return now.toISOString();
}

/** Zod's issues as the one-sentence problems of a `ConsentRuleError`. */
export function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`);
}

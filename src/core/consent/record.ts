/**
 * The consent record: who was shown which notice text, how, what they decided about each purpose
 * and each recipient, the evidence, and every later event (withdrawals). Field names follow
 * ISO/IEC TS 27560:2023 where they fit, so a record exports as a standard consent receipt.
 *
 * A record is append-only: evidence never changes after capture; a withdrawal is one more event.
 * The current state is never stored, it is always replayed from the events (`consentState`).
 */
import { z } from 'zod';
import { sha256HexSchema } from '../sync/index';
import { languageTagSchema } from '../text/index';
import {
  contentIdSchema,
  noticeRef,
  translationProblems,
  verifyNoticeHash,
  type NoticeArtifact,
} from './notice';

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
/** Which of the listed assisting parties attests: they are the only ones who can. */
const attestingPartySchema = z.enum(['interpreter', 'witness']);

const strokePointSchema = z.strictObject({ x: z.number(), y: z.number(), t: z.number() });
const strokesSchema = z.array(z.array(strokePointSchema).min(1)).min(1);
const pngDataUrlSchema = z.string().regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'expected a PNG data URL');

const evidenceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('signature'), strokes: strokesSchema, png: pngDataUrlSchema }),
  z.strictObject({
    kind: z.literal('mark'),
    attestedBy: z.strictObject({ name: visibleText, role: attestingPartySchema }),
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
  scope: z.strictObject({ recipients: z.array(contentIdSchema), purposes: z.array(contentIdSchema) }).optional(),
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
    interpreter: assistingPartySchema.optional(),
    witness: assistingPartySchema.optional(),
  }),
  privacy_notice: z.strictObject({
    id: contentIdSchema,
    version: z.int().positive(),
    language: languageTagSchema,
    sha256: sha256HexSchema,
  }),
  reference_notice: z.strictObject({ version: z.int().positive(), sha256: sha256HexSchema }),
  language: languageTagSchema,
  collection_method: z.enum(['read_by_applicant', 'read_aloud', 'interpreted']),
  interpreted_by: visibleText.optional(),
  purposes: decisionsSchema,
  recipient_third_parties: decisionsSchema,
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

/** The current meaning of a record, replayed from its events. */
export interface ConsentState {
  readonly status: ConsentStatus;
  /** Recipient ids that may receive data from now on, in the notice's order. */
  readonly acceptedRecipients: readonly string[];
  /** Purpose ids the data may be used for from now on, in the notice's order. */
  readonly acceptedPurposes: readonly string[];
}

/** A rule of the consent domain was broken; `problems` says which, one sentence each. */
export class ConsentRuleError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`consent rule violated: ${problems.join('; ')}`);
    this.name = 'ConsentRuleError';
    this.problems = problems;
  }
}

type RecordShape = z.infer<typeof consentRecordShape>;

function acceptedIds(decisions: Readonly<Record<string, ConsentDecision>>): string[] {
  return Object.keys(decisions).filter((id) => decisions[id] === 'accepted');
}

function duplicates(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

const NOTHING: ConsentState = { status: 'refused', acceptedRecipients: [], acceptedPurposes: [] };

/** Replays the events; a problem list instead of an exception so the schema can report all. */
function replayEvents(record: RecordShape): { state: ConsentState; problems: string[] } {
  const problems: string[] = [];
  let state: ConsentState = NOTHING;
  record.events.forEach((event, index) => {
    const at = `event ${index} (${event.event_type})`;
    if (index === 0) {
      if (event.scope !== undefined) problems.push(`${at} cannot have a scope`);
      const purposes = acceptedIds(record.purposes);
      const recipients = acceptedIds(record.recipient_third_parties);
      if (event.event_type === 'given') {
        if (purposes.length === 0) problems.push(`${at}: consent needs at least one accepted purpose`);
        state = { status: 'given', acceptedPurposes: purposes, acceptedRecipients: recipients };
      } else if (event.event_type === 'refused') {
        if (purposes.length > 0 || recipients.length > 0) {
          problems.push(`${at}: a refusal cannot accept anything`);
        }
        state = NOTHING;
      } else {
        problems.push(`${at}: the first event must be given or refused`);
      }
    } else if (event.event_type !== 'withdrawn') {
      problems.push(`${at}: after the first event only withdrawals can follow`);
    } else if (state.status !== 'given') {
      problems.push(`${at}: nothing to withdraw, consent is ${state.status}`);
    } else if (event.scope === undefined) {
      state = { status: 'withdrawn', acceptedPurposes: [], acceptedRecipients: [] };
    } else {
      const { purposes, recipients } = event.scope;
      if (purposes.length + recipients.length === 0) problems.push(`${at}: a partial withdrawal names nothing`);
      for (const id of duplicates([...purposes, ...recipients])) problems.push(`${at}: ${id} named twice`);
      for (const id of purposes.filter((p) => !state.acceptedPurposes.includes(p))) {
        problems.push(`${at}: purpose ${id} is not accepted, it cannot be withdrawn`);
      }
      for (const id of recipients.filter((r) => !state.acceptedRecipients.includes(r))) {
        problems.push(`${at}: recipient ${id} is not accepted, it cannot be withdrawn`);
      }
      const acceptedPurposes = state.acceptedPurposes.filter((p) => !purposes.includes(p));
      state =
        acceptedPurposes.length === 0
          ? { status: 'withdrawn', acceptedPurposes: [], acceptedRecipients: [] }
          : {
              status: 'given',
              acceptedPurposes,
              acceptedRecipients: state.acceptedRecipients.filter((r) => !recipients.includes(r)),
            };
    }
    if (event.event_state !== state.status) {
      problems.push(`${at}: event_state is ${event.event_state}, the replayed state is ${state.status}`);
    }
  });
  return { state, problems };
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
  if (isRefusal) {
    // A refusal keeps only what is needed not to ask again: no signature, no third persons' names.
    const extras = (['evidence', 'reading_attestation', 'interpreted_by'] as const).filter((key) => record[key] !== undefined);
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

  if (record.evidence === undefined) add(['evidence'], 'consent needs a signature or an attested mark');
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
    if (shown.id !== ref.id || shown.version !== ref.version || shown.language !== ref.lang || shown.sha256 !== ref.sha256) {
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
  });
}

/** Decisions as the decision screen holds them: an undecided item is absent or `undefined`. */
export type DecisionDraft = Readonly<Partial<Record<string, ConsentDecision>>>;

/** What the applicant has not decided yet; nothing is ever preselected. */
export function undecidedItems(
  notice: NoticeArtifact,
  decisions: { readonly purposes: DecisionDraft; readonly recipient_third_parties: DecisionDraft },
): { purposes: string[]; recipients: string[] } {
  const isDecided = (value: unknown) => value === 'accepted' || value === 'refused';
  return {
    purposes: notice.purposes.map((p) => p.id).filter((id) => !isDecided(decisions.purposes[id])),
    recipients: notice.recipients.map((r) => r.id).filter((id) => !isDecided(decisions.recipient_third_parties[id])),
  };
}

/** What the interview screen collected for `createConsentRecord`. */
export interface ConsentCaptureInput {
  readonly record_id: string;
  readonly interview_id: string;
  readonly pii_principal_id: string;
  readonly parties: ConsentRecord['parties'];
  readonly collection_method: ConsentRecord['collection_method'];
  readonly interpreted_by?: string;
  readonly purposes: DecisionDraft;
  readonly recipient_third_parties: DecisionDraft;
  /** True when the form version asks for special categories (the optional health question). */
  readonly special_categories: boolean;
  readonly evidence?: ConsentEvidence;
  readonly reading_attestation?: { readonly name: string; readonly role: 'interpreter' | 'witness' };
}

/** The decided items, in the notice's order; unknown ids are kept so the schema can name them. */
function decidedInNoticeOrder(items: NoticeArtifact['purposes'], draft: DecisionDraft): Record<string, ConsentDecision> {
  const noticeIds = items.map((item) => item.id);
  const ids = [...noticeIds, ...Object.keys(draft).filter((id) => !noticeIds.includes(id))];
  const decisions: Record<string, ConsentDecision> = {};
  for (const id of ids) {
    const decision = draft[id];
    if (decision !== undefined) decisions[id] = decision;
  }
  return decisions;
}

function isoTimeOf(now: Date): string {
  if (Number.isNaN(now.getTime())) throw new ConsentRuleError(['the time is not a valid date']);
  return now.toISOString();
}

function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`);
}

/**
 * Builds the record at the moment the applicant confirms. Refuses (throws `ConsentRuleError`)
 * when a decision is missing, the notice text does not match its hash or the German reference,
 * or an evidence rule is broken. When everything is refused the result is a minimal refusal:
 * evidence, interpreter and witness are left out.
 */
export function createConsentRecord(
  input: ConsentCaptureInput,
  notice: NoticeArtifact,
  germanNotice: NoticeArtifact,
  now: Date,
): ConsentRecord {
  const problems: string[] = [];
  if (!verifyNoticeHash(notice)) problems.push(`the ${notice.lang} notice text does not match its sha256`);
  if (!verifyNoticeHash(germanNotice)) problems.push('the German notice text does not match its sha256');
  problems.push(...translationProblems(notice, germanNotice));
  if (problems.length > 0) throw new ConsentRuleError(problems);

  const at = isoTimeOf(now);
  // Undecided items are left out, so the schema refuses them as missing decisions.
  const purposes = decidedInNoticeOrder(notice.purposes, input.purposes);
  const recipients = decidedInNoticeOrder(notice.recipients, input.recipient_third_parties);
  const isRefusal = [...Object.values(purposes), ...Object.values(recipients)].every((d) => d === 'refused');
  const { interviewer } = input.parties;

  const common = {
    record_id: input.record_id,
    interview_id: input.interview_id,
    pii_principal_id: input.pii_principal_id,
    privacy_notice: { id: notice.id, version: notice.version, language: notice.lang, sha256: notice.sha256 },
    reference_notice: { version: germanNotice.version, sha256: germanNotice.sha256 },
    language: notice.lang,
    collection_method: input.collection_method,
    purposes,
    recipient_third_parties: recipients,
    lawful_basis: input.special_categories ? ['GDPR-6-1-a', 'GDPR-9-2-a'] : ['GDPR-6-1-a'],
    jurisdiction: 'DE-NI',
    withdrawal_method: germanNotice.ui.howToWithdraw,
    interviewer_attestation: { name: interviewer.name, at },
  } satisfies Partial<ConsentRecord>;
  const firstEvent = (status: 'given' | 'refused'): ConsentEvent => ({
    event_type: status,
    event_time: at,
    event_state: status,
    actor: { role: 'interviewer', id: interviewer.id, name: interviewer.name },
    channel: 'in_person',
  });

  const candidate: unknown = isRefusal
    ? { ...common, parties: { interviewer }, events: [firstEvent('refused')] }
    : {
        ...common,
        parties: input.parties,
        ...(input.interpreted_by !== undefined && { interpreted_by: input.interpreted_by }),
        ...(input.evidence !== undefined && { evidence: input.evidence }),
        ...(input.reading_attestation !== undefined && { reading_attestation: { ...input.reading_attestation, at } }),
        events: [firstEvent('given')],
      };
  const parsed = consentRecordSchemaFor(notice).safeParse(candidate);
  if (!parsed.success) throw new ConsentRuleError(zodProblems(parsed.error));
  return parsed.data;
}

/** Replays the events: what the record allows from now on. Throws on an invalid history. */
export function consentState(record: ConsentRecord): ConsentState {
  const { state, problems } = replayEvents(record);
  if (problems.length > 0) throw new ConsentRuleError(problems);
  return state;
}

/** A withdrawal as the applicant declared it. */
export interface WithdrawalRequest {
  /** `'all'` ends the consent; otherwise the recipients and purposes withdrawn. */
  readonly scope: 'all' | { readonly recipients?: readonly string[]; readonly purposes?: readonly string[] };
  readonly actor: ConsentEventActor;
  readonly channel: ConsentChannel;
  readonly now: Date;
}

/**
 * A new record with one more `withdrawn` event; the given record and its evidence stay untouched.
 * Refuses to withdraw what is not (or no longer) accepted, or anything after a refusal or a full
 * withdrawal. Withdrawing the last accepted purpose ends the consent as a whole.
 */
export function appendWithdrawal(record: ConsentRecord, request: WithdrawalRequest): ConsentRecord {
  const before = consentState(record);
  if (before.status !== 'given') throw new ConsentRuleError([`nothing to withdraw, consent is ${before.status}`]);
  const scope =
    request.scope === 'all'
      ? undefined
      : { recipients: [...(request.scope.recipients ?? [])], purposes: [...(request.scope.purposes ?? [])] };
  // Withdrawing the last accepted purpose ends the consent; anything less keeps it given.
  const endsConsent = scope === undefined || before.acceptedPurposes.every((p) => scope.purposes.includes(p));
  const event: ConsentEvent = {
    event_type: 'withdrawn',
    event_time: isoTimeOf(request.now),
    event_state: endsConsent ? 'withdrawn' : 'given',
    actor: request.actor,
    channel: request.channel,
    ...(scope !== undefined && { scope }),
  };
  const parsed = consentRecordSchema.safeParse({ ...record, events: [...record.events, event] });
  if (!parsed.success) throw new ConsentRuleError(zodProblems(parsed.error));
  return parsed.data;
}

/** Whether `recipientId` may receive data under this record from now on. */
export function mayReceive(record: ConsentRecord, recipientId: string): boolean {
  const state = consentState(record);
  return state.status === 'given' && state.acceptedRecipients.includes(recipientId);
}

/** Whether the data may be used for `purposeId` (e.g. `profiling` before any answer is stored). */
export function mayProcess(record: ConsentRecord, purposeId: string): boolean {
  const state = consentState(record);
  return state.status === 'given' && state.acceptedPurposes.includes(purposeId);
}

/** Structural equality of JSON values; key order does not matter and `undefined` equals absent. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  const entriesOf = (value: object) => Object.entries(value).filter(([, v]) => v !== undefined);
  const aEntries = entriesOf(a);
  const bObject = b as Record<string, unknown>;
  return aEntries.length === entriesOf(b).length && aEntries.every(([key, value]) => sameJson(value, bObject[key]));
}

function withoutServerStamp(event: ConsentEvent): Omit<ConsentEvent, 'server_received_at'> {
  const { server_received_at: _serverOwned, ...deviceEvent } = event;
  return deviceEvent;
}

/**
 * True iff `after` is `before` with zero or more events appended: every other field, and every
 * earlier event, is unchanged. `server_received_at` is ignored because the server, not the device,
 * owns it. The server refuses an update of synced evidence when this is false.
 */
export function isEvidenceUnchanged(before: ConsentRecord, after: ConsentRecord): boolean {
  const { events: eventsBefore, ...evidenceBefore } = before;
  const { events: eventsAfter, ...evidenceAfter } = after;
  return (
    sameJson(evidenceBefore, evidenceAfter) &&
    eventsAfter.length >= eventsBefore.length &&
    eventsBefore.every((event, i) => sameJson(withoutServerStamp(event), withoutServerStamp(eventsAfter[i]!)))
  );
}

/** The server's receive time on every event that has none yet; earlier stamps are kept. */
export function withServerReceivedAt(record: ConsentRecord, receivedAt: Date): ConsentRecord {
  const stamp = isoTimeOf(receivedAt);
  return {
    ...record,
    events: record.events.map((event) => event.server_received_at === undefined ? { ...event, server_received_at: stamp } : event),
  };
}

/** Per purpose or recipient: the original decision and what holds now. */
export interface ConsentReceiptItem {
  readonly id: string;
  readonly decision: ConsentDecision;
  readonly status: 'accepted' | 'refused' | 'withdrawn';
}

/**
 * A consent receipt shaped after ISO/IEC TS 27560:2023, for export and for the applicant's copy.
 * It carries no evidence (signature images stay in the record).
 */
export interface ConsentReceipt {
  readonly schema: { readonly standard: 'ISO/IEC TS 27560:2023'; readonly profile: 'lotse-consent-receipt'; readonly version: 1 };
  readonly record_id: string;
  readonly pii_principal_id: string;
  readonly language: string;
  readonly jurisdiction: 'DE-NI';
  readonly privacy_notice: ConsentRecord['privacy_notice'];
  readonly reference_notice: ConsentRecord['reference_notice'];
  readonly collection_method: ConsentRecord['collection_method'];
  readonly interpreted_by?: string;
  readonly lawful_basis: ConsentRecord['lawful_basis'];
  readonly consent_status: ConsentStatus;
  readonly purposes: readonly ConsentReceiptItem[];
  readonly recipient_third_parties: readonly ConsentReceiptItem[];
  readonly withdrawal_method: string;
  readonly events: readonly Pick<ConsentEvent, 'event_type' | 'event_time' | 'event_state' | 'channel' | 'scope' | 'server_received_at'>[];
}

export function toConsentReceipt(record: ConsentRecord): ConsentReceipt {
  const state = consentState(record);
  const items = (decisions: Record<string, ConsentDecision>, stillAccepted: readonly string[]) =>
    Object.entries(decisions).map(([id, decision]): ConsentReceiptItem => ({
      id,
      decision,
      status: decision === 'refused' ? 'refused' : stillAccepted.includes(id) ? 'accepted' : 'withdrawn',
    }));
  return {
    schema: { standard: 'ISO/IEC TS 27560:2023', profile: 'lotse-consent-receipt', version: 1 },
    record_id: record.record_id,
    pii_principal_id: record.pii_principal_id,
    language: record.language,
    jurisdiction: record.jurisdiction,
    privacy_notice: record.privacy_notice,
    reference_notice: record.reference_notice,
    collection_method: record.collection_method,
    ...(record.interpreted_by !== undefined && { interpreted_by: record.interpreted_by }),
    lawful_basis: record.lawful_basis,
    consent_status: state.status,
    purposes: items(record.purposes, state.acceptedPurposes),
    recipient_third_parties: items(record.recipient_third_parties, state.acceptedRecipients),
    withdrawal_method: record.withdrawal_method,
    events: record.events.map((event) => ({
      event_type: event.event_type,
      event_time: event.event_time,
      event_state: event.event_state,
      channel: event.channel,
      ...(event.scope !== undefined && { scope: event.scope }),
      ...(event.server_received_at !== undefined && { server_received_at: event.server_received_at }),
    })),
  };
}

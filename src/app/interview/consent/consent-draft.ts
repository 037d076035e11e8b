/**
 * The consent stage's UI logic, kept pure so it runs in unit tests without a browser: which notice
 * may be shown, what the applicant has decided so far, what is still missing before the record can
 * be built, and the capture input for `createConsentRecord`. The domain rules themselves live in
 * `src/core/consent`; this module only decides what the screen asks for and in which order.
 */
import { z } from 'zod';
import {
  coreRefused,
  recipientsPurposeOf,
  recipientsWithoutReferral,
  noticeBlocks,
  undecidedItems,
  translationProblems,
  verifyNoticeHash,
  type ConsentCaptureInput,
  type ConsentDecision,
  type ConsentEvidence,
  type DecisionDraft,
  type NoticeArtifact,
  type NoticeBlock,
} from '../../../core/consent';
import type { InterviewerProfile } from '../contract';

/** How the notice reached the applicant (`collection_method` of the record). */
export type CollectionMethod = ConsentCaptureInput['collection_method'];
export type AttestingRole = 'interpreter' | 'witness';

/** A notice whose text matched its SHA-256 when it was checked; `blocks` are parsed from exactly that text. */
export interface VerifiedNotice {
  readonly notice: NoticeArtifact;
  readonly blocks: readonly NoticeBlock[];
}

export type NoticeCheck =
  | { readonly ok: true; readonly shown: VerifiedNotice; readonly german: VerifiedNotice }
  | { readonly ok: false; readonly problem: 'german_missing' | 'hash_mismatch' | 'not_a_translation'; readonly details: readonly string[] };

function verified(notice: NoticeArtifact): VerifiedNotice | null {
  // Hash and blocks come from the same object, so what is recorded is what is rendered.
  return verifyNoticeHash(notice) ? { notice, blocks: noticeBlocks(notice.text) } : null;
}

/**
 * Checks the applicant's notice and the German reference before anything is shown: each text must
 * match its SHA-256 and the translation must name the same purposes and recipients as German.
 */
export function checkNotices(shown: NoticeArtifact, german: NoticeArtifact | undefined): NoticeCheck {
  if (german === undefined) return { ok: false, problem: 'german_missing', details: [] };
  const shownVerified = verified(shown);
  const germanVerified = verified(german);
  if (shownVerified === null || germanVerified === null) {
    const broken = [shownVerified === null ? shown : null, germanVerified === null ? german : null].filter((n) => n !== null);
    return { ok: false, problem: 'hash_mismatch', details: broken.map((n) => `${n.id}@${n.version}/${n.lang}`) };
  }
  const problems = translationProblems(shown, german);
  if (problems.length > 0) return { ok: false, problem: 'not_a_translation', details: problems };
  return { ok: true, shown: shownVerified, german: germanVerified };
}

/**
 * Order of the language buttons: the most frequent mother tongues of applicants first (BAMF 2016,
 * see shared/domain/languages.md), German last; languages not listed follow alphabetically.
 */
const LANGUAGE_ORDER = ['ar', 'fa', 'prs', 'kmr', 'ckb', 'ti', 'so', 'ps', 'ru', 'sq', 'tr', 'fr', 'en', 'de'];

export function languageChoices(notices: readonly NoticeArtifact[]): NoticeArtifact[] {
  const rank = (lang: string) => {
    const index = LANGUAGE_ORDER.indexOf(lang);
    return index === -1 ? LANGUAGE_ORDER.length - 1 : index;
  };
  return [...notices].sort((a, b) => rank(a.lang) - rank(b.lang) || a.lang.localeCompare(b.lang));
}

export interface Decisions {
  readonly purposes: DecisionDraft;
  readonly recipient_third_parties: DecisionDraft;
  /** The notice's explicit consent items (notice@3 on: `health`). */
  readonly explicit_consents: DecisionDraft;
}

export const NO_DECISIONS: Decisions = { purposes: {}, recipient_third_parties: {}, explicit_consents: {} };

/**
 * Every purpose and recipient set to one answer: the explicit "accept all" / "refuse all". The
 * explicit consent items (health) are never decided in bulk: each is its own explicit decision.
 */
/**
 * One decision changed, with what follows from it (notice@3 on): refusing the purpose the
 * recipients require refuses every recipient; accepting it again after a refusal leaves each
 * recipient undecided, so each is asked — nothing is ever preselected as a yes.
 */
export function decideItem(notice: NoticeArtifact, decisions: Decisions, key: keyof Decisions, id: string, decision: ConsentDecision): Decisions {
  const next: Decisions = { ...decisions, [key]: { ...decisions[key], [id]: decision } };
  if (key !== 'purposes' || id !== recipientsPurposeOf(notice)) return next;
  if (decision === 'refused') return { ...next, recipient_third_parties: Object.fromEntries(notice.recipients.map((r) => [r.id, 'refused' as const])) };
  return decisions.purposes[id] === 'refused' ? { ...next, recipient_third_parties: {} } : next;
}

export function decideAll(notice: NoticeArtifact, decision: ConsentDecision, current: Decisions = NO_DECISIONS): Decisions {
  const all = (items: NoticeArtifact['purposes']) => Object.fromEntries(items.map((item) => [item.id, decision]));
  return { purposes: all(notice.purposes), recipient_third_parties: all(notice.recipients), explicit_consents: current.explicit_consents };
}

/**
 * What the decisions amount to. `recipients_without_purpose` cannot be stored: a recipient only
 * receives data that is processed for an accepted purpose.
 */
export type DecisionOutcome = 'undecided' | 'consent' | 'refusal' | 'recipients_without_purpose';

export function decisionOutcome(notice: NoticeArtifact, decisions: Decisions, undecided: { purposes: string[]; recipients: string[]; explicitConsents?: string[] }): DecisionOutcome {
  // Refusing the core purpose (notice@3 on) ends the interview as a refusal, whatever else was chosen.
  if (coreRefused(notice, decisions.purposes)) return 'refusal';
  if (undecided.purposes.length + undecided.recipients.length + (undecided.explicitConsents?.length ?? 0) > 0) return 'undecided';
  // notice@3 on: a recipient said yes while referral is refused cannot be stored (never made by the screen, which refuses them all).
  if (recipientsWithoutReferral({ ...(notice.corePurpose !== undefined && { core_purpose: notice.corePurpose }), purposes: decisions.purposes, recipient_third_parties: decisions.recipient_third_parties }).length > 0) return 'recipients_without_purpose';
  const acceptedPurpose = notice.purposes.some((p) => decisions.purposes[p.id] === 'accepted');
  const acceptedRecipient = notice.recipients.some((r) => decisions.recipient_third_parties[r.id] === 'accepted');
  if (acceptedPurpose) return 'consent';
  return acceptedRecipient ? 'recipients_without_purpose' : 'refusal';
}

export interface PartyDraft {
  readonly name: string;
  readonly role: string;
}

export interface SignatureDraft {
  readonly strokes: { x: number; y: number; t: number }[][];
  readonly png: string;
}

/** Everything the interviewer and the applicant entered besides the decisions. */
export interface CaptureDraft {
  readonly mode: CollectionMethod | null;
  readonly interpreter: PartyDraft;
  readonly witness: PartyDraft;
  /** Who confirms a notice read aloud or interpreted. */
  readonly readingAttester: AttestingRole | null;
  readonly evidenceKind: 'signature' | 'mark' | null;
  /** Who attests the applicant's mark. */
  readonly markAttester: AttestingRole | null;
  /** Drawn signature, or the drawn mark (optional for a mark). */
  readonly drawing: SignatureDraft | null;
  /** The signature of whoever attests the applicant's mark. */
  readonly attesterDrawing: SignatureDraft | null;
  readonly interviewerConfirmed: boolean;
  /** Notice@3 on: the person's age in whole years, as typed (asked before the decision). */
  readonly age: string;
  /** Notice@3 on: a professional interpreter, or a family member or acquaintance. */
  readonly interpreterKind: InterpreterKind | null;
  /** When the family or acquaintance interpreter confirmed the confidentiality note; null: not (yet). */
  readonly confidentialityConfirmedAt: string | null;
  /** Under 18: the guardian who consents too, and their signature. */
  readonly guardian: PartyDraft;
  readonly guardianDrawing: SignatureDraft | null;
}

export type InterpreterKind = 'professional' | 'family_or_acquaintance';

export const EMPTY_PARTY: PartyDraft = { name: '', role: '' };

export const EMPTY_CAPTURE: CaptureDraft = {
  mode: null,
  interpreter: EMPTY_PARTY,
  witness: EMPTY_PARTY,
  readingAttester: null,
  evidenceKind: null,
  markAttester: null,
  drawing: null,
  attesterDrawing: null,
  interviewerConfirmed: false,
  age: '',
  interpreterKind: null,
  confidentialityConfirmedAt: null,
  guardian: EMPTY_PARTY,
  guardianDrawing: null,
};

const filled = (value: string) => value.trim() !== '';
const isPresent = (party: PartyDraft) => filled(party.name);
const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase('de') === b.trim().toLocaleLowerCase('de');

/**
 * What keeps the interviewer from leaving the reading step; each entry is a key under
 * `problems.` in the `consent` namespace.
 */
export type CaptureProblem =
  | 'modeMissing'
  | 'interpreterMissing'
  | 'readingAttesterMissing'
  | 'readingAttesterAbsent'
  | 'attesterIsInterviewer'
  | 'evidenceKindMissing'
  | 'signatureEmpty'
  | 'markAttesterMissing'
  | 'markAttesterAbsent'
  | 'markAttesterUnsigned'
  | 'interviewerNotConfirmed'
  | 'ageMissing'
  | 'interpreterKindMissing'
  | 'confidentialityNotConfirmed'
  | 'guardianMissing'
  | 'guardianUnsigned';

function attesterProblems(role: AttestingRole | null, draft: CaptureDraft, interviewer: InterviewerProfile, missing: CaptureProblem, absent: CaptureProblem): CaptureProblem[] {
  if (role === null) return [missing];
  const party = draft[role];
  if (!isPresent(party) || !filled(party.role)) return [absent];
  return sameName(party.name, interviewer.name) ? ['attesterIsInterviewer'] : [];
}

/** The typed age in whole years, or null when it is not one (0–130). */
export function ageOf(draft: CaptureDraft): number | null {
  if (!/^\d{1,3}$/.test(draft.age.trim())) return null;
  const age = Number(draft.age.trim());
  return age <= 130 ? age : null;
}

/** Whether the notice asks the capacity questions of notice@3 (age, interpreter kind, guardian). */
export const asksCapacity = (notice: NoticeArtifact | undefined) => notice?.hashScheme === 2;

/**
 * Problems of the reading step: how the notice was conveyed, and by whom; for notice@3 on also the
 * age (asked before the decision) and what kind of interpreter, a family interpreter having
 * confirmed the confidentiality note.
 */
export function readingProblems(draft: CaptureDraft, notice?: NoticeArtifact): CaptureProblem[] {
  const problems: CaptureProblem[] = [];
  if (draft.mode === null) problems.push('modeMissing');
  if (draft.mode === 'interpreted' && (!isPresent(draft.interpreter) || !filled(draft.interpreter.role))) problems.push('interpreterMissing');
  if (asksCapacity(notice)) {
    if (draft.mode === 'interpreted' && draft.interpreterKind === null) problems.push('interpreterKindMissing');
    if (draft.mode === 'interpreted' && draft.interpreterKind === 'family_or_acquaintance' && draft.confidentialityConfirmedAt === null) problems.push('confidentialityNotConfirmed');
    if (ageOf(draft) === null) problems.push('ageMissing');
  }
  return problems;
}

/** Problems of the confirmation step for the given outcome (a refusal needs only the interviewer). */
export function confirmationProblems(draft: CaptureDraft, outcome: 'consent' | 'refusal', interviewer: InterviewerProfile, notice?: NoticeArtifact): CaptureProblem[] {
  const problems: CaptureProblem[] = [...readingProblems(draft, notice)];
  const age = asksCapacity(notice) ? ageOf(draft) : null;
  // Under 16 the guardian's signature is the evidence; from 16 the person signs too.
  const guardianAlone = age !== null && age < 16;
  if (outcome === 'consent') {
    if (draft.mode !== null && draft.mode !== 'read_by_applicant') {
      problems.push(...attesterProblems(draft.readingAttester, draft, interviewer, 'readingAttesterMissing', 'readingAttesterAbsent'));
    }
    if (age !== null && age < 18) {
      if (!isPresent(draft.guardian) || !filled(draft.guardian.role)) problems.push('guardianMissing');
      else if (sameName(draft.guardian.name, interviewer.name)) problems.push('attesterIsInterviewer');
      if (draft.guardianDrawing === null || draft.guardianDrawing.strokes.length === 0) problems.push('guardianUnsigned');
    }
    if (draft.evidenceKind === null && !guardianAlone) problems.push('evidenceKindMissing');
    if (draft.evidenceKind === 'signature' && (draft.drawing === null || draft.drawing.strokes.length === 0)) problems.push('signatureEmpty');
    if (draft.evidenceKind === 'mark') {
      problems.push(...attesterProblems(draft.markAttester, draft, interviewer, 'markAttesterMissing', 'markAttesterAbsent'));
      if (draft.attesterDrawing === null || draft.attesterDrawing.strokes.length === 0) problems.push('markAttesterUnsigned');
    }
  }
  if (!draft.interviewerConfirmed) problems.push('interviewerNotConfirmed');
  return [...new Set(problems)];
}

function partiesOf(draft: CaptureDraft, interviewer: InterviewerProfile, capacity: boolean): ConsentCaptureInput['parties'] {
  const trimmed = (party: PartyDraft) => ({ name: party.name.trim(), role: party.role.trim() });
  const kind = capacity && draft.interpreterKind !== null ? { kind: draft.interpreterKind } : {};
  return {
    interviewer: { id: interviewer.id, name: interviewer.name },
    ...(isPresent(draft.interpreter) && { interpreter: { ...trimmed(draft.interpreter), ...kind } }),
    ...(isPresent(draft.witness) && { witness: trimmed(draft.witness) }),
  };
}

function evidenceOf(draft: CaptureDraft): ConsentEvidence | undefined {
  if (draft.evidenceKind === 'signature' && draft.drawing !== null) {
    return { kind: 'signature', strokes: draft.drawing.strokes, png: draft.drawing.png };
  }
  if (draft.evidenceKind === 'mark' && draft.markAttester !== null) {
    const drawn = draft.drawing !== null && draft.drawing.strokes.length > 0 ? { strokes: draft.drawing.strokes, png: draft.drawing.png } : {};
    const signed = draft.attesterDrawing !== null && draft.attesterDrawing.strokes.length > 0 ? { signature: { strokes: draft.attesterDrawing.strokes, png: draft.attesterDrawing.png } } : {};
    return { kind: 'mark', attestedBy: { name: draft[draft.markAttester].name.trim(), role: draft.markAttester, ...signed }, ...drawn };
  }
  return undefined;
}

export interface CaptureContext {
  readonly recordId: string;
  readonly interviewer: InterviewerProfile;
  /**
   * Whether the form asks for special categories (Art. 9 GDPR). The Profilingbogen asks the
   * optional "restrictions for some kinds of work?" question and the notice names Art. 9(2)(a)
   * for it, so the stage passes true.
   */
  readonly specialCategories: boolean;
  /** The notice shown: from notice@3 on it asks for age, guardian and the interpreter's kind. */
  readonly notice?: NoticeArtifact;
}

/**
 * The input for `createConsentRecord`. A refusal passes the same fields: `createConsentRecord`
 * leaves out evidence and third persons itself, so the refusal stays minimal.
 */
export function captureInput(draft: CaptureDraft, decisions: Decisions, context: CaptureContext): ConsentCaptureInput {
  const mode = draft.mode ?? 'read_by_applicant';
  const readingAttester = mode === 'read_by_applicant' ? null : draft.readingAttester;
  const evidence = evidenceOf(draft);
  const capacity = asksCapacity(context.notice);
  const age = capacity ? ageOf(draft) : null;
  const interpreted = mode === 'interpreted' && isPresent(draft.interpreter);
  return {
    record_id: context.recordId,
    interview_id: context.recordId,
    // The consent record holds no personal data: the interview's own id is the person reference.
    pii_principal_id: context.recordId,
    parties: partiesOf(mode === 'interpreted' ? draft : { ...draft, interpreter: EMPTY_PARTY }, context.interviewer, capacity),
    ...(capacity && { explicit_consents: decisions.explicit_consents }),
    ...(age !== null && { age_at_consent: age }),
    ...(age !== null && age < 18 && isPresent(draft.guardian) && draft.guardianDrawing !== null && {
      guardian: { name: draft.guardian.name.trim(), role: draft.guardian.role.trim(), evidence: { kind: 'signature' as const, strokes: draft.guardianDrawing.strokes, png: draft.guardianDrawing.png } },
    }),
    ...(capacity && interpreted && draft.interpreterKind === 'family_or_acquaintance' && draft.confidentialityConfirmedAt !== null && {
      interpreter_confidentiality: { confirmed_at: draft.confidentialityConfirmedAt },
    }),
    collection_method: mode,
    ...(mode === 'interpreted' && isPresent(draft.interpreter) && { interpreted_by: draft.interpreter.name.trim() }),
    purposes: decisions.purposes,
    recipient_third_parties: decisions.recipient_third_parties,
    special_categories: context.specialCategories,
    ...(evidence !== undefined && { evidence }),
    ...(readingAttester !== null && isPresent(draft[readingAttester]) && {
      reading_attestation: { name: draft[readingAttester].name.trim(), role: readingAttester },
    }),
  };
}

/** signature_pad's point groups as the record stores them: `{x, y, t}` per point, rounded. */
export function strokesFromPointGroups(groups: readonly { points: readonly { x: number; y: number; time: number }[] }[]): SignatureDraft['strokes'] {
  const round = (value: number) => Math.round(value * 10) / 10;
  const drawn = groups.filter((group) => group.points.length > 0);
  // Milliseconds since the first point: keeps the rhythm of the signature, not the wall clock.
  const start = drawn[0]?.points[0]?.time ?? 0;
  return drawn.map((group) => group.points.map((point) => ({ x: round(point.x), y: round(point.y), t: Math.round(point.time - start) })));
}

/** The first 16 hex digits of a SHA-256, as the receipt and the summary show it. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 16);
}

/** The steps of the consent stage, in order. */
export const CONSENT_STEPS = ['language', 'reading', 'decision', 'confirmation'] as const;
export type ConsentStep = (typeof CONSENT_STEPS)[number];

/**
 * Everything the consent stage autosaves: where it is and what was entered. A draft, not
 * evidence: it becomes a consent record only when the interviewer saves the decision.
 */
export interface StageSnapshot {
  readonly step: ConsentStep;
  readonly lang: string | null;
  /** The notice text the decisions were made on; decisions never carry over to another text. */
  readonly noticeSha256: string | null;
  readonly decisions: Decisions;
  readonly capture: CaptureDraft;
}

export const EMPTY_STAGE: StageSnapshot = { step: 'language', lang: null, noticeSha256: null, decisions: NO_DECISIONS, capture: EMPTY_CAPTURE };

const decisionDraftSchema = z.record(z.string(), z.enum(['accepted', 'refused']));
const partySchema = z.object({ name: z.string(), role: z.string() });
const attestingRoleSchema = z.enum(['interpreter', 'witness']).nullable();
// A saved draft may come from an older app version: anything it does not match starts afresh.
const stageSnapshotSchema = z.object({
  step: z.enum(CONSENT_STEPS),
  lang: z.string().nullable(),
  noticeSha256: z.string().nullable(),
  decisions: z.object({ purposes: decisionDraftSchema, recipient_third_parties: decisionDraftSchema, explicit_consents: decisionDraftSchema.optional() }),
  capture: z.object({
    mode: z.enum(['read_by_applicant', 'read_aloud', 'interpreted']).nullable(),
    interpreter: partySchema,
    witness: partySchema,
    readingAttester: attestingRoleSchema,
    evidenceKind: z.enum(['signature', 'mark']).nullable(),
    markAttester: attestingRoleSchema,
    drawing: z.object({ strokes: z.array(z.array(z.object({ x: z.number(), y: z.number(), t: z.number() }))), png: z.string() }).nullable(),
    attesterDrawing: z.object({ strokes: z.array(z.array(z.object({ x: z.number(), y: z.number(), t: z.number() }))), png: z.string() }).nullable().optional(),
    interviewerConfirmed: z.boolean(),
    age: z.string().optional(),
    interpreterKind: z.enum(['professional', 'family_or_acquaintance']).nullable().optional(),
    confidentialityConfirmedAt: z.string().nullable().optional(),
    guardian: partySchema.optional(),
    guardianDrawing: z.object({ strokes: z.array(z.array(z.object({ x: z.number(), y: z.number(), t: z.number() }))), png: z.string() }).nullable().optional(),
  }),
});

/**
 * The stage as it was saved, checked against the notices on the device now. A language no longer
 * offered goes back to the language step; a different text of the language (a newer version)
 * keeps language and reading mode but not the decisions, which belonged to the old text; the
 * confirmation step needs complete decisions, otherwise it is the decision step.
 */
export function restoreStage(saved: unknown, notices: readonly NoticeArtifact[]): StageSnapshot {
  const parsed = stageSnapshotSchema.safeParse(saved);
  if (!parsed.success) return EMPTY_STAGE;
  const { capture: parsedCapture, decisions: parsedDecisions, ...rest } = parsed.data;
  const capture: CaptureDraft = {
    ...parsedCapture,
    attesterDrawing: parsedCapture.attesterDrawing ?? null,
    age: parsedCapture.age ?? '',
    interpreterKind: parsedCapture.interpreterKind ?? null,
    confidentialityConfirmedAt: parsedCapture.confidentialityConfirmedAt ?? null,
    guardian: parsedCapture.guardian ?? EMPTY_PARTY,
    guardianDrawing: parsedCapture.guardianDrawing ?? null,
  };
  const decisions: Decisions = { ...parsedDecisions, explicit_consents: parsedDecisions.explicit_consents ?? {} };
  const snapshot: StageSnapshot = { ...rest, decisions, capture };
  const notice = notices.find((candidate) => candidate.lang === snapshot.lang);
  if (notice === undefined) return { ...EMPTY_STAGE, capture };
  if (notice.sha256 !== snapshot.noticeSha256) {
    return { ...snapshot, noticeSha256: notice.sha256, decisions: NO_DECISIONS, step: snapshot.step === 'language' ? 'language' : 'reading' };
  }
  if (snapshot.step === 'confirmation') {
    const outcome = decisionOutcome(notice, snapshot.decisions, undecidedItems(notice, snapshot.decisions));
    if (outcome !== 'consent' && outcome !== 'refusal') return { ...snapshot, step: 'decision' };
  }
  return snapshot;
}

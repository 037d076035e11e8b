import type { Generated } from 'kysely';
import type { Role } from '../../core/api/index';

/**
 * The server's tables. One definition for both engines: every column type used
 * here means the same on SQLite and PostgreSQL (text, integer; JSON as text;
 * timestamps as ISO-8601 UTC text stamped by the server, which sorts and compares
 * correctly as text; booleans as integer 0/1).
 */
export interface ServerMetaTable {
  key: string;
  value: string;
}

/**
 * One row per name; a transaction that updates a row holds it until commit, which
 * serialises the critical sections that use it across processes (a row lock on
 * PostgreSQL, the single writer lock on SQLite).
 */
export interface ServerLocksTable {
  name: string;
  locked_at: string | null;
}

export interface CoordinatorsTable {
  id: string;
  name: string;
  /** `scrypt$N$r$p$salt$hash` (see auth/passwords.ts). */
  password_hash: string;
  created_at: string;
  /** `admin` | `coordinator` | `analyst` (core/api `roles`); accounts from before roles are admins. */
  role: Generated<Role>;
  /** Set when an admin disabled the account: it cannot sign in, its sessions were ended. */
  disabled_at: string | null;
}

/** One-time links to set an account's password (a new account's first, or after a reset). */
export interface PasswordLinksTable {
  /** SHA-256 of the token in the link's fragment; the token itself is shown once. */
  token_hash: string;
  coordinator_id: string;
  /** The admin who made the link (null: the command line). */
  created_by: string | null;
  created_at: string;
  expires_at: string;
}

/**
 * The audit log: append-only. `hash` is SHA-256 over the canonical JSON of the entry with
 * `prev_hash`, the hash of the entry before (`server/audit/log.ts`); `seq` counts from 1 without gaps.
 */
export interface AuditLogTable {
  seq: number;
  at: string;
  /** `account` (a signed-in account), `device`, `system` (CLI, jobs), `anonymous` (e.g. a failed sign-in). */
  actor_type: string;
  actor_id: string | null;
  /** The account's name at the time (or the name typed at a failed sign-in). */
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** The client's address as the server sees it (see TRUST_PROXY). */
  address: string | null;
  /** JSON object. */
  details: string;
  prev_hash: string;
  hash: string;
}

/** One-time tokens printed on start while no coordinator exists. */
export interface SetupTokensTable {
  token_hash: string;
  created_at: string;
  expires_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the session id in the cookie; the id itself is never stored. */
  id_hash: string;
  coordinator_id: string;
  created_at: string;
  expires_at: string;
}

/** Failed attempts (login, enrolment, set-up) per key, for rate limiting across instances. */
export interface LoginAttemptsTable {
  id: string;
  /** e.g. `login-name:anna`, `login-ip:10.0.0.7`, `enrol-ip:10.0.0.7`. */
  key: string;
  attempted_at: string;
}

export interface EnrolmentsTable {
  id: string;
  /** SHA-256 of the normalised code; the code itself is shown once and never stored. */
  code_hash: string;
  device_name: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  device_id: string | null;
}

export interface DevicesTable {
  id: string;
  name: string;
  /** SHA-256 of the device token; the token itself is never stored. */
  token_hash: string;
  enrolled_at: string;
  enrolment_id: string | null;
  revoked_at: string | null;
  last_seen_at: string | null;
  last_sync_at: string | null;
  /** Highest push sequence number handled for this device (0 before the first). */
  last_seq: Generated<number>;
  entries_received: Generated<number>;
  /** Outbox entries the device reported as still waiting after its last push. */
  pending_count: number | null;
  /** The device this one continues (a re-enrolled tablet proved it held that device's token). */
  succeeds: string | null;
  /** 1 for the tablets of a synthetic demo campaign (`npm run lotse -- demo-data`), which `--remove` deletes. */
  demo: Generated<number>;
  /** When a coordinator marked the device lost (issue #12 item 6): its pulls answer `wipe` until it confirms. */
  wipe_requested_at: string | null;
  /** The account that marked it lost. */
  wipe_requested_by: string | null;
  /** When the device confirmed it deleted its data (its token is revoked then). */
  wiped_at: string | null;
}

/** The stored answer for each handled push entry: duplicates are answered from here. */
export interface PushOutcomesTable {
  device_id: string;
  seq: number;
  record_id: string;
  rev: number;
  status: string;
  /** The push result as JSON, without the server record of a conflict (rebuilt from its revision). */
  result: string;
  processed_at: string;
}

export interface RecordsTable {
  record_id: string;
  /** The device that created the record. */
  device_id: string;
  current_rev: number;
  form_ref: string | null;
  /** The notice reference (JSON) of the current revision. */
  notice: string;
  received_at: string;
  updated_at: string;
  /** Set when the record's personal data were erased (see `erasures`); null while they are held. */
  erased_at: string | null;
  /** The day (YYYY-MM-DD) a coordinator marked the person's counselling as ended; null: not marked. */
  counselling_ended_on: string | null;
}

/**
 * One row per erased record: what stays of it (the consent proof, `core/consent/proof.ts`) and a
 * keyed hash of the person's name and date of birth to match a later request.
 */
export interface ErasuresTable {
  record_id: string;
  erased_at: string;
  /** `withdrawn` (by the person) or `retention` (the period ended). */
  reason: 'withdrawn' | 'retention';
  /** HMAC-SHA-256 of `core/record` `personMatchText` under the server's person-key secret; null without a name. */
  person_key: string | null;
  /** The consent proof as JSON, or null when the record held no readable consent or the proof was deleted. */
  proof: string | null;
  /** When the retention run deleted the proof (its period ran out, migration 0022); null while it is kept. */
  proof_deleted_at: string | null;
}

/** A device's confirmation that it deleted its copy of an erased record. */
export interface ErasureConfirmationsTable {
  device_id: string;
  record_id: string;
  confirmed_at: string;
}

/** A device applied a partial erasure (an entered withdrawal of an explicit consent item) to its copy (migration 0024). */
export interface PartialErasureConfirmationsTable {
  device_id: string;
  /** `consent_withdrawals.id`. */
  withdrawal_id: string;
  record_id: string;
  confirmed_at: string;
}

/** Withdrawals a coordinator entered (received by phone, letter, e-mail or in person at the office). */
export interface ConsentWithdrawalsTable {
  id: string;
  record_id: string;
  /** When it was entered (server clock). */
  entered_at: string;
  /** The day it reached the office (YYYY-MM-DD). */
  received_on: string;
  channel: 'in_person' | 'phone' | 'email' | 'letter';
  /** JSON `{recipients: [...]}`; null: everything. */
  scope: string | null;
  entered_by: string;
  entered_by_name: string;
}

/** The current consent per record, purpose and recipient (device events and entered withdrawals together). */
export interface RecordConsentTable {
  record_id: string;
  /** `explicit`: an explicit consent item of notice@3 on (`health`), issue #14. */
  kind: 'purpose' | 'recipient' | 'explicit';
  item_id: string;
  state: 'given' | 'refused' | 'withdrawn';
}

/** One run of the retention job, or of its preview when stored by hand. */
export interface RetentionRunsTable {
  id: string;
  /** The day the run judged what was due on. */
  run_on: string;
  trigger: 'schedule' | 'cli' | 'coordinator';
  started_at: string;
  finished_at: string;
  erased_count: number;
  /** JSON: the settings used and each erased record with why it was due. */
  report: string;
  ran_by: string | null;
}

export interface RecordRevisionsTable {
  record_id: string;
  rev: number;
  base_rev: number;
  form_ref: string | null;
  notice: string;
  payload: string;
  payload_sha256: string;
  device_id: string;
  seq: number;
  received_at: string;
}

/** Entries that could not be applied because the server had another version: both are kept. */
export interface ConflictsTable {
  device_id: string;
  seq: number;
  record_id: string;
  rev: number;
  base_rev: number;
  form_ref: string | null;
  notice: string;
  payload: string;
  payload_sha256: string;
  /** The server's current revision when the conflict arose (0: the record was unknown). */
  server_rev: number;
  created_at: string;
}

export interface ArtifactsTable {
  /** Position in the change feed that devices pull; allocated under the `artifacts` lock. */
  change_no: number;
  kind: 'form' | 'notice' | 'settings' | 'recovery-key' | 'server-key' | 'device-policy';
  id: string;
  version: number;
  /** A notice's language; '' for a form, because NULLs never collide in a unique constraint. */
  lang: string;
  /** A notice: SHA-256 of its text; a form: SHA-256 of its canonical JSON. */
  sha256: string;
  review_state: 'draft' | 'reviewed';
  body: string;
  published_at: string;
  published_by: string | null;
  retired: Generated<number>;
  retired_at: string | null;
}

/** Coded facts of a record's current revision for the evaluation (see core/evaluation/facts.ts). */
export interface EvaluationFactsTable {
  record_id: string;
  /** The revision the facts were derived from; behind `records.current_rev` means stale. */
  rev: number;
  device_id: string;
  form_ref: string | null;
  interview_date: string;
  /** Why the record is not counted (refused, withdrawn, purposeRefused); null: counted. */
  excluded: string | null;
  week: string | null;
  nationality: string | null;
  age_band: string | null;
  sex: string | null;
  municipality: string | null;
  residence_status: string | null;
  isced: string | null;
  german_listening: string | null;
  german_reading: string | null;
  german_spoken_interaction: string | null;
  german_spoken_production: string | null;
  german_writing: string | null;
  vocational_training: string | null;
  studies: string | null;
  occupation_area: string | null;
  occupation_group: string | null;
  work_years: string | null;
  driving_licence: string | null;
  /** Multi-valued facts as one value each: the record's distinct codes, sorted, as a JSON array (null: none). */
  other_languages: string | null;
  goals: string | null;
  measures: string | null;
  /** Each recipient's state as a JSON object with sorted keys (null: no consent to count). */
  consent: string | null;
}

/** Multi-valued facts (other languages, goals, measures) and each recipient's consent state (`recipient:<id>`). */
export interface EvaluationValuesTable {
  record_id: string;
  dimension: string;
  value: string;
}

/**
 * What the coordinators' record list searches and filters by, derived from each record's current
 * revision (records/search.ts). Personal data: withdrawal erasure must delete a record's rows here
 * and in `record_search_values`.
 */
export interface RecordSearchTable {
  record_id: string;
  /** The revision derived from; behind `records.current_rev` means stale. */
  rev: number;
  /** `K7QM-3XPA` (core/record shortReference). */
  short_reference: string;
  /** Every name of the person (Latin and original script) and the short reference, folded (core/text). */
  name_folded: string;
  /** The names' consonant skeletons, space-separated with a space before and after (core/text nameSkeletons). */
  name_skeletons: string;
  /** Folded "surname given names" (Latin, else original script); null without a name. */
  name_sort: string | null;
  /** "Surname, given names" as written, Latin and original script; null where not answered. */
  name_latin: string | null;
  name_original: string | null;
}

/** Answer values the list filters by: `nationality`, `german` (lowest assessed CEFR level), `occupationArea`, `municipality`. */
export interface RecordSearchValuesTable {
  record_id: string;
  dimension: string;
  value: string;
}

/** One partner hand-over (a disclosure): who, when, to whom, for which purpose, the file's SHA-256. */
export interface DisclosuresTable {
  id: string;
  recipient_id: string;
  purpose: string;
  created_at: string;
  created_by: string;
  created_by_name: string;
  format: string;
  filename: string;
  record_count: number;
  bytes: number;
  sha256: string;
}

/** The records a hand-over held. */
export interface DisclosureRecordsTable {
  disclosure_id: string;
  record_id: string;
}

/** One translated string's review state (migration 0023, src/server/translation/). */
export interface TranslationReviewsTable {
  kind: string;
  artifact_id: string;
  version: number;
  lang: string;
  /** The XLIFF unit id (`field.phone.label`, `purposes.profiling.label`, …). */
  unit_id: string;
  state: 'draft' | 'translated' | 'reviewed';
  reviewer: string | null;
  reviewed_at: string | null;
  source_sha256: string;
  target_sha256: string;
  updated_at: string;
  updated_by: string;
}

export interface Database {
  server_meta: ServerMetaTable;
  server_locks: ServerLocksTable;
  coordinators: CoordinatorsTable;
  password_links: PasswordLinksTable;
  audit_log: AuditLogTable;
  setup_tokens: SetupTokensTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  enrolments: EnrolmentsTable;
  devices: DevicesTable;
  push_outcomes: PushOutcomesTable;
  records: RecordsTable;
  record_revisions: RecordRevisionsTable;
  conflicts: ConflictsTable;
  artifacts: ArtifactsTable;
  evaluation_facts: EvaluationFactsTable;
  evaluation_values: EvaluationValuesTable;
  record_search: RecordSearchTable;
  record_search_values: RecordSearchValuesTable;
  erasures: ErasuresTable;
  erasure_confirmations: ErasureConfirmationsTable;
  partial_erasure_confirmations: PartialErasureConfirmationsTable;
  consent_withdrawals: ConsentWithdrawalsTable;
  record_consent: RecordConsentTable;
  retention_runs: RetentionRunsTable;
  disclosures: DisclosuresTable;
  disclosure_records: DisclosureRecordsTable;
  translation_reviews: TranslationReviewsTable;
}

export type { Generated };

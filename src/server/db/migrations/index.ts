import { sql, SqliteAdapter, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { consentRowsOf } from '../../erasure/record-consent';

// Migrations are code, listed in order, so the same set runs on SQLite and PostgreSQL
// and a bundled or compiled server never has to find files on disk.
// Rule: only column types that mean the same on both engines (text, integer);
// JSON is text, timestamps are ISO-8601 UTC text, booleans are integer 0/1.
const migrations: Record<string, Migration> = {
  '0001_server_meta': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('server_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },

  '0002_accounts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('server_locks')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('locked_at', 'text')
        .execute();
      await sql`insert into server_locks (name) values ('artifacts'), ('coordinators')`.execute(db);

      await db.schema
        .createTable('coordinators')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('setup_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('coordinator_id', 'text', (c) => c.notNull().references('coordinators.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();

      await db.schema
        .createTable('login_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('attempted_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_attempts_key').on('login_attempts').columns(['key', 'attempted_at']).execute();
    },
  },

  '0003_devices': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('enrolments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('device_name', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull().references('coordinators.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('device_id', 'text')
        .execute();

      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('enrolled_at', 'text', (c) => c.notNull())
        .addColumn('enrolment_id', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('last_seen_at', 'text')
        .addColumn('last_sync_at', 'text')
        .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('entries_received', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('pending_count', 'integer')
        .execute();
    },
  },

  '0004_sync': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('push_outcomes')
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('rev', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('processed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('push_outcomes_pk', ['device_id', 'seq'])
        .execute();
      await db.schema.createIndex('push_outcomes_record_id').on('push_outcomes').column('record_id').execute();

      await db.schema
        .createTable('records')
        .addColumn('record_id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('current_rev', 'integer', (c) => c.notNull())
        .addColumn('form_ref', 'text')
        .addColumn('notice', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('records_device_id').on('records').column('device_id').execute();

      await db.schema
        .createTable('record_revisions')
        .addColumn('record_id', 'text', (c) => c.notNull().references('records.record_id'))
        .addColumn('rev', 'integer', (c) => c.notNull())
        .addColumn('base_rev', 'integer', (c) => c.notNull())
        .addColumn('form_ref', 'text')
        .addColumn('notice', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('payload_sha256', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_revisions_pk', ['record_id', 'rev'])
        .execute();

      // No foreign key to records: an entry for a record the server never saw can conflict too.
      await db.schema
        .createTable('conflicts')
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('rev', 'integer', (c) => c.notNull())
        .addColumn('base_rev', 'integer', (c) => c.notNull())
        .addColumn('form_ref', 'text')
        .addColumn('notice', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('payload_sha256', 'text', (c) => c.notNull())
        .addColumn('server_rev', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('conflicts_pk', ['device_id', 'seq'])
        .execute();
      await db.schema.createIndex('conflicts_record_id').on('conflicts').column('record_id').execute();
    },
  },

  '0005_artifacts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('artifacts')
        .addColumn('change_no', 'integer', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('review_state', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('published_by', 'text')
        .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('retired_at', 'text')
        .addUniqueConstraint('artifacts_identity', ['kind', 'id', 'version', 'lang'])
        .execute();
    },
  },

  '0006_device_succession': {
    async up(db: Kysely<unknown>) {
      // A re-enrolled tablet continues the device it was: its records stay its own to edit.
      await db.schema.alterTable('devices').addColumn('succeeds', 'text', (c) => c.references('devices.id')).execute();
      // Each device is continued at most once.
      await db.schema.createIndex('devices_succeeds').on('devices').column('succeeds').unique().execute();
    },
  },

  '0007_demo_devices': {
    async up(db: Kysely<unknown>) {
      // Tablets of a synthetic campaign (npm run lotse -- demo-data): removable as a whole.
      await db.schema.alterTable('devices').addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  },

  '0008_evaluation_facts': {
    async up(db: Kysely<unknown>) {
      // Coded, non-identifying facts of each record's current revision (core/evaluation/facts.ts),
      // so the evaluation's figures are GROUP BY queries over short rows (server/evaluation/).
      let facts = db.schema
        .createTable('evaluation_facts')
        .addColumn('record_id', 'text', (c) => c.primaryKey().references('records.record_id'))
        .addColumn('rev', 'integer', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('form_ref', 'text')
        .addColumn('interview_date', 'text', (c) => c.notNull())
        .addColumn('excluded', 'text');
      // One column per single-valued dimension (core/evaluation singleDimensions, snake_case); frozen here.
      for (const column of [
        'week', 'nationality', 'age_band', 'sex', 'municipality', 'residence_status', 'isced',
        'german_listening', 'german_reading', 'german_spoken_interaction', 'german_spoken_production', 'german_writing',
        'vocational_training', 'studies', 'occupation_area', 'occupation_group', 'work_years', 'driving_licence',
      ]) facts = facts.addColumn(column, 'text');
      await facts.execute();
      await db.schema.createIndex('evaluation_facts_interview_date').on('evaluation_facts').column('interview_date').execute();
      await db.schema
        .createTable('evaluation_values')
        .addColumn('record_id', 'text', (c) => c.notNull().references('records.record_id'))
        .addColumn('dimension', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('evaluation_values_pk', ['record_id', 'dimension', 'value'])
        .execute();
      await db.schema.createIndex('evaluation_values_dimension').on('evaluation_values').columns(['dimension', 'value']).execute();
      await sql`insert into server_locks (name) values ('evaluation')`.execute(db);
    },
  },

  '0009_records_list_order': {
    async up(db: Kysely<unknown>) {
      // The coordinators' record list is paged newest first (received_at, then record_id, both
      // descending): read in index order instead of sorting every record for every page.
      await db.schema.createIndex('records_received_at').on('records').columns(['received_at', 'record_id']).execute();
    },
  },

  '0010_roles': {
    async up(db: Kysely<unknown>) {
      // Accounts that existed before roles keep what they could do: they become admins.
      await db.schema.alterTable('coordinators').addColumn('role', 'text', (c) => c.notNull().defaultTo('admin')).execute();
      await db.schema.alterTable('coordinators').addColumn('disabled_at', 'text').execute();
      // One-time links to set a password (a new account's first, or after a reset); only the hash is kept.
      await db.schema
        .createTable('password_links')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('coordinator_id', 'text', (c) => c.notNull().references('coordinators.id').onDelete('cascade'))
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('password_links_coordinator_id').on('password_links').column('coordinator_id').execute();
    },
  },

  '0011_audit_log': {
    async up(db: Kysely<unknown>) {
      // Append-only; each entry carries the hash of the one before (server/audit/log.ts).
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text')
        .addColumn('target_id', 'text')
        .addColumn('address', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
      await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'seq']).execute();
      await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_id', 'seq']).execute();
      await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute();
      await sql`insert into server_locks (name) values ('audit_log')`.execute(db);
    },
  },

  '0014_record_search': {
    async up(db: Kysely<unknown>) {
      // What the coordinators' record list finds a record by (records/search.ts), derived from its
      // current revision: PERSONAL DATA (names, nationality, municipality …) that erasure must clear.
      // No foreign key to records, so deleting a record never waits on these rows; whoever deletes a
      // record deletes its rows here too.
      await db.schema
        .createTable('record_search')
        .addColumn('record_id', 'text', (c) => c.primaryKey())
        .addColumn('rev', 'integer', (c) => c.notNull())
        .addColumn('short_reference', 'text', (c) => c.notNull())
        .addColumn('name_folded', 'text', (c) => c.notNull())
        .addColumn('name_skeletons', 'text', (c) => c.notNull())
        .addColumn('name_sort', 'text')
        .addColumn('name_latin', 'text')
        .addColumn('name_original', 'text')
        .execute();
      await db.schema.createIndex('record_search_short_reference').on('record_search').column('short_reference').execute();
      await db.schema
        .createTable('record_search_values')
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('dimension', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_search_values_pk', ['record_id', 'dimension', 'value'])
        .execute();
      await db.schema.createIndex('record_search_values_dimension').on('record_search_values').columns(['dimension', 'value', 'record_id']).execute();
      await sql`insert into server_locks (name) values ('record_search')`.execute(db);
    },
  },

  '0017_evalui_values_covering': {
    async up(db: Kysely<unknown>) {
      // The evaluation counts multi-valued facts (goals, languages, consent per recipient) of the
      // records in its filters: dimension → value → record_id in one index answers that without
      // reading a table row per value (SQLite: about 3× faster at 20,000 records, bench
      // `evaluation`). It holds the old (dimension, value) index as its prefix.
      await db.schema.createIndex('evaluation_values_dimension_record').on('evaluation_values').columns(['dimension', 'value', 'record_id']).execute();
      await db.schema.dropIndex('evaluation_values_dimension').execute();
    },
  },

  '0012_erasure': {
    async up(db: Kysely<unknown>) {
      // Withdrawal erases: the record row stays (ids and times), its personal data go, the proof stays.
      await db.schema.alterTable('records').addColumn('erased_at', 'text').execute();
      await db.schema
        .createTable('erasures')
        .addColumn('record_id', 'text', (c) => c.primaryKey().references('records.record_id'))
        .addColumn('erased_at', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('person_key', 'text')
        .addColumn('proof', 'text')
        .execute();
      await db.schema.createIndex('erasures_person_key').on('erasures').column('person_key').execute();
      await db.schema
        .createTable('erasure_confirmations')
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('record_id', 'text', (c) => c.notNull().references('records.record_id'))
        .addColumn('confirmed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('erasure_confirmations_pk', ['device_id', 'record_id'])
        .execute();
      await db.schema
        .createTable('consent_withdrawals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('record_id', 'text', (c) => c.notNull().references('records.record_id'))
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .addColumn('received_on', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('scope', 'text')
        .addColumn('entered_by', 'text', (c) => c.notNull())
        .addColumn('entered_by_name', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('consent_withdrawals_record_id').on('consent_withdrawals').columns(['record_id', 'entered_at']).execute();
      // The current consent per record and item, kept with every push and entered withdrawal, so
      // "who may receive data now" is a query (hand-overs) and survives erasure (it is the decisions).
      await db.schema
        .createTable('record_consent')
        .addColumn('record_id', 'text', (c) => c.notNull().references('records.record_id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_consent_pk', ['record_id', 'kind', 'item_id'])
        .execute();
      await db.schema.createIndex('record_consent_item').on('record_consent').columns(['kind', 'item_id', 'state']).execute();
      // Existing records: their current consent, from their current revision (no entered withdrawals exist yet).
      for (let after = ''; ; ) {
        const { rows } = await sql<{ record_id: string; payload: string }>`
          select r.record_id, rr.payload from records r
          join record_revisions rr on rr.record_id = r.record_id and rr.rev = r.current_rev
          where r.record_id > ${after} order by r.record_id limit 500`.execute(db);
        if (rows.length === 0) break;
        const values = rows.flatMap((row) => consentRowsOf(row.record_id, JSON.parse(row.payload) as unknown, []));
        for (let start = 0; start < values.length; start += 500) {
          const part = values.slice(start, start + 500);
          await sql`insert into record_consent (record_id, kind, item_id, state) values ${sql.join(part.map((v) => sql`(${v.record_id}, ${v.kind}, ${v.item_id}, ${v.state})`))}`.execute(db);
        }
        after = rows.at(-1)!.record_id;
      }
    },
  },

  '0013_retention': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('records').addColumn('counselling_ended_on', 'text').execute();
      await db.schema
        .createTable('retention_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('run_on', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        .addColumn('erased_count', 'integer', (c) => c.notNull())
        .addColumn('report', 'text', (c) => c.notNull())
        .addColumn('ran_by', 'text')
        .execute();
      await db.schema.createIndex('retention_runs_run_on').on('retention_runs').columns(['run_on', 'trigger']).execute();
      await sql`insert into server_locks (name) values ('retention')`.execute(db);
    },
  },

  '0018_evaluation_counted_indexes': {
    async up(db: Kysely<unknown>) {
      // The evaluation's figures in one pass each (server/evaluation/queries.ts, bench `evaluation`):
      // each record's multi-valued facts and its consent per recipient also as one value on its facts
      // row (a JSON array / object), so they are counted by GROUP BY over one row per record instead
      // of one row per value (9 recipients × 100,000 records were 900,000 rows to semi-join).
      for (const column of ['other_languages', 'goals', 'measures', 'consent']) await db.schema.alterTable('evaluation_facts').addColumn(column, 'text').execute();
      // Facts projected before have none of these: derived again on the next refresh (an erased
      // record's facts row says only that it withdrew; the refresh leaves it as it is).
      await sql`update evaluation_facts set rev = -1`.execute(db);
      // On SQLite every GROUP BY sorted its 100,000 rows; a partial index per counted dimension,
      // holding the filter columns, lets it read the counts in index order without touching the
      // table (about 110 → 7 ms per dimension at 100,000 records). Consent and inclusion are counted
      // over every interview in the filters, so their indexes are not partial. PostgreSQL counts
      // everything in one scan (GROUPING SETS) and would only pay for them at every push.
      if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
      const filterColumns = ['interview_date', 'municipality', 'device_id', 'form_ref'];
      const counted = [
        'week', 'nationality', 'age_band', 'sex', 'municipality', 'residence_status', 'isced',
        'german_listening', 'german_reading', 'german_spoken_interaction', 'german_spoken_production', 'german_writing',
        'vocational_training', 'studies', 'occupation_area', 'occupation_group', 'work_years', 'driving_licence',
        'other_languages', 'goals', 'measures',
      ];
      for (const column of counted) {
        await db.schema
          .createIndex(`evaluation_facts_counted_${column}`)
          .on('evaluation_facts')
          .columns([column, ...filterColumns.filter((c) => c !== column)])
          .where(sql.ref('excluded'), 'is', null)
          .execute();
      }
      for (const column of ['excluded', 'consent']) {
        await db.schema.createIndex(`evaluation_facts_all_${column}`).on('evaluation_facts').columns([column, ...filterColumns]).execute();
      }
    },
  },

  // Partner hand-overs: each one a disclosure (who, when, to whom, the file's hash) and the records it held.
  '0020_disclosures': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('disclosures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('recipient_id', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_by_name', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('record_count', 'integer', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('disclosures_recipient').on('disclosures').columns(['recipient_id', 'created_at']).execute();
      // No foreign key to records (like record_search): whoever deletes records (demo-data --remove) deletes these rows too.
      await db.schema
        .createTable('disclosure_records')
        .addColumn('disclosure_id', 'text', (c) => c.notNull().references('disclosures.id'))
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('disclosure_records_pk', ['disclosure_id', 'record_id'])
        .execute();
      await db.schema.createIndex('disclosure_records_record').on('disclosure_records').columns(['record_id']).execute();
    },
  },
  '0021_device_wipe': {
    // Issue #12 item 6: a coordinator marks a device lost; its next pull answers `wipe`, and the
    // device's confirmation revokes its token (`wiped_at`, `revoked_at`).
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('devices').addColumn('wipe_requested_at', 'text').execute();
      await db.schema.alterTable('devices').addColumn('wipe_requested_by', 'text').execute();
      await db.schema.alterTable('devices').addColumn('wiped_at', 'text').execute();
    },
  },
  '0022_consent_proof_retention': {
    // Issue #14: the notice promises to delete the consent proof 3 years after the data were
    // erased (a refusal's entry after 1 year); the retention run sets this when it deletes one.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('erasures').addColumn('proof_deleted_at', 'text').execute();
    },
  },
  '0023_translation_reviews': {
    // Issue #13 item 4: the review state of each translated string, beside the published
    // (immutable, hashed) artifact rather than inside it. One row per artifact version, language
    // and string (XLIFF unit id); `source_sha256` / `target_sha256` are the SHA-256 of the German
    // text and of the translation when the state was set: a German text that no longer matches
    // makes the string stale (also in a later version, which inherits the row by unit id).
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('translation_reviews')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('artifact_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reviewer', 'text')
        .addColumn('reviewed_at', 'text')
        .addColumn('source_sha256', 'text', (c) => c.notNull())
        .addColumn('target_sha256', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('translation_reviews_pk', ['kind', 'artifact_id', 'lang', 'unit_id', 'version'])
        .execute();
    },
  },
  '0024_partial_erasure_confirmations': {
    // Issue #14: a device confirms that it erased the answers an explicit consent item withdrawn
    // on its own covered (the partial erasure is the entered withdrawal, `consent_withdrawals.id`;
    // no foreign key to it: retention deletes withdrawals of erased records).
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('partial_erasure_confirmations')
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('withdrawal_id', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull().references('records.record_id'))
        .addColumn('confirmed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('partial_erasure_confirmations_pk', ['device_id', 'withdrawal_id'])
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

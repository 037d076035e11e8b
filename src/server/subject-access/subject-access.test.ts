/**
 * Subject access (Art. 15) on both engines, over demo interviews in the applicants' own
 * languages: the document holds the answers labelled in German and in the person's language, the
 * consent and its evidence, every hand-over, and who viewed the record when — and is itself logged.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtifactCatalog } from '../artifacts/catalog';
import { publishContentDirectory } from '../artifacts/content-dir';
import { keyedHashWith } from '../auth/secrets';
import { configFromEnv } from '../config';
import type { ServerContext } from '../context';
import { insertDemoData } from '../demo/demo-data';
import { jsonWithCookie, signedInCoordinator } from '../testing/api';
import { createTestDatabase, engines, type TestDatabase } from '../testing/databases';
import { createTestServer } from '../testing/server';
import type { SubjectAccessDocument } from './document';

const contentDir = path.resolve(import.meta.dirname, '../../../content');
const now = () => new Date('2026-06-01T12:00:00.000Z');
const form1 = JSON.parse(fs.readFileSync(path.join(contentDir, 'forms/profilingbogen@1.json'), 'utf8')) as { sections: { id: string; label: Record<string, string> }[] };

describe.each(engines)('subject access on %s', (engine) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let cookie: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await publishContentDirectory(database.db, contentDir, { now, log: Fastify({ logger: false }).log });
    const context: ServerContext = { config: configFromEnv({}), database, now, artifacts: createArtifactCatalog(database.db), personKey: keyedHashWith('test-person-key-secret-0123456789abcdef') };
    await insertDemoData(context, { count: 40, seed: 5, start: '2026-01-05', weeks: 6, devices: 1 });
    app = await createTestServer(database, {}, { now });
    cookie = await signedInCoordinator(app, database.db, 'Anna');
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('gives one document with answers in German and the person’s language, consent, hand-overs and every view', async () => {
    // A person who read the notice in a language other than German, whose data went to the Jobcenter.
    const candidates = await database.db
      .selectFrom('records as r')
      .innerJoin('record_consent as c', 'c.record_id', 'r.record_id')
      .select(['r.record_id', 'r.notice'])
      .where('r.erased_at', 'is', null)
      .where('c.kind', '=', 'recipient')
      .where('c.item_id', '=', 'jobcenter')
      .where('c.state', '=', 'given')
      .execute();
    const person = candidates.find((row) => (JSON.parse(row.notice) as { lang: string }).lang !== 'de' && (JSON.parse(row.notice) as { lang: string }).lang !== 'en')!;
    expect(person).toBeDefined();
    const lang = (JSON.parse(person.notice) as { lang: string }).lang;
    const handover = await app.inject({ method: 'GET', url: '/api/v1/exports/partners/jobcenter.csv', headers: { cookie } });
    expect(handover.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/v1/records/${person.record_id}`, headers: { cookie } })).statusCode).toBe(200);

    const response = await app.inject({ method: 'GET', url: `/api/v1/records/${person.record_id}/subject-access`, headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const document = response.json() as SubjectAccessDocument;
    expect(document.language).toBe(lang);

    // Answers: the sections' labels from the form, in German and in the person's language.
    const personSection = document.answers!.sections.find((s) => s.id === 'person')!;
    const source = form1.sections.find((s) => s.id === 'person')!.label;
    expect(personSection.label).toEqual({ de: source.de, local: source[lang] ?? source.de });
    expect(personSection.label.local).not.toBe(personSection.label.de);
    const stored = JSON.parse((await database.db.selectFrom('record_revisions').select('payload').where('record_id', '=', person.record_id).orderBy('rev', 'desc').executeTakeFirstOrThrow()).payload) as { answers: { surname: string } };
    const surname = personSection.items.find((item) => item.kind === 'field' && item.id === 'surname') as { value: { kind: string; text: string } };
    expect(surname.value).toEqual({ kind: 'text', text: stored.answers.surname });

    // Consent and its evidence, recipients labelled from the notice in both languages.
    const notice = JSON.parse(fs.readFileSync(path.join(contentDir, `notices/notice@1/${lang}.json`), 'utf8')) as { recipients: { id: string; label: string }[] };
    const jobcenter = document.consent!.items.find((item) => item.kind === 'recipient' && item.id === 'jobcenter')!;
    expect(jobcenter).toMatchObject({ state: 'given', label: { de: 'Jobcenter', local: notice.recipients.find((r) => r.id === 'jobcenter')!.label } });
    expect(document.consent!.notice.language).toBe(lang);
    expect(['signature', 'mark']).toContain(document.consent!.evidence.kind);
    expect(document.consent!.events[0]).toMatchObject({ type: 'given' });

    // Every hand-over, and who viewed the record when — this document included.
    expect(document.disclosures).toEqual([expect.objectContaining({ recipientId: 'jobcenter', id: String(handover.headers['x-lotse-disclosure']), by: 'Anna' })]);
    expect(document.accesses.map((a) => [a.action, a.actor])).toEqual([
      ['record.view', 'Anna'],
      ['record.subject_access', 'Anna'],
    ]);
    const logged = await database.db.selectFrom('audit_log').select(['action', 'actor_name']).where('target_id', '=', person.record_id).where('action', '=', 'record.subject_access').execute();
    expect(logged).toEqual([{ action: 'record.subject_access', actor_name: 'Anna' }]);
  });

  it('after a withdrawal holds no answers any more, but the consent proof and the withdrawal', async () => {
    const record = await database.db.selectFrom('records').select('record_id').where('erased_at', 'is', null).where('form_ref', 'is not', null).orderBy('record_id', 'desc').executeTakeFirstOrThrow();
    const withdrawn = await app.inject({ method: 'POST', url: `/api/v1/records/${record.record_id}/withdrawals`, headers: jsonWithCookie(cookie), payload: { channel: 'letter', receivedOn: '2026-05-30', scope: 'all' } });
    expect(withdrawn.statusCode).toBe(201);
    const document = (await app.inject({ method: 'GET', url: `/api/v1/records/${record.record_id}/subject-access`, headers: { cookie } })).json() as SubjectAccessDocument;
    expect(document.answers).toBeNull();
    expect(document.erasure).toMatchObject({ reason: 'withdrawn' });
    expect(document.consent!.status).toBe('withdrawn');
    expect(document.consent!.events.at(-1)).toMatchObject({ type: 'withdrawn', channel: 'letter', by: 'Anna' });
    expect(document.accesses.map((a) => a.action)).toEqual(expect.arrayContaining(['withdrawal.record', 'record.erase', 'record.subject_access']));
  });

  it('is not for analysts and knows only received records', async () => {
    const unknown = await app.inject({ method: 'GET', url: `/api/v1/records/${crypto.randomUUID()}/subject-access`, headers: { cookie } });
    expect(unknown.statusCode).toBe(404);
  });
});

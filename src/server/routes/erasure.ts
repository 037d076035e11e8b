/**
 * Withdrawal, erasure and retention for coordinators (the contract is `core/api/erasure.ts`).
 *   POST /api/v1/records/:recordId/withdrawals      a withdrawal received by phone, letter, e-mail or in person
 *   POST /api/v1/records/:recordId/counselling-end  marks (or clears) the day the person's counselling ended
 *   POST /api/v1/erasures/match                     is a person's record erased? matched by keyed hash only
 *   GET  /api/v1/retention/settings                 the retention periods
 *   PUT  /api/v1/retention/settings
 *   GET  /api/v1/retention/preview?date=YYYY-MM-DD  what a run on that day would erase
 *   GET  /api/v1/retention/runs                     the reports of the last runs
 *   POST /api/v1/retention/runs                     runs the job now (today)
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  access,
  counsellingEndRequestSchema,
  enterWithdrawalRequestSchema,
  erasureMatchRequestSchema,
  retentionSettingsValuesSchema,
  type counsellingEndSchema,
  type erasureMatchSchema,
  type retentionPreviewSchema,
  type retentionRunListSchema,
  type retentionRunSchema,
  type retentionSettingsSchema,
  type withdrawalResultSchema,
} from '../../core/api/index';
import { personMatchText } from '../../core/record/index';
import { uuidSchema } from '../../core/sync/index';
import type { ServerContext } from '../context';
import { signedIn } from '../auth/sessions';
import { forRoles } from '../auth/access';
import { auditRequest } from '../audit/log';
import { httpError, parseOrBadRequest } from '../http/errors';
import { enterWithdrawal } from '../erasure/withdrawals';
import { previewRetention, retentionRuns, retentionSettings, runRetention, saveRetentionSettings } from '../retention/retention';

const recordParams = z.strictObject({ recordId: uuidSchema });
const previewQuery = z.strictObject({ date: z.iso.date() });

export function registerErasureRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;
  // Withdrawals entered by phone or letter and erasure are the coordinators' work; retention the admin's.
  const coordinatorOnly = forRoles(context, access.records);
  const adminOnly = forRoles(context, access.retention);

  app.post('/api/v1/records/:recordId/withdrawals', coordinatorOnly, async (request, reply) => {
    const { recordId } = parseOrBadRequest(recordParams, request.params, 'path');
    const body = parseOrBadRequest(enterWithdrawalRequestSchema, request.body, 'withdrawal');
    const { coordinator } = signedIn(request);
    // Audited in the withdrawal's own transaction: the entry exists exactly when the withdrawal does.
    const result = await enterWithdrawal(context, recordId, body, coordinator, (trx, done) =>
      auditRequest(context, request, { action: 'withdrawal.record', target: { type: 'record', id: recordId }, details: { channel: body.channel, receivedOn: body.receivedOn, scope: body.scope, erased: done.erasure !== null, erasedAnswers: done.erasedAnswers } }, trx),
    );
    request.log.info({ recordId, channel: body.channel, partial: body.scope !== 'all', erased: result.erasure !== null }, 'withdrawal entered');
    return reply.code(201).send(result satisfies z.input<typeof withdrawalResultSchema>);
  });

  app.post('/api/v1/records/:recordId/counselling-end', coordinatorOnly, async (request) => {
    const { recordId } = parseOrBadRequest(recordParams, request.params, 'path');
    const { endedOn } = parseOrBadRequest(counsellingEndRequestSchema, request.body, 'counselling end');
    if (endedOn !== null && endedOn > context.now().toISOString().slice(0, 10)) {
      throw httpError(400, 'bad_request', `The counselling cannot end in the future (${endedOn}).`, { details: [{ path: ['endedOn'], message: 'in the future' }] });
    }
    // Audited in the same transaction: the retention clock of this person starts (or stops) here.
    await db.transaction().execute(async (trx) => {
      const updated = await trx.updateTable('records').set({ counselling_ended_on: endedOn }).where('record_id', '=', recordId).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw httpError(404, 'not_found', 'The server has received nothing for this record.');
      await auditRequest(context, request, { action: 'record.counselling_end', target: { type: 'record', id: recordId }, details: { endedOn } }, trx);
    });
    return { recordId, counsellingEndedOn: endedOn } satisfies z.input<typeof counsellingEndSchema>;
  });

  app.post('/api/v1/erasures/match', coordinatorOnly, async (request) => {
    const body = parseOrBadRequest(erasureMatchRequestSchema, request.body, 'person');
    const text = personMatchText(body);
    const rows =
      text === null
        ? []
        : await db.selectFrom('erasures').select(['record_id', 'erased_at', 'reason']).where('person_key', '=', context.personKey(text)).orderBy('erased_at').execute();
    return { erasures: rows.map((row) => ({ recordId: row.record_id, erasedAt: row.erased_at, reason: row.reason })) } satisfies z.input<typeof erasureMatchSchema>;
  });

  app.get('/api/v1/retention/settings', adminOnly, async () => (await retentionSettings(db)) satisfies z.input<typeof retentionSettingsSchema>);

  app.put('/api/v1/retention/settings', adminOnly, async (request) => {
    const body = parseOrBadRequest(z.strictObject({ values: retentionSettingsValuesSchema }), request.body, 'retention settings');
    const saved = await db.transaction().execute(async (trx) => {
      const settings = await saveRetentionSettings(trx, body.values, signedIn(request).coordinator.name, context.now().toISOString());
      await auditRequest(context, request, { action: 'settings.change', target: { type: 'settings', id: 'retention' }, details: { values: body.values } }, trx);
      return settings;
    });
    request.log.info({ values: body.values }, 'retention settings saved');
    return saved satisfies z.input<typeof retentionSettingsSchema>;
  });

  app.get('/api/v1/retention/preview', adminOnly, async (request) => {
    const { date } = parseOrBadRequest(previewQuery, request.query, 'query');
    return (await previewRetention(db, date)) satisfies z.input<typeof retentionPreviewSchema>;
  });

  app.get('/api/v1/retention/runs', adminOnly, async () => ({ runs: await retentionRuns(db) }) satisfies z.input<typeof retentionRunListSchema>);

  app.post('/api/v1/retention/runs', adminOnly, async (request, reply) => {
    const { coordinator } = signedIn(request);
    const run = await runRetention(context, { trigger: 'coordinator', ranBy: coordinator.name, actor: { type: 'account', id: coordinator.id, name: coordinator.name } });
    request.log.info({ runId: run?.id, erased: run?.erasedCount }, 'retention run by a coordinator');
    return reply.code(201).send(run! satisfies z.input<typeof retentionRunSchema>);
  });
}

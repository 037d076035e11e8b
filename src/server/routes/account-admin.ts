/**
 * Accounts, managed by an admin (accounts/management.ts), and the one-time link their owners use.
 *   GET  /api/v1/accounts                       admin: every account with role, state, open link
 *   POST /api/v1/accounts                       admin: {name, role} → 201 {account, link: {url, expiresAt}}
 *   POST /api/v1/accounts/:id/role              admin: {role} → {account}
 *   POST /api/v1/accounts/:id/disable           admin → {account}; its sessions end
 *   POST /api/v1/accounts/:id/enable            admin → {account}
 *   POST /api/v1/accounts/:id/password-link     admin → {account, link}; the old password stops working
 *   POST /api/v1/accounts/password              the link's token: {token, password} → signed in
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  access,
  accountAnswerSchema,
  accountListSchema,
  accountWithLinkSchema,
  changeRoleRequestSchema,
  createAccountRequestSchema,
  sessionSchema,
  setPasswordRequestSchema,
} from '../../core/api/index';
import { uuidSchema } from '../../core/sync/index';
import type { ServerContext } from '../context';
import { forRoles, publicRoute } from '../auth/access';
import { parseOrBadRequest } from '../http/errors';
import { requestActor } from '../audit/log';
import { changeRole, createAccount, disableAccount, enableAccount, listAccounts, resetPassword, setPasswordWithLink, type ChangeBy } from '../accounts/management';
import { signIn } from './accounts';

const idParamsSchema = z.object({ id: uuidSchema });

/** Where the owner sets the password: the token travels in the fragment, which no server log sees. */
function linkUrl(request: FastifyRequest, token: string): string {
  return `${request.protocol}://${request.host}/coordinator/password#${token}`;
}

export function registerAccountAdminRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db } = context.database;
  const adminOnly = forRoles(context, access.accounts);
  const by = (request: FastifyRequest): ChangeBy => ({ actor: requestActor(request), address: request.ip, now: context.now() });
  const idOf = (request: FastifyRequest) => parseOrBadRequest(idParamsSchema, request.params, 'path').id;

  app.get('/api/v1/accounts', adminOnly, async () => ({ accounts: await listAccounts(db, context.now()) }) satisfies z.input<typeof accountListSchema>);

  app.post('/api/v1/accounts', adminOnly, async (request, reply) => {
    const body = parseOrBadRequest(createAccountRequestSchema, request.body);
    const { account, token, expiresAt } = await createAccount(db, body, by(request));
    request.log.info({ accountId: account.id, role: account.role }, 'account created');
    return reply.code(201).send({ account, link: { url: linkUrl(request, token), expiresAt } } satisfies z.input<typeof accountWithLinkSchema>);
  });

  app.post('/api/v1/accounts/:id/role', adminOnly, async (request) => {
    const { role } = parseOrBadRequest(changeRoleRequestSchema, request.body);
    return { account: await changeRole(db, idOf(request), role, by(request)) } satisfies z.input<typeof accountAnswerSchema>;
  });

  app.post('/api/v1/accounts/:id/disable', adminOnly, async (request) => ({ account: await disableAccount(db, idOf(request), by(request)) }) satisfies z.input<typeof accountAnswerSchema>);

  app.post('/api/v1/accounts/:id/enable', adminOnly, async (request) => ({ account: await enableAccount(db, idOf(request), by(request)) }) satisfies z.input<typeof accountAnswerSchema>);

  app.post('/api/v1/accounts/:id/password-link', adminOnly, async (request) => {
    const { account, token, expiresAt } = await resetPassword(db, idOf(request), by(request));
    return { account, link: { url: linkUrl(request, token), expiresAt } } satisfies z.input<typeof accountWithLinkSchema>;
  });

  app.post('/api/v1/accounts/password', publicRoute, async (request, reply) => {
    const body = parseOrBadRequest(setPasswordRequestSchema, request.body);
    const coordinator = await setPasswordWithLink(db, body, { address: request.ip, now: context.now() });
    return (await signIn(context, request, reply, coordinator)) satisfies z.input<typeof sessionSchema>;
  });
}

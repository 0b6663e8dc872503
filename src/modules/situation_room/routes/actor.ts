// Who is asking a room's page, with their grants (roles from identity); and who calls the
// room's APIs with a person's bearer token of a scope.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { authenticatedBy } from '../../../platform/http/principal.ts';
import type { Deps } from '../../../platform/module.ts';
import { findAccount, getRoles, roleGrantsOf, verifyUserToken } from '../../identity/index.ts';
import type { Actor } from '../instruction.service.ts';

/** Who is asking, with their grants (null when nobody is signed in). */
export async function actorOf(deps: Deps, request: FastifyRequest): Promise<{ actor: Actor | null; roles: Awaited<ReturnType<typeof getRoles>> }> {
  const account = request.current?.account ?? null;
  if (!account) return { actor: null, roles: [] };
  const roles = await getRoles(deps, account.id);
  return { actor: { accountId: account.id, grants: roleGrantsOf(account, roles) }, roles };
}

/** The person behind a bearer token with `scope`, with their grants; found in onRequest, before the body is validated (docs/security.md). No scope: 403 SITUATION_ROOM_FORBIDDEN. */
export function bearerPerson(app: TamboApp, deps: Deps, scope: string) {
  return authenticatedBy(async (request: FastifyRequest): Promise<Actor> => {
    const checked = await verifyUserToken(app, request.headers.authorization, scope);
    if ('error' in checked) {
      const headers = { 'www-authenticate': `Bearer realm="tambo", scope="${scope}", error="${checked.error}"` };
      throw new AppError(checked.error === 'insufficient_scope' ? 'SITUATION_ROOM_FORBIDDEN' : 'UNAUTHENTICATED', { headers });
    }
    const account = await findAccount(deps, checked.user.accountId);
    if (!account) throw new AppError('UNAUTHENTICATED');
    return { accountId: account.id, grants: roleGrantsOf(account, await getRoles(deps, account.id)) };
  });
}

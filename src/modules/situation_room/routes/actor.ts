// Who is asking a room's page, with their grants (roles from identity); and who calls the
// room's APIs with a person's bearer token of a scope.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { authenticatedBy } from '../../../platform/http/principal.ts';
import type { Deps } from '../../../platform/module.ts';
import { findAccount, getRoles, roleGrantsOf, verifyUserToken } from '../../identity/index.ts';
import { ROOM_PATH } from '../room.types.ts';
import { roomPath } from '../views/room.views.tsx';
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
    const checked = await verifyUserToken(app, request.headers.authorization, scope, request);
    if ('error' in checked) {
      const headers = { 'www-authenticate': `Bearer realm="tambo", scope="${scope}", error="${checked.error}"` };
      throw new AppError(checked.error === 'insufficient_scope' ? 'SITUATION_ROOM_FORBIDDEN' : 'UNAUTHENTICATED', { headers });
    }
    const account = await findAccount(deps, checked.user.accountId);
    if (!account) throw new AppError('UNAUTHENTICATED');
    return { accountId: account.id, grants: roleGrantsOf(account, await getRoles(deps, account.id)) };
  });
}

/** A page under a territory's room (not cached: it may hold a form): breadcrumbs to the room; with field errors, 400 and the title says so. */
export function roomSubPage(
  request: FastifyRequest,
  reply: FastifyReply,
  page: { title: string; room: { code: string; name: string }; errors?: Record<string, string>; body: ComponentChildren },
): FastifyReply {
  const failed = Object.keys(page.errors ?? {}).length > 0;
  reply.header('cache-control', 'private, no-store');
  return reply.page({
    title: failed ? request.t('situation_room.instruction.errorTitle', { title: page.title }) : page.title,
    status: failed ? 400 : 200,
    breadcrumbs: [
      { href: '/', label: request.t('portal.home.breadcrumb') },
      { href: ROOM_PATH, label: request.t('situation_room.nav') },
      { href: roomPath(page.room.code), label: page.room.name },
    ],
    body: page.body,
  });
}

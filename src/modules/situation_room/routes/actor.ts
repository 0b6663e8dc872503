// Who is asking a room's page, with their grants (roles from identity); and who calls the
// room's APIs with a person's bearer token of a scope.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, personWithGrants, roleGrantsOf } from '../../identity/index.ts';
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

/** The person behind a bearer token with `scope`, with her grants (identity's door); no scope: 403 SITUATION_ROOM_FORBIDDEN. */
export function bearerPerson(app: TamboApp, deps: Deps, scope: string) {
  return personWithGrants(app, deps, scope, 'SITUATION_ROOM_FORBIDDEN');
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

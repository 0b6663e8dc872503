// Who is asking a room's page, with their grants (roles from identity).
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, roleGrantsOf } from '../../identity/index.ts';
import type { Actor } from '../instruction.service.ts';

/** Who is asking, with their grants (null when nobody is signed in). */
export async function actorOf(deps: Deps, request: FastifyRequest): Promise<{ actor: Actor | null; roles: Awaited<ReturnType<typeof getRoles>> }> {
  const account = request.current?.account ?? null;
  if (!account) return { actor: null, roles: [] };
  const roles = await getRoles(deps, account.id);
  return { actor: { accountId: account.id, grants: roleGrantsOf(account, roles) }, roles };
}

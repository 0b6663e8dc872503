// Who is calling a registry API: an agency's system with a client credentials token holding
// `registries:read` or `registries:write` (docs/api-auth.md), or the signed-in person (their
// own usage log). Calls that came through the exchange carry `X-Road-Client`/`X-Road-Id`
// (GovStack's `Information-Mediator-Client` too): the usage log keeps them.
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { verifyClientToken } from '../../identity/index.ts';
import { REGISTRIES_READ, REGISTRIES_WRITE, type Reader } from '../registry.types.ts';

const header = (request: FastifyRequest, name: string): string | null => {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text ? text.slice(0, 300) : null;
};

/** The agency system behind the bearer token; reads accept either right (the owner's system holds `registries:write`). */
export async function clientReader(app: TamboApp, request: FastifyRequest, need: 'read' | 'write'): Promise<Reader> {
  const token = /^Bearer ([\w-]{20,200})$/.exec(request.headers.authorization ?? '')?.[1];
  const scope = need === 'read' ? REGISTRIES_READ : REGISTRIES_WRITE;
  const challenge = `Bearer realm="tambo", scope="${scope}"`;
  if (!token) throw new AppError('UNAUTHENTICATED', { headers: { 'www-authenticate': challenge } });
  const scopes = need === 'read' ? [REGISTRIES_READ, REGISTRIES_WRITE] : [REGISTRIES_WRITE];
  let lastError: 'invalid_token' | 'insufficient_scope' = 'invalid_token';
  for (const candidate of scopes) {
    const check = await verifyClientToken(app, token, candidate);
    if ('client' in check) {
      return {
        kind: 'client',
        clientId: check.client.clientId,
        agencyCode: check.client.agencyCode,
        scopes: [candidate],
        xroadClient: header(request, 'x-road-client') ?? header(request, 'information-mediator-client'),
        xroadId: header(request, 'x-road-id'),
      };
    }
    lastError = check.error;
    if (check.error === 'invalid_token') break;
  }
  const headers = { 'www-authenticate': `${challenge}, error="${lastError}"` };
  // A live token without the right is the grant missing: the registry's own 403.
  throw lastError === 'insufficient_scope' ? new AppError('REGISTRIES_FORBIDDEN', { headers }) : new AppError('UNAUTHENTICATED', { headers });
}

/** The signed-in person (portal session), for their own usage log. */
export function personReader(request: FastifyRequest): Reader {
  if (!request.current) throw new AppError('UNAUTHENTICATED');
  const { account } = request.current;
  return { kind: 'person', accountId: account.id, documentNumber: account.documentNumber };
}

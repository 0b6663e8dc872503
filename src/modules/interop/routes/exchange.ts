// The exchange over HTTP (docs/interoperability.md, "Calls"): `{METHOD} /r1/{INSTANCE}/{CLASS}/
// {MEMBER}/{SUBSYSTEM}/{SERVICE}/…` forwarded to the producer, and the metadata services
// `listClients`, `listMethods`, `allowedMethods`, `getOpenAPI`. Every caller is an OAuth
// client holding `interop:call` (client credentials) whose subsystem X-Road-Client names.
// Documented in docs/interoperability.md rather than in the OpenAPI document: the paths are
// the producers' own.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { verifyClientToken } from '../../identity/index.ts';
import { callingSubsystem, callThroughExchange, xroadError } from '../exchange.service.ts';
import { allowedServices, type System, serviceCached, servicesOf, subsystems } from '../interop.service.ts';
import { instanceOf, INTEROP_SCOPES, MEMBER_CLASS, type Service } from '../interop.types.ts';

/** The agency's system behind a client credentials token holding `scope`; errors carry X-Road-Error. */
export async function exchangeSystem(app: TamboApp, request: FastifyRequest, scope: string): Promise<System> {
  const token = /^Bearer ([\w-]{20,200})$/.exec(request.headers.authorization ?? '')?.[1];
  const challenge = `Bearer realm="tambo", scope="${scope}"`;
  if (!token) throw xroadError('UNAUTHENTICATED', { 'www-authenticate': challenge });
  // The request too: a token bound to a certificate (mutual TLS) needs the same certificate.
  const check = await verifyClientToken(app, token, scope, request);
  if ('error' in check) {
    const headers = { 'www-authenticate': `${challenge}, error="${check.error}"` };
    throw check.error === 'insufficient_scope' ? xroadError('INSUFFICIENT_SCOPE', headers) : xroadError('UNAUTHENTICATED', headers);
  }
  if (!check.client.agencyCode) throw xroadError('INTEROP_UNKNOWN_CLIENT');
  return { clientId: check.client.clientId, agencyCode: check.client.agencyCode };
}

type Params = { instance: string; memberClass: string; member: string; subsystem: string; service: string; '*'?: string };
const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

const serviceEntry = (instance: string, s: Service) => ({
  object_type: 'SERVICE',
  xroad_instance: instance,
  member_class: MEMBER_CLASS,
  member_code: s.memberCode,
  subsystem_code: s.subsystemCode,
  service_code: s.code,
  service_type: 'OPENAPI',
  title: s.title,
});

export function registerExchange(app: TamboApp, deps: Deps): void {
  const instance = instanceOf(deps.country.code);
  app.register(async (scoped) => {
    // Bodies travel as they came: the producer's content type, never parsed here.
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1_048_576 }, (_request, body, done) => done(null, body));
    const options = { config: { csrf: false as const }, schema: { hide: true } };

    scoped.get('/r1/listClients', options, async (request) => {
      const system = await exchangeSystem(app, request, INTEROP_SCOPES.call);
      await callingSubsystem(deps, system, header(request, 'x-road-client'));
      return {
        member: (await subsystems(deps)).map((s) => ({
          id: { object_type: 'SUBSYSTEM', xroad_instance: instance, member_class: MEMBER_CLASS, member_code: s.memberCode, subsystem_code: s.code },
          name: s.memberCode,
        })),
      };
    });

    const metadata = async (request: FastifyRequest<{ Params: Params; Querystring: Record<string, string> }>, reply: FastifyReply) => {
      const p = request.params;
      const system = await exchangeSystem(app, request, INTEROP_SCOPES.call);
      const client = await callingSubsystem(deps, system, header(request, 'x-road-client'));
      if (p.instance !== instance || p.memberClass !== MEMBER_CLASS) throw xroadError('INTEROP_UNKNOWN_SERVICE');
      const published = await servicesOf(deps, p.member, p.subsystem);
      if (p.service === 'listMethods') return { service: published.map((s) => serviceEntry(instance, s)) };
      if (p.service === 'allowedMethods') {
        const granted = new Set((await allowedServices(deps, client.member, client.subsystem)).map((g) => g.serviceId));
        return { service: published.filter((s) => granted.has(s.id)).map((s) => serviceEntry(instance, s)) };
      }
      const found = await serviceCached(deps, p.member, p.subsystem, String(request.query.serviceCode ?? ''));
      if (!found) throw xroadError('INTEROP_UNKNOWN_SERVICE');
      return reply.type('application/json').send(found.openapi);
    };

    const call = async (request: FastifyRequest<{ Params: Params; Querystring: Record<string, string> }>, reply: FastifyReply) => {
      const p = request.params;
      // The rest of the path as sent (still percent-encoded), so that what is hashed and forwarded is what the client wrote.
      const queryAt = request.url.indexOf('?');
      const segments = (queryAt >= 0 ? request.url.slice(0, queryAt) : request.url).split('/');
      const rest = segments.length > 7 ? `/${segments.slice(7).join('/')}` : '';
      if (request.method === 'GET' && rest === '' && ['listMethods', 'allowedMethods', 'getOpenAPI'].includes(p.service)) return metadata(request, reply);
      const system = await exchangeSystem(app, request, INTEROP_SCOPES.call);
      const answer = await callThroughExchange(deps, {
        system,
        client: header(request, 'x-road-client'),
        xroadId: header(request, 'x-road-id'),
        userId: header(request, 'x-road-userid'),
        issue: header(request, 'x-road-issue'),
        target: { instance: p.instance, memberClass: p.memberClass, member: p.member, subsystem: p.subsystem, service: p.service },
        method: request.method,
        path: rest || '/',
        query: queryAt >= 0 ? request.url.slice(queryAt) : '',
        body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        contentType: header(request, 'content-type'),
      });
      return reply
        .code(answer.status)
        .headers({
          'content-type': answer.contentType,
          'x-road-id': answer.xroadId,
          'x-road-client': header(request, 'x-road-client') ?? '',
          'x-road-service': `${p.instance}/${p.memberClass}/${p.member}/${p.subsystem}/${p.service}`,
          'x-road-request-hash': answer.requestHash,
          'x-road-message-log-id': answer.messageId,
          'cache-control': 'no-store',
        })
        .send(answer.body);
    };
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
    scoped.route({ method: [...methods], url: '/r1/:instance/:memberClass/:member/:subsystem/:service', ...options, handler: call });
    scoped.route({ method: [...methods], url: '/r1/:instance/:memberClass/:member/:subsystem/:service/*', ...options, handler: call });
  });
}

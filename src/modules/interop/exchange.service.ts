// A call through the exchange (docs/interoperability.md, "Calls"): the calling client must be
// the subsystem X-Road-Client names; the service must be published in this instance; the
// producer must have granted this client the endpoint; the X-Road-Id is claimed once per client
// (a replay is refused); the request goes to the producer over HTTP; the log keeps both hashes.
import { createHash } from 'node:crypto';
import { AppError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { recordStat, statDelta } from '../../platform/stats/stats.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { interopStats } from './interop.stats.ts';
import { grantsCached, serviceCached, subsystemOfClient, type System } from './interop.service.ts';
import { type ClientId, clientHeader, grantCovers, instanceOf, MEMBER_CLASS, parseClientHeader, type Service } from './interop.types.ts';
import { claimMessage, completeMessage } from './message-log.queries.ts';

/** The X-Road error codes the exchange answers (in `X-Road-Error`, beside problem+json). */
export const XROAD_ERRORS = {
  INTEROP_BAD_CLIENT_HEADER: 'Client.BadRequest.InvalidClientHeader',
  INTEROP_UNKNOWN_CLIENT: 'Client.InvalidClient',
  INTEROP_UNKNOWN_SERVICE: 'Server.ServerProxy.UnknownService',
  INTEROP_ACCESS_DENIED: 'Server.ServerProxy.AccessDenied',
  INTEROP_DUPLICATE_ID: 'Client.DuplicateMessageId',
  INTEROP_SERVICE_FAILED: 'Server.ServiceFailed',
  UNAUTHENTICATED: 'Client.Unauthenticated',
  INSUFFICIENT_SCOPE: 'Client.InsufficientScope',
} as const;

export const xroadError = (code: keyof typeof XROAD_ERRORS, headers: Record<string, string> = {}) => new AppError(code, { headers: { ...headers, 'x-road-error': XROAD_ERRORS[code] } });

export interface ExchangeCall {
  system: System;
  /** The X-Road-Client header as sent. */
  client: string | undefined;
  xroadId?: string | undefined;
  userId?: string | undefined;
  issue?: string | undefined;
  /** The service's address: instance, class, member, subsystem, code. */
  target: { instance: string; memberClass: string; member: string; subsystem: string; service: string };
  method: string;
  /** The path after the service code ('/' at least) and the query string (with its '?', or ''). */
  path: string;
  query: string;
  body: Buffer;
  contentType?: string | undefined;
  /** The person the data is about, when the caller knows it (the portal's prefill). */
  subjectAccountId?: string | null;
}

export interface ExchangeAnswer {
  status: number;
  contentType: string;
  body: Buffer;
  requestHash: string;
  xroadId: string;
  messageId: string;
  service: Service;
}

const b64sha256 = (...parts: Array<string | Buffer>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('base64');
};

/** X-Road-Request-Hash: base64 SHA-256 of the request line, the X-Road headers and the body. */
export const requestHash = (c: { method: string; url: string; client: string; xroadId: string; userId: string; issue: string; body: Buffer }) =>
  b64sha256(`${c.method} ${c.url}\n${c.client}\n${c.xroadId}\n${c.userId}\n${c.issue}\n`, c.body);
export const responseHash = (status: number, contentType: string, body: Buffer) => b64sha256(`${status}\n${contentType}\n`, body);

/** The JWS type of the exchange's statement to a producer (docs/interoperability.md, "How the exchange authenticates to a producer"). */
export const EXCHANGE_ASSERTION_TYP = 'xroad-assertion+jwt';
const ASSERTION_SECONDS = 60;

/**
 * The exchange vouches for the consumer to the producer: a compact JWS signed with the platform
 * key (published at /api/v1/keys), bound to this one request (method, path and query as sent,
 * X-Road-Id) and valid a minute. A Tambo registry verifies it and checks the consumer's own grant.
 */
async function consumerAssertion(deps: Pick<Deps, 'keyring'>, c: { system: System; client: string; service: string; xroadId: string; messageId: string; method: string; url: URL }) {
  const now = Math.floor(Date.now() / 1000);
  return deps.keyring.sign(
    {
      iss: 'tambo-exchange',
      sub: c.system.clientId,
      agency: c.system.agencyCode,
      client: c.client,
      service: c.service,
      xroadId: c.xroadId,
      jti: c.messageId,
      // The producer's origin: an assertion sent to one producer is worth nothing at another.
      aud: c.url.origin,
      htm: c.method,
      htp: `${c.url.pathname}${c.url.search}`,
      iat: now,
      exp: now + ASSERTION_SECONDS,
    },
    EXCHANGE_ASSERTION_TYP,
  );
}

/** Checks who calls: the client's registered subsystem must be the one X-Road-Client names. */
export async function callingSubsystem(deps: Pick<Deps, 'db' | 'country'>, system: System, header: string | undefined): Promise<ClientId> {
  const client = parseClientHeader(header);
  if (!client) throw xroadError('INTEROP_BAD_CLIENT_HEADER');
  const registered = await subsystemOfClient(deps, system.clientId);
  if (!registered || client.instance !== instanceOf(deps.country.code) || client.memberClass !== MEMBER_CLASS || client.member !== registered.memberCode || client.subsystem !== registered.code) {
    throw xroadError('INTEROP_UNKNOWN_CLIENT');
  }
  return client;
}

async function refuse(deps: Pick<Deps, 'db'>, code: 'INTEROP_UNKNOWN_SERVICE' | 'INTEROP_ACCESS_DENIED' | 'INTEROP_DUPLICATE_ID', producer: string, consumer: ClientId): Promise<never> {
  await recordStat(deps.db, interopStats.refused, { agency: producer, consumer: `${consumer.member}/${consumer.subsystem}`, reason: XROAD_ERRORS[code] });
  throw xroadError(code);
}

export async function callThroughExchange(deps: Pick<Deps, 'db' | 'country' | 'keyring'>, call: ExchangeCall): Promise<ExchangeAnswer> {
  const client = await callingSubsystem(deps, call.system, call.client);
  const { target } = call;
  const service = target.instance === instanceOf(deps.country.code) && target.memberClass === MEMBER_CLASS ? await serviceCached(deps, target.member, target.subsystem, target.service) : undefined;
  if (!service) return refuse(deps, 'INTEROP_UNKNOWN_SERVICE', target.member, client);
  const grants = await grantsCached(deps, service.id);
  const allowed = grants.some((g) => g.clientMember === client.member && g.clientSubsystem === client.subsystem && grantCovers(g, call.method, call.path));
  if (!allowed) return refuse(deps, 'INTEROP_ACCESS_DENIED', service.memberCode, client);

  const xroadId = call.xroadId && /^[\w.:-]{1,128}$/.test(call.xroadId) ? call.xroadId : uuidv7();
  const clientText = clientHeader(client);
  const hash = requestHash({ method: call.method, url: `${call.path}${call.query}`, client: clientText, xroadId, userId: call.userId ?? '', issue: call.issue ?? '', body: call.body });
  const messageId = uuidv7();
  const claimed = await claimMessage(deps.db, {
    id: messageId,
    xroadId,
    clientMember: client.member,
    clientSubsystem: client.subsystem,
    serviceId: service.id,
    producerMember: service.memberCode,
    method: call.method,
    path: `${call.path}${call.query}`.slice(0, 2000),
    userId: call.userId?.slice(0, 200) ?? null,
    issue: call.issue?.slice(0, 200) ?? null,
    subjectAccountId: call.subjectAccountId ?? null,
    requestHash: hash,
    createdAt: new Date(),
  });
  if (!claimed) return refuse(deps, 'INTEROP_DUPLICATE_ID', service.memberCode, client);

  const serviceText = `${target.instance}/${target.memberClass}/${service.memberCode}/${service.subsystemCode}/${service.code}`;
  let response: Response;
  try {
    const url = new URL(`${service.baseUrl}${call.path}${call.query}`);
    const assertion = await consumerAssertion(deps, { system: call.system, client: clientText, service: serviceText, xroadId, messageId, method: call.method, url });
    response = await fetch(url, {
      method: call.method,
      headers: {
        authorization: `Bearer ${assertion}`,
        'x-road-client': clientText,
        'x-road-id': xroadId,
        'x-road-service': serviceText,
        ...(call.userId ? { 'x-road-userid': call.userId } : {}),
        ...(call.issue ? { 'x-road-issue': call.issue } : {}),
        ...(call.contentType ? { 'content-type': call.contentType } : {}),
        accept: 'application/json',
      },
      body: call.method === 'GET' || call.method === 'HEAD' || call.body.length === 0 ? undefined : new Uint8Array(call.body),
      signal: AbortSignal.timeout(15_000),
      redirect: 'manual',
    });
  } catch {
    await completeMessage(deps.db, messageId, responseHash(0, '', Buffer.alloc(0)), 0);
    throw xroadError('INTEROP_SERVICE_FAILED');
  }
  const body = Buffer.from(await response.arrayBuffer());
  const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
  // The answer's hash and the call's figure: one statement, one commit.
  await completeMessage(
    deps.db,
    messageId,
    responseHash(response.status, contentType, body),
    response.status,
    statDelta(interopStats.calls, { agency: service.memberCode, consumer: `${client.member}/${client.subsystem}`, service: `${service.subsystemCode}/${service.code}` }),
  );
  return { status: response.status, contentType, body, requestHash: hash, xroadId, messageId, service };
}

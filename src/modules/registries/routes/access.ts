// Who is calling a registry API: an agency's system with a client credentials token holding
// `registries:read` or `registries:write` (docs/api-auth.md), or the signed-in person (their
// own usage log). Calls that came through the exchange carry `X-Road-Client`/`X-Road-Id`
// (GovStack's `Information-Mediator-Client` too): the usage log keeps them. A call the exchange
// forwards carries instead the exchange's signed assertion naming the consumer's client: the
// registry verifies it and checks that client's own right, as if it had called directly.
import type { FastifyRequest } from 'fastify';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { SIGNING_ALG } from '../../../platform/keys/keyring.ts';
import type { Deps } from '../../../platform/module.ts';
import { type ClientPrincipal, clientWithRight, verifyClientToken } from '../../identity/index.ts';
import { REGISTRIES_READ, REGISTRIES_WRITE, type Reader } from '../registry.types.ts';

const header = (request: FastifyRequest, name: string): string | null => {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text ? text.slice(0, 300) : null;
};

/** What the exchange states about a call it forwards (docs/interoperability.md): checked here, signed by the platform key. */
interface ExchangeAssertion {
  aud: string;
  sub: string;
  agency: string;
  client: string;
  xroadId: string;
  htm: string;
  htp: string;
  exp: number;
}
const ASSERTION_TYP = 'xroad-assertion+jwt';
const JWS = /^[\w-]{10,2000}\.[\w-]{10,4000}\.[\w-]{10,1000}$/;

/** The platform's published keys by kid (public JWKs, retired ones excluded), kept a minute per process. */
const verificationKeys = new Map<string, { at: number; key: Promise<CryptoKey | Uint8Array | undefined> }>();
function verificationKey(deps: Pick<Deps, 'keyring'>, kid: string) {
  const found = verificationKeys.get(kid);
  if (found && Date.now() - found.at < 60_000) return found.key;
  const key = deps.keyring.publish().then(async (keys) => {
    const published = keys.find((k) => k.kid === kid && k.state !== 'retired');
    return published ? importJWK(published.jwk as JWK, SIGNING_ALG) : undefined;
  });
  if (verificationKeys.size > 100) verificationKeys.clear();
  verificationKeys.set(kid, { at: Date.now(), key });
  return key;
}

/** The exchange's assertion, when it verifies and is for this very request (method, path and query) and still valid; undefined otherwise. */
async function exchangeAssertion(deps: Pick<Deps, 'keyring' | 'config'>, request: FastifyRequest, token: string): Promise<ExchangeAssertion | undefined> {
  try {
    const header = decodeProtectedHeader(token);
    if (header.typ !== ASSERTION_TYP || typeof header.kid !== 'string') return undefined;
    const key = await verificationKey(deps, header.kid);
    if (!key) return undefined;
    const { payload } = await compactVerify(token, key, { algorithms: [SIGNING_ALG] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as Partial<ExchangeAssertion> & { iss?: string };
    const fresh = typeof claims.exp === 'number' && claims.exp * 1000 > Date.now();
    const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
    // For this instance (its public origin: a producer elsewhere cannot replay what it was sent here), this method, path and query.
    const here = claims.aud === new URL(deps.config.publicUrl).origin && claims.htm === request.method && claims.htp === request.url;
    if (claims.iss !== 'tambo-exchange' || !fresh || !here) return undefined;
    if (!text(claims.sub) || !text(claims.agency) || !text(claims.client) || !text(claims.xroadId)) return undefined;
    return claims as ExchangeAssertion;
  } catch {
    return undefined;
  }
}

/** A call forwarded by the exchange: the consumer's client with the first of `scopes` it holds as a machine right (the registry's own grant, checked again here). */
async function exchangeReader(app: TamboApp, assertion: ExchangeAssertion, scopes: string[]): Promise<Reader | 'insufficient_scope'> {
  let client: ClientPrincipal | undefined;
  for (const scope of scopes) {
    client = await clientWithRight(app, assertion.sub, scope);
    if (client) break;
  }
  // The agency the exchange named must be the client's own.
  if (!client || client.agencyCode !== assertion.agency) return 'insufficient_scope';
  return { kind: 'client', clientId: client.clientId, agencyCode: client.agencyCode, scopes: client.scopes, xroadClient: assertion.client.slice(0, 300), xroadId: assertion.xroadId.slice(0, 300) };
}

/** The agency system behind the bearer token (or the exchange's assertion); reads accept either right (the owner's system holds `registries:write`). */
export async function clientReader(app: TamboApp, request: FastifyRequest, need: 'read' | 'write'): Promise<Reader> {
  const bearer = /^Bearer (\S{20,7000})$/.exec(request.headers.authorization ?? '')?.[1];
  const scope = need === 'read' ? REGISTRIES_READ : REGISTRIES_WRITE;
  const challenge = `Bearer realm="tambo", scope="${scope}"`;
  if (!bearer) throw new AppError('UNAUTHENTICATED', { headers: { 'www-authenticate': challenge } });
  const scopes = need === 'read' ? [REGISTRIES_READ, REGISTRIES_WRITE] : [REGISTRIES_WRITE];
  if (JWS.test(bearer)) {
    const assertion = await exchangeAssertion(app.tambo.deps, request, bearer);
    const reader = assertion ? await exchangeReader(app, assertion, scopes) : 'invalid_token';
    if (typeof reader !== 'string') return reader;
    const headers = { 'www-authenticate': `${challenge}, error="${reader}"` };
    throw reader === 'insufficient_scope' ? new AppError('REGISTRIES_FORBIDDEN', { headers }) : new AppError('UNAUTHENTICATED', { headers });
  }
  const token = /^[\w-]{20,200}$/.test(bearer) ? bearer : '';
  if (!token) throw new AppError('UNAUTHENTICATED', { headers: { 'www-authenticate': challenge } });
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

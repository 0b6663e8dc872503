// What other modules get from the provider without seeing it: checking an agency system's
// client-credentials access token, and signing documents with the platform's key (the
// platform keyring's signing key, the provider's too, published at /auth/jwks and, with
// retired keys and their dates, at /api/v1/keys). registerIdentity keeps the provider on
// the Fastify instance.
import type { FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { AppError } from '../../platform/errors.ts';
import type { TamboApp } from '../../platform/http/app-types.ts';
import { authenticatedBy } from '../../platform/http/principal.ts';
import type { Deps } from '../../platform/module.ts';
import { findAccount } from './account-lookup.service.ts';
import { getRoles } from './account.service.ts';
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { roleGrantsOf } from './admin.policy.ts';
import { cachedClient, cachedConsent, findAccessToken, findClientToken, findTokenAccount } from './auth-cache.ts';
import type { Account } from './account.types.ts';
import { senderMatches } from './oidc/mtls.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The OpenID Connect provider (identity module only; others use identity's index.ts). */
    oidcProvider: Provider;
  }
}

export interface ClientPrincipal {
  clientId: string;
  /** The agency the client's system belongs to; null for clients of no agency. */
  agencyCode: string | null;
  scopes: string[];
}

/**
 * Checks a bearer token issued by /auth/token with the client credentials grant. `client`
 * when the token is live, carries `scope`, and its client is still active and still holds
 * `scope` as a machine right; `insufficient_scope` when the token is live but lacks the scope
 * or its client lost the right (the caller answers 403); `invalid_token` otherwise (the caller answers 401).
 */
export type ClientTokenCheck = { client: ClientPrincipal } | { error: 'invalid_token' | 'insufficient_scope' };

export async function verifyClientToken(app: TamboApp, token: string, scope: string, request?: FastifyRequest): Promise<ClientTokenCheck> {
  if (!/^[\w-]{20,200}$/.test(token)) return { error: 'invalid_token' };
  const found = await findClientToken(app, token);
  // A token for an agency's API (an audience, resource indicators) is not for Tambo's APIs.
  // A token bound to a certificate (mutual TLS, oidc/mtls.ts) only with the same certificate.
  if (!found || found.isExpired || !senderMatches(app.tambo.deps.config, found, request?.raw) || !found.clientId || found.aud !== undefined) return { error: 'invalid_token' };
  const client = await cachedClient(app.tambo.deps, found.clientId);
  if (!client?.isActive) return { error: 'invalid_token' };
  const scopes = String(found.scope ?? '')
    .split(' ')
    .filter(Boolean);
  if (!scopes.includes(scope) || !client.rights.includes(scope)) return { error: 'insufficient_scope' };
  return { client: { clientId: client.clientId, agencyCode: client.agencyCode, scopes } };
}

/**
 * An agency system's machine right checked without a token, for a call the exchange vouches
 * for (interop's signed assertion, verified by the producer): the client, still active and
 * holding `scope`; undefined otherwise.
 */
export async function clientWithRight(app: TamboApp, clientId: string, scope: string): Promise<ClientPrincipal | undefined> {
  const client = await cachedClient(app.tambo.deps, clientId);
  if (!client?.isActive || !client.rights.includes(scope)) return undefined;
  return { clientId: client.clientId, agencyCode: client.agencyCode, scopes: [scope] };
}

/** An agency's system, as a client-credentials token names it. */
export interface AgencyClient {
  clientId: string;
  agencyCode: string;
}

/**
 * The agency system behind the request's client-credentials bearer token holding `scope`:
 * 401 UNAUTHENTICATED with a `WWW-Authenticate: Bearer` challenge without a live token; the
 * caller's `refused` code (403) when the client does not hold the right, and its
 * `withoutAgency` code (or `refused`) when the client belongs to no agency.
 */
export async function requireAgencyClient(app: TamboApp, request: FastifyRequest, scope: string, codes: { refused: string; withoutAgency?: string }): Promise<AgencyClient> {
  const token = /^Bearer ([\w-]+)$/i.exec((request.headers.authorization ?? '').trim())?.[1];
  const challenge = `Bearer realm="tambo", scope="${scope}"`;
  if (!token) throw new AppError('UNAUTHENTICATED', { headers: { 'www-authenticate': challenge } });
  const check = await verifyClientToken(app, token, scope, request);
  if ('error' in check) {
    const headers = { 'www-authenticate': `${challenge}, error="${check.error}"` };
    throw check.error === 'insufficient_scope' ? new AppError(codes.refused, { params: { scope }, headers }) : new AppError('UNAUTHENTICATED', { headers });
  }
  if (!check.client.agencyCode) throw new AppError(codes.withoutAgency ?? codes.refused);
  return { clientId: check.client.clientId, agencyCode: check.client.agencyCode };
}

export interface UserPrincipal {
  accountId: string;
  /** The token's account as checked (from the per-process cache, dropped on change through the bus): callers need not read it again. */
  account: Account;
  /** Every scope the token carries. */
  scopes: string[];
  /** Those of the scopes asked for that passed every check (at least one). */
  allowed: string[];
  /** The account's stored level of assurance (the access token itself carries no acr). */
  level: 'bajo' | 'sustancial';
  /** The client the token was issued to, and the agency that client belongs to (null for none). */
  clientId: string;
  agencyCode: string | null;
}

/**
 * Checks a user access token issued by /auth/token (authorization code or refresh grant) for
 * a scope (or any one of several), given the whole Authorization header or just the token. The provider issues
 * opaque tokens, so the audience is the client the token was issued to: `user` when the token
 * is live, bound to no sender key, its account still exists and its client is still active, and
 * for at least one scope asked for: the token carries it, its client is still allowed it, and
 * the person consented to it for that client (first-party clients ask no consent).
 * `insufficient_scope` when the token is live but no scope passes (the caller answers 403); `invalid_token` otherwise (401 with
 * `WWW-Authenticate: Bearer`). A route passes its `request` (required, so that no route forgets
 * it): a certificate-bound token is checked against the certificate the request presents; without
 * a request (a test calling it directly) such a token is refused.
 */
export type UserTokenCheck = { user: UserPrincipal } | { error: 'invalid_token' | 'insufficient_scope' };

export async function verifyUserToken(app: TamboApp, bearer: string | undefined, scope: string | readonly string[], request: FastifyRequest | undefined): Promise<UserTokenCheck> {
  const token = /^(?:Bearer )?([\w-]{20,200})$/.exec(bearer ?? '')?.[1];
  if (!token) return { error: 'invalid_token' };
  const found = await findAccessToken(app, token);
  // A token for an agency's API (its audience, oidc/resources.ts) is not for Tambo's own APIs.
  if (!found || found.isExpired || !senderMatches(app.tambo.deps.config, found, request?.raw) || !found.accountId || !found.clientId || found.aud !== undefined) return { error: 'invalid_token' };
  // Account, client and consent come from the per-process caches (dropped through the bus), read at once on a miss.
  const { deps } = app.tambo;
  const [account, client, consent] = await Promise.all([findTokenAccount(app, found.accountId), cachedClient(deps, found.clientId), cachedConsent(deps, found.accountId, found.clientId)]);
  if (!account || !client?.isActive) return { error: 'invalid_token' };
  const scopes = String(found.scope ?? '')
    .split(' ')
    .filter(Boolean);
  const allowed = (typeof scope === 'string' ? [scope] : scope).filter((s) => scopes.includes(s) && client.scopes.includes(s) && (client.isFirstParty || (consent?.scopes.includes(s) ?? false)));
  if (allowed.length === 0) return { error: 'insufficient_scope' };
  return { user: { accountId: account.id, account, scopes, allowed, level: account.level, clientId: client.clientId, agencyCode: client.agencyCode } };
}

/** A person acting through her roles: her account and what she may do where (`roleGrantsOf`). */
export interface PersonWithGrants {
  accountId: string;
  grants: RoleGrant[];
}

/**
 * The door of a module's API for people who act through their roles (a room's spokesperson, a
 * social mapper, a plan's administrator): the person behind a bearer token with `scope`, with her
 * grants, found in onRequest before the body is validated (docs/security.md). No live token (or a
 * certificate-bound one without its certificate): 401 UNAUTHENTICATED; a live token without the
 * scope: the module's own 403 `forbidden`. What she may do with her grants is the module's rule.
 */
export function personWithGrants(app: TamboApp, deps: Pick<Deps, 'db'>, scope: string, forbidden: string) {
  return authenticatedBy(async (request: FastifyRequest): Promise<PersonWithGrants> => {
    const checked = await verifyUserToken(app, request.headers.authorization, scope, request);
    if ('error' in checked) {
      const headers = { 'www-authenticate': `Bearer realm="tambo", scope="${scope}", error="${checked.error}"` };
      throw new AppError(checked.error === 'insufficient_scope' ? forbidden : 'UNAUTHENTICATED', { headers });
    }
    const account = await findAccount(deps, checked.user.accountId);
    if (!account) throw new AppError('UNAUTHENTICATED');
    return { accountId: account.id, grants: roleGrantsOf(account, await getRoles(deps, account.id)) };
  });
}

// What other modules get from the provider without seeing it: checking an agency system's
// client-credentials access token, and signing documents with the platform's key (the
// provider's own signing key, so anyone verifies them with the published /auth/jwks).
// registerIdentity keeps the provider and the key it publishes on the Fastify instance.
import { CompactSign, importJWK, type JWK } from 'jose';
import type Provider from 'oidc-provider';
import type { TamboApp } from '../../platform/http/app-types.ts';
import { findAccessToken, findTokenAccount } from './auth-cache.ts';
import { findClient } from './client.queries.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The OpenID Connect provider (identity module only; others use identity's index.ts). */
    oidcProvider: Provider;
    /** The private JWK the provider signs with, as published (public part) at /auth/jwks. */
    platformSigningJwk: Record<string, unknown>;
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
 * when the token is live, carries `scope`, and its client is still active and may deliver
 * mail; `insufficient_scope` when the token is live but lacks the scope or its client lost
 * the right (the caller answers 403); `invalid_token` otherwise (the caller answers 401).
 */
export type ClientTokenCheck = { client: ClientPrincipal } | { error: 'invalid_token' | 'insufficient_scope' };

export async function verifyClientToken(app: TamboApp, token: string, scope: string): Promise<ClientTokenCheck> {
  if (!/^[\w-]{20,200}$/.test(token)) return { error: 'invalid_token' };
  const found = await app.oidcProvider.ClientCredentials.find(token);
  if (!found || found.isExpired || found.isSenderConstrained() || !found.clientId) return { error: 'invalid_token' };
  const client = await findClient(app.tambo.deps.db, found.clientId);
  if (!client?.isActive) return { error: 'invalid_token' };
  const scopes = String(found.scope ?? '')
    .split(' ')
    .filter(Boolean);
  if (!scopes.includes(scope) || !client.canDeliverMail) return { error: 'insufficient_scope' };
  return { client: { clientId: client.clientId, agencyCode: client.agencyCode, scopes } };
}

export interface UserPrincipal {
  accountId: string;
  scopes: string[];
  /** The account's stored level of assurance (the access token itself carries no acr). */
  level: 'bajo' | 'sustancial';
}

/**
 * Checks a user access token issued by /auth/token (authorization code or refresh grant),
 * given the whole Authorization header or just the token. `user` when the token is live,
 * bound to no sender key, and its account still exists; with `scope`,
 * `insufficient_scope` when the token lacks it (the caller answers 403); `invalid_token`
 * otherwise (the caller answers 401 with `WWW-Authenticate: Bearer`).
 */
export type UserTokenCheck = { user: UserPrincipal } | { error: 'invalid_token' | 'insufficient_scope' };

export async function verifyUserToken(app: TamboApp, bearer: string | undefined, scope?: string): Promise<UserTokenCheck> {
  const token = /^(?:Bearer )?([\w-]{20,200})$/.exec(bearer ?? '')?.[1];
  if (!token) return { error: 'invalid_token' };
  const found = await findAccessToken(app, token);
  if (!found || found.isExpired || found.isSenderConstrained() || !found.accountId) return { error: 'invalid_token' };
  const account = await findTokenAccount(app, found.accountId);
  if (!account) return { error: 'invalid_token' };
  const scopes = String(found.scope ?? '')
    .split(' ')
    .filter(Boolean);
  if (scope && !scopes.includes(scope)) return { error: 'insufficient_scope' };
  return { user: { accountId: account.id, scopes, level: account.level } };
}

/**
 * Signs a JSON document as a compact JWS (RS256) with the platform's published key; the
 * header names the key (`kid`) so `/auth/jwks` verifies it. `typ` describes the document.
 */
export async function signWithPlatformKey(app: TamboApp, payload: Record<string, unknown>, typ: string): Promise<string> {
  const jwk = app.platformSigningJwk;
  const key = await importJWK(jwk as JWK, 'RS256');
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'RS256', kid: String(jwk.kid), typ }).sign(key);
}

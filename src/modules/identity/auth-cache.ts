// Checked portal sessions, user access tokens and their accounts, kept a few seconds per
// process (AUTH_CACHE_SECONDS) so that a request that reads does not go to the database to
// learn who is asking. What must take effect at once does, in every process: the database
// announces on the bus (`identity.auth_changed`, migration 013) every change of an account,
// every session ended and every access token revoked, and each process drops what it keeps
// of that account as the change commits. Requests that change something (POST, PUT, PATCH,
// DELETE) never use a kept session: they are authorized on what the database says now, and
// after them this process forgets the person's entries, so her own change shows on her
// next page whatever the bus's timing. Clients and consents are kept the same way (a token
// check, a refresh and a sign-in read them): a consent's change announces its account, a
// client's change `identity.client_changed` with its id (migration 015).
import type { FastifyRequest } from 'fastify';
import { createTaggedCache, invalidateOnBus, type TaggedCache } from '../../platform/cache/tagged-cache.ts';
import type { NotificationBus } from '../../platform/events/bus.ts';
import type { TamboApp } from '../../platform/http/app-types.ts';
import type { Deps } from '../../platform/module.ts';
import { findAccount } from './account-lookup.service.ts';
import type { Account } from './account.types.ts';
import { type Consent, findActiveConsent, findClient } from './client.queries.ts';
import type { Client } from './client.types.ts';
import { findCurrentSession, SESSION_COOKIE, type StaffSession } from './session.service.ts';

export const AUTH_CHANGED_TOPIC = 'identity.auth_changed';
export const CLIENT_CHANGED_TOPIC = 'identity.client_changed';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type AccessToken = InstanceType<TamboApp['oidcProvider']['AccessToken']>;
type ClientCredentialsToken = InstanceType<TamboApp['oidcProvider']['ClientCredentials']>;

interface AuthCaches {
  sessions: TaggedCache<StaffSession>;
  tokens: TaggedCache<AccessToken>;
  accounts: TaggedCache<Account>;
  /** Tagged with the account. */
  consents: TaggedCache<Consent>;
  /** Tagged with the client id. */
  clients: TaggedCache<Client>;
  /** Agencies' systems' client-credentials tokens, tagged with the client id. */
  clientTokens: TaggedCache<ClientCredentialsToken>;
}

// One set per application (tests run several in one process), found through its bus.
const cachesByBus = new WeakMap<NotificationBus, AuthCaches>();

export function authCaches(deps: Pick<Deps, 'bus' | 'config'>): AuthCaches {
  let caches = cachesByBus.get(deps.bus);
  if (!caches) {
    const ttlMs = deps.config.authCacheSeconds * 1000;
    caches = {
      sessions: createTaggedCache<StaffSession>({ ttlMs }),
      tokens: createTaggedCache<AccessToken>({ ttlMs }),
      accounts: createTaggedCache<Account>({ ttlMs }),
      consents: createTaggedCache<Consent>({ ttlMs }),
      clients: createTaggedCache<Client>({ ttlMs, max: 1_000 }),
      clientTokens: createTaggedCache<ClientCredentialsToken>({ ttlMs }),
    };
    const all = [caches.sessions, caches.tokens, caches.accounts, caches.consents] as Array<TaggedCache<unknown>>;
    invalidateOnBus(deps.bus, AUTH_CHANGED_TOPIC, all, (payload) => (typeof payload.account === 'string' ? payload.account : undefined));
    invalidateOnBus(deps.bus, CLIENT_CHANGED_TOPIC, [caches.clients, caches.clientTokens] as Array<TaggedCache<unknown>>, (payload) =>
      typeof payload.client === 'string' ? payload.client : undefined,
    );
    cachesByBus.set(deps.bus, caches);
  }
  return caches;
}

/** Forgets, in this process, everything kept about the account. */
export function forgetAccount(deps: Pick<Deps, 'bus' | 'config'>, accountId: string): void {
  const caches = authCaches(deps);
  caches.sessions.dropTag(accountId);
  caches.tokens.dropTag(accountId);
  caches.accounts.dropTag(accountId);
  caches.consents.dropTag(accountId);
}

/**
 * Sets `request.current` (and the header's `request.viewer`) from the session cookie on every
 * request (the portal's session lookup), before the body is read: a route may refuse a
 * stranger in its own `onRequest` hook before accepting a large upload.
 */
export function registerSessionLookup(app: TamboApp, deps: Deps): void {
  // The session with whether the person is staff (holds a role, or administers the platform): the navigation then links the staff start page.
  const lookup = (cookie: string): Promise<StaffSession | undefined> => findCurrentSession(deps.db, cookie);
  app.addHook('onRequest', async (request) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    let found: StaffSession | undefined;
    if (UNSAFE_METHODS.has(request.method)) {
      found = await lookup(cookie);
    } else {
      found = await authCaches(deps).sessions.get(cookie, async () => {
        const current = await lookup(cookie);
        return current && { value: current, tags: [current.account.id] };
      });
    }
    request.current = found ?? null;
    // The page header shows who is signed in (and the sign-out button).
    request.viewer = found ? { name: `${found.account.givenName} ${found.account.familyName}`, staff: found.staff } : null;
  });
  app.addHook('onSend', async (request: FastifyRequest) => {
    if (request.current && UNSAFE_METHODS.has(request.method)) forgetAccount(deps, request.current.account.id);
  });
}

/** The provider's access token record (kept a few seconds; dropped when revoked). */
export async function findAccessToken(app: TamboApp, token: string): Promise<AccessToken | undefined> {
  return authCaches(app.tambo.deps).tokens.get(token, async () => {
    const found = await app.oidcProvider.AccessToken.find(token);
    return found?.accountId ? { value: found, tags: [found.accountId] } : undefined;
  });
}

/** An agency system's client-credentials token record (kept a few seconds; dropped when it or its client changes). */
export async function findClientToken(app: TamboApp, token: string): Promise<ClientCredentialsToken | undefined> {
  return authCaches(app.tambo.deps).clientTokens.get(token, async () => {
    const found = await app.oidcProvider.ClientCredentials.find(token);
    return found?.clientId ? { value: found, tags: [found.clientId] } : undefined;
  });
}

/** The account a user access token belongs to (kept a few seconds; dropped when it changes). */
export async function findTokenAccount(app: TamboApp, accountId: string): Promise<Account | undefined> {
  return cachedAccount(app.tambo.deps, accountId);
}

/** An account as the token checks and the provider read it (kept a few seconds; dropped when it changes). */
export async function cachedAccount(deps: Pick<Deps, 'bus' | 'config' | 'db'>, accountId: string): Promise<Account | undefined> {
  return authCaches(deps).accounts.get(accountId, async () => {
    const account = await findAccount(deps, accountId);
    return account && { value: account, tags: [account.id] };
  });
}

/** A client, active or not (kept a few seconds; dropped when it changes). Never for a write to the client itself. */
export async function cachedClient(deps: Pick<Deps, 'bus' | 'config' | 'db'>, clientId: string): Promise<Client | undefined> {
  return authCaches(deps).clients.get(clientId, async () => {
    const client = await findClient(deps.db, clientId);
    return client && { value: client, tags: [client.clientId] };
  });
}

/** The consent the person gave the client and has not revoked (kept a few seconds; dropped when it changes). */
export async function cachedConsent(deps: Pick<Deps, 'bus' | 'config' | 'db'>, accountId: string, clientId: string): Promise<Consent | undefined> {
  return authCaches(deps).consents.get(`${accountId} ${clientId}`, async () => {
    const consent = await findActiveConsent(deps.db, accountId, clientId);
    return consent && { value: consent, tags: [accountId] };
  });
}

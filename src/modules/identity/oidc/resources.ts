// Resource indicators (RFC 8707, oidc-provider's `features.resourceIndicators`): a client asks
// `resource=<identifier>` of an agency's API registered in identity.resource_server at
// /auth/authorize (or PAR) and /auth/token; the access token's audience is that API, it
// carries only the API's scopes that the person consented to, and lives the API's lifetime.
// An unknown or inactive API, or one the client may not ask for (a client of another agency
// not listed by it), is `invalid_target`. A request without `resource` is as before: an opaque
// token for Tambo's own APIs, which refuse any token with an audience (platform-access.ts).
//
// Format per API: `opaque` (the default) is checked by introspection, by a client of the
// owning agency only (introspection.ts), and stops at once when revoked; `jwt` is an RFC 9068
// JWT signed with the provider's key (RS256, /auth/jwks), checked offline by the API, which
// cannot see a revocation before `exp` (hence lifetimes of an hour at most).
import { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { topicCache } from '../../../platform/cache/topic-cache.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { SIGNING_ALG } from '../../../platform/keys/keyring.ts';
import { findResourceServerByIdentifier } from '../resource-server.queries.ts';
import { mayAskFor, type ResourceServer } from '../resource-server.types.ts';

/** Resource servers by identifier, kept until an administrator's change is announced on the bus. */
export const resourceServerCache = topicCache<ResourceServer | undefined>('identity.resource_servers_changed');

export function cachedResourceServer(db: Queryable, identifier: string): Promise<ResourceServer | undefined> {
  return resourceServerCache.get(db, identifier, () => findResourceServerByIdentifier(db, identifier));
}

type Client = NonNullable<KoaContextWithOIDC['oidc']['client']>;
const agencyOf = (client: Client): string | null => {
  const value = (client as unknown as Record<string, unknown>)['urn:tambo:agency'];
  return typeof value === 'string' ? value : null;
};

/** The provider's `features.resourceIndicators`. */
export function resourceIndicators(deps: Pick<Deps, 'db' | 'bus'>): NonNullable<Configuration['features']>['resourceIndicators'] {
  const { db } = deps;
  resourceServerCache.listen(deps.bus);
  return {
    enabled: true,
    // No resource asked: none (a token for Tambo's own APIs, as before resource indicators).
    // Several granted and none chosen at /token: the library answers invalid_target.
    defaultResource: async (_ctx, _client, oneOf) => oneOf,
    // A code or refresh token granted for one API gives a token for that API without the
    // client repeating `resource` at /token (it may still name it, or one of several).
    useGrantedResource: async () => true,
    getResourceServerInfo: async (_ctx, identifier, client) => {
      const server = await cachedResourceServer(db, identifier);
      if (!server || !mayAskFor(server, { clientId: client.clientId, agencyCode: agencyOf(client) })) {
        throw new errors.InvalidTarget('the resource is unknown or this client may not ask for it');
      }
      return {
        scope: server.scopes.join(' '),
        audience: server.identifier,
        accessTokenTTL: server.accessTokenTtl,
        accessTokenFormat: server.tokenFormat,
        ...(server.tokenFormat === 'jwt' ? { jwt: { sign: { alg: SIGNING_ALG } } } : {}),
      };
    },
  };
}

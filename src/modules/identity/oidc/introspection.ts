// Token introspection (RFC 7662, oidc-provider's `features.introspection`) for agencies' APIs:
// an agency's API (a client of that agency, authenticated at /auth/token/introspection) may ask
// about tokens issued to its own agency's clients — a person's token its web front end sends
// it, or a system's token. For any other caller or token the provider answers only
// `{"active": false}` (docs/api-auth.md). A token for an agency's API (resource indicators,
// resources.ts: its `aud` is the API's identifier) is the business of the API's owner only: a
// client of that agency learns about it, whoever the token was issued to, and no other does
// (not even the agency of the client that holds it).
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Queryable } from '../../../platform/db/index.ts';
import { findClient } from '../client.queries.ts';
import { cachedResourceServer } from './resources.ts';

type Caller = KoaContextWithOIDC['oidc']['client'];

const agencyOf = (client: NonNullable<Caller>): string | undefined => {
  const value = (client as unknown as Record<string, unknown>)['urn:tambo:agency'];
  return typeof value === 'string' ? value : undefined;
};

/** The provider's `allowedPolicy`: the caller belongs to an agency, and the token's client to the same one. */
export function introspectionAllowed(db: Queryable) {
  return async (_ctx: KoaContextWithOIDC, caller: NonNullable<Caller>, token: { clientId?: string; aud?: string | string[] }): Promise<boolean> => {
    const agency = agencyOf(caller);
    if (!agency || !token.clientId) return false;
    if (token.aud !== undefined) {
      const audiences = Array.isArray(token.aud) ? token.aud : [token.aud];
      if (audiences.length === 0) return false;
      for (const audience of audiences) {
        const server = await cachedResourceServer(db, audience);
        if (!server?.isActive || server.agencyCode !== agency) return false;
      }
      return true;
    }
    if (token.clientId === caller.clientId) return true;
    const owner = await findClient(db, token.clientId);
    return owner?.agencyCode === agency;
  };
}

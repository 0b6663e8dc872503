// Token introspection (RFC 7662, oidc-provider's `features.introspection`) for agencies' APIs:
// an agency's API (a client of that agency, authenticated at /auth/token/introspection) may ask
// about tokens issued to its own agency's clients — a person's token its web front end sends
// it, or a system's token. For any other caller or token the provider answers only
// `{"active": false}` (docs/api-auth.md).
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Queryable } from '../../../platform/db/index.ts';
import { findClient } from '../client.queries.ts';

type Caller = KoaContextWithOIDC['oidc']['client'];

const agencyOf = (client: NonNullable<Caller>): string | undefined => {
  const value = (client as unknown as Record<string, unknown>)['urn:tambo:agency'];
  return typeof value === 'string' ? value : undefined;
};

/** The provider's `allowedPolicy`: the caller belongs to an agency, and the token's client to the same one. */
export function introspectionAllowed(db: Queryable) {
  return async (_ctx: KoaContextWithOIDC, caller: NonNullable<Caller>, token: { clientId?: string }): Promise<boolean> => {
    const agency = agencyOf(caller);
    if (!agency || !token.clientId) return false;
    if (token.clientId === caller.clientId) return true;
    const owner = await findClient(db, token.clientId);
    return owner?.agencyCode === agency;
  };
}

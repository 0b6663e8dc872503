// Resource servers (RFC 8707): an agency's API that accepts people's tokens (docs/api-auth.md).

export const TOKEN_FORMATS = ['opaque', 'jwt'] as const;
export type TokenFormat = (typeof TOKEN_FORMATS)[number];

/** What an administrator sets for an agency's API. */
export interface ResourceServerSettings {
  /** Absolute https URI: the `resource` a client asks for and the token's `aud`. */
  identifier: string;
  agencyCode: string;
  name: string;
  /** What the API lets a client do in the person's name (consent page). */
  description: string;
  /** Scopes the API accepts (its own names, never a claim scope or a module's scope). */
  scopes: string[];
  /** Clients of other agencies that may ask for it (the owning agency's clients always may). */
  clientIds: string[];
  /** Seconds an access token for it lives (60 to 3600). */
  accessTokenTtl: number;
  /** opaque (introspection by the owning agency) or jwt (signed by the provider, checked offline). */
  tokenFormat: TokenFormat;
}

export interface ResourceServer extends ResourceServerSettings {
  id: string;
  isActive: boolean;
}

/** Whether a client (by id and agency) may ask for a token for this API. */
export function mayAskFor(server: ResourceServer, client: { clientId: string; agencyCode: string | null }): boolean {
  return server.isActive && (client.agencyCode === server.agencyCode || server.clientIds.includes(client.clientId));
}

// The Ciudadanía Digital OpenID Connect provider (oidc-provider, a certified implementation),
// issuer `{PUBLIC_URL}/auth`. Authorization code flow only, PKCE S256 for every client,
// refresh tokens, PAR, RP-initiated and back-channel logout, pairwise subjects, levels of
// assurance as `acr`. Its state lives in PostgreSQL (adapter.ts); clients come from
// identity.client; people sign in on our own pages (/ingreso/:uid).
import { createHmac } from 'node:crypto';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Deps } from '../../../platform/module.ts';
import { findAccountById, insertActivity } from '../account.queries.ts';
import { LEVELS, levelRank, type Account } from '../account.types.ts';
import { findClient } from '../client.queries.ts';
import type { Client } from '../client.types.ts';
import { useHashedClientSecrets } from '../client-secret.ts';
import { createAdapterClass } from './adapter.ts';
import { claimsFor, claimsByScope, SCOPES } from './claims.ts';

export const PORTAL_CLIENT_ID = 'tambo-portal';
export const INTERACTION_PATH = '/ingreso';

/** The portal's own client secret, derived from the session secret (never stored in plain). */
export function portalClientSecret(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('tambo-portal-client').digest('base64url');
}

/** The scope of tokens that deliver to people's mailboxes (client credentials grant). */
export const MAILBOX_SEND_SCOPE = 'mailbox:send';

/** The scope of access tokens for the administration API; only first-party clients may ask for it. */
export const ADMIN_SCOPE = 'tambo:admin';

export function clientMetadata(client: Client): Record<string, unknown> {
  // A client that signs people in has redirect URIs; one that only delivers mail may have none.
  const signsPeopleIn = client.redirectUris.length > 0;
  return {
    client_id: client.clientId,
    client_secret: client.clientSecret ?? undefined,
    client_name: client.name,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    backchannel_logout_uri: client.backchannelLogoutUri ?? undefined,
    backchannel_logout_session_required: client.backchannelLogoutUri ? true : undefined,
    grant_types: [...(signsPeopleIn ? ['authorization_code', 'refresh_token'] : []), ...(client.canDeliverMail ? ['client_credentials'] : [])],
    response_types: signsPeopleIn ? ['code'] : [],
    token_endpoint_auth_method: client.clientSecret ? 'client_secret_basic' : 'none',
    scope: [...client.scopes, ...(client.canDeliverMail ? [MAILBOX_SEND_SCOPE] : [])].join(' '),
    subject_type: client.subjectType,
    sector_identifier_uri: undefined,
    require_pushed_authorization_requests: client.requirePar,
    // Every level from the client's minimum up is acceptable; asking for them makes the
    // provider put `acr` in every ID token.
    default_acr_values: LEVELS.slice(levelRank(client.minimumLevel)),
    // Ours (extraClientMetadata): the lowest level of assurance the client accepts.
    'urn:tambo:minimum_level': client.minimumLevel,
    'urn:tambo:sector': client.sectorIdentifier ?? client.clientId,
  };
}

export interface ProviderOptions {
  issuer: string;
  jwks: { keys: Record<string, unknown>[] };
}

export function createProvider(deps: Deps, options: ProviderOptions): Provider {
  const { db, config } = deps;
  const Adapter = createAdapterClass({
    db,
    findClientMetadata: async (clientId) => {
      const client = await findClient(db, clientId);
      return client && client.isActive ? clientMetadata(client) : undefined;
    },
  });

  const configuration: Configuration = {
    adapter: Adapter as unknown as Configuration['adapter'],
    jwks: options.jwks as Configuration['jwks'],
    cookies: {
      keys: [createHmac('sha256', config.sessionSecret).update('oidc-cookies').digest('base64url')],
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    scopes: [...SCOPES, MAILBOX_SEND_SCOPE, ADMIN_SCOPE],
    claims: claimsByScope(deps.country.code),
    acrValues: ['bajo', 'sustancial', 'alto'],
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: async (_ctx, accountId, client) => {
      const sector = String((client as unknown as Record<string, unknown>)['urn:tambo:sector'] ?? client.clientId);
      return createHmac('sha256', config.sessionSecret).update(`pairwise:${sector}:${accountId}`).digest('base64url');
    },
    extraClientMetadata: {
      properties: ['urn:tambo:minimum_level', 'urn:tambo:sector'],
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form, ctx.oidc?.client?.clientName ?? null);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = simplePage('Sesión cerrada · Signed out', '<h1>Sesión cerrada</h1><p lang="en">You are signed out.</p><p><a href="/">Volver al inicio</a></p>');
        },
      },
      revocation: { enabled: true },
      claimsParameter: { enabled: false },
      userinfo: { enabled: true },
      // Agencies' systems deliver to mailboxes with their own credentials (no person involved).
      clientCredentials: { enabled: true },
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 12 * 3600,
      Grant: 365 * 24 * 3600,
      PushedAuthorizationRequest: 60,
      ClientCredentials: 600,
    },
    interactions: {
      url: async (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}`,
    },
    loadExistingGrant: async (ctx) => {
      const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      return undefined;
    },
    findAccount: async (_ctx, sub) => {
      const account = await findAccountById(db, sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async (_use: string, scope: string) => ({ sub, ...claimsFor(account, scope, deps.country.code) }),
      };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      const safe = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      ctx.body = simplePage(
        'Error de inicio de sesión · Sign-in error',
        `<h1>No pudimos completar el inicio de sesión</h1><p lang="en">We could not complete the sign-in.</p><p><code>${safe(out.error)}</code>: ${safe(out.error_description ?? '')}</p><p><a href="/">Volver al inicio</a></p>`,
      );
    },
    conformIdTokenClaims: false,
    // The provider calls out only to addresses an administrator registered for a client
    // (back-channel logout). Agencies' systems live on the State's private networks, which
    // the library's default guard against private and loopback addresses would refuse.
    fetch: (url, options) => {
      const { dispatcher: _guard, ...rest } = options as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(url, rest);
    },
  };

  const provider = new Provider(options.issuer, configuration);
  provider.proxy = config.trustProxy;
  // Secrets issued by administrators are stored hashed (client-secret.ts).
  useHashedClientSecrets(provider);

  // "Mi actividad": every release of data to a client is recorded.
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const code = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
    const accountId = code?.accountId;
    const clientId = ctx.oidc.client?.clientId;
    if (!accountId || !clientId || clientId === PORTAL_CLIENT_ID) return;
    insertActivity(db, accountId, 'data_released', clientId, { scope: code?.scope ?? '' }).catch((error: unknown) =>
      deps.log.error({ err: error }, 'could not record data release'),
    );
  });
  provider.on('backchannel.error', (_ctx, error, client) => deps.log.warn({ err: error, clientId: client?.clientId }, 'back-channel logout not delivered'));
  provider.on('server_error', (_ctx, error) => deps.log.error({ err: error }, 'OIDC provider error'));
  return provider;
}

/** Whether an account's level (and whether a second factor was used) meets a minimum. */
export function meetsLevel(account: Account, usedSecondFactor: boolean, minimum: string): boolean {
  const achieved = account.level === 'sustancial' && usedSecondFactor ? 'alto' : account.level;
  return levelRank(achieved) >= levelRank(minimum);
}

export function achievedLevel(account: Account, usedSecondFactor: boolean): 'bajo' | 'sustancial' | 'alto' {
  return account.level === 'sustancial' && usedSecondFactor ? 'alto' : account.level;
}

function simplePage(title: string, body: string): string {
  return `<!doctype html><html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><link rel="stylesheet" href="/assets/css/tambo.css"></head><body><main id="contenido" class="wrap">${body}</main></body></html>`;
}

function logoutPage(form: string, clientName: string | null): string {
  const from = clientName ? `<p>Solicitado por: ${clientName.replace(/[&<>"']/g, '')}</p>` : '';
  return simplePage(
    'Cerrar sesión · Sign out',
    `<h1>¿Cerrar su sesión de Ciudadanía Digital?</h1><p lang="en">Sign out of Ciudadanía Digital?</p>${from}${form}
     <div class="button-group"><button class="button" type="submit" form="op.logoutForm" value="yes" name="logout">Sí, cerrar sesión · Yes, sign out</button>
     <button class="button button--secondary" type="submit" form="op.logoutForm">No, seguir conectado · No, stay signed in</button></div>`,
  );
}

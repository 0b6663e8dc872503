// The Ciudadanía Digital OpenID Connect provider (oidc-provider, a certified implementation),
// issuer `{PUBLIC_URL}/auth`. Authorization code flow only, PKCE S256 for every client,
// refresh tokens, PAR, RP-initiated and back-channel logout, pairwise subjects, levels of
// assurance as `acr`. Its state lives in PostgreSQL (adapter.ts); clients come from
// identity.client; people sign in on our own pages (/ingreso/:uid).
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { assetPath } from '../../../platform/http/pages.ts';
import { DEFAULT_LOCALE, isLocale, negotiateLocale, translator, type Translate } from '../../../platform/i18n/i18n.ts';
import type { Deps } from '../../../platform/module.ts';
import { hmac, purposeKeys, type KeySource } from '../../../platform/keys/secrets.ts';
import { insertActivity } from '../account.queries.ts';
import { LEVELS, levelRank, type Account } from '../account.types.ts';
import { cachedAccount, cachedClient } from '../auth-cache.ts';
import type { Client } from '../client.types.ts';
import { useHashedClientSecrets } from '../client-secret.ts';
import { createAdapterClass } from './adapter.ts';
import { introspectionAllowed } from './introspection.ts';
import { certificateJwk, mtlsFeature } from './mtls.ts';
import { resourceIndicators } from './resources.ts';
import { claimsFor, claimsByScope } from './claims.ts';

export const PORTAL_CLIENT_ID = 'tambo-portal';
export const INTERACTION_PATH = '/ingreso';

/** The portal's own client secret, derived from the current `portal-client` key (never stored in plain). */
export function portalClientSecret(source: KeySource | string): string {
  return hmac(purposeKeys(source, 'portal-client').current, 'tambo-portal-client', 'base64url');
}

/**
 * A person's pairwise subject for a sector: an HMAC under the `pairwise-subjects` key, which
 * is never rotated (the identifier is a promise to agencies; src/platform/keys/secrets.ts).
 */
export function pairwiseSubject(source: KeySource | string, sector: string, accountId: string): string {
  return hmac(purposeKeys(source, 'pairwise-subjects').current, `pairwise:${sector}:${accountId}`, 'base64url');
}

/** The scope of access tokens for the administration API; only first-party clients may ask for it. */
export const ADMIN_SCOPE = 'tambo:admin';

export function clientMetadata(client: Client): Record<string, unknown> {
  // A client that signs people in has redirect URIs; one that only acts as a system (its
  // machine rights, client credentials grant) may have none.
  const signsPeopleIn = client.redirectUris.length > 0;
  const actsAsSystem = client.rights.length > 0;
  // Mutual TLS (oidc/mtls.ts): the certificate authenticates the client and binds its tokens.
  const selfSigned = (client.tlsCertificates ?? []).length > 0;
  const mtls = client.tlsSubjectDn ? 'tls_client_auth' : selfSigned ? 'self_signed_tls_client_auth' : undefined;
  return {
    client_id: client.clientId,
    client_secret: mtls ? undefined : (client.clientSecret ?? undefined),
    client_name: client.name,
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    backchannel_logout_uri: client.backchannelLogoutUri ?? undefined,
    backchannel_logout_session_required: client.backchannelLogoutUri ? true : undefined,
    grant_types: [...(signsPeopleIn ? ['authorization_code', 'refresh_token'] : []), ...(actsAsSystem ? ['client_credentials'] : [])],
    response_types: signsPeopleIn ? ['code'] : [],
    token_endpoint_auth_method: mtls ?? (client.clientSecret ? 'client_secret_basic' : 'none'),
    tls_client_auth_subject_dn: client.tlsSubjectDn ?? undefined,
    jwks: selfSigned ? { keys: (client.tlsCertificates ?? []).map(certificateJwk) } : undefined,
    tls_client_certificate_bound_access_tokens: mtls !== undefined,
    scope: [...new Set([...client.scopes, ...client.rights])].join(' '),
    subject_type: client.subjectType,
    sector_identifier_uri: undefined,
    require_pushed_authorization_requests: client.requirePar,
    // Every level from the client's minimum up is acceptable; asking for them makes the
    // provider put `acr` in every ID token.
    default_acr_values: LEVELS.slice(levelRank(client.minimumLevel)),
    // Ours (extraClientMetadata): the lowest level of assurance the client accepts.
    'urn:tambo:minimum_level': client.minimumLevel,
    'urn:tambo:sector': client.sectorIdentifier ?? client.clientId,
    // The agency the client belongs to (introspection.ts), absent for clients of none.
    'urn:tambo:agency': client.agencyCode ?? undefined,
  };
}

export interface ProviderOptions {
  issuer: string;
  jwks: { keys: Record<string, unknown>[] };
  /** Every scope it accepts: the claim scopes and the modules' declared ones (scopes.ts). */
  scopes: string[];
}

export function createProvider(deps: Deps, options: ProviderOptions): Provider {
  const { db, config } = deps;
  const Adapter = createAdapterClass({
    db,
    // Clients and accounts from identity's per-process caches (dropped through the bus on change).
    findClientMetadata: async (clientId) => {
      const client = await cachedClient(deps, clientId);
      return client?.isActive ? clientMetadata(client) : undefined;
    },
  });

  const configuration: Configuration = {
    adapter: Adapter as unknown as Configuration['adapter'],
    jwks: options.jwks as Configuration['jwks'],
    cookies: {
      // The current `cookies` key signs; older versions still verify (keygrip).
      keys: purposeKeys(config, 'cookies').versions.map((key) => hmac(key, 'oidc-cookies', 'base64url')),
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    scopes: options.scopes,
    claims: claimsByScope(deps.country.code),
    acrValues: ['bajo', 'sustancial', 'alto'],
    subjectTypes: ['public', 'pairwise'],
    pairwiseIdentifier: async (_ctx, accountId, client) => {
      const sector = String((client as unknown as Record<string, unknown>)['urn:tambo:sector'] ?? client.clientId);
      return pairwiseSubject(config, sector, accountId);
    },
    extraClientMetadata: {
      properties: ['urn:tambo:minimum_level', 'urn:tambo:sector', 'urn:tambo:agency'],
    },
    responseTypes: ['code'],
    // What works with the clients we register (clientMetadata): the secret over HTTP Basic or in
    // the form body (the library takes either for a client with a secret), or none for a public
    // client with PKCE. Not the library's default JWT methods: secrets are stored hashed
    // (client_secret_jwt cannot verify) and clients register no keys (private_key_jwt).
    // Discovery announces exactly these (docs/identity-operations.md). Machine clients
    // registered with a certificate use mutual TLS (RFC 8705, oidc/mtls.ts).
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none', 'tls_client_auth', 'self_signed_tls_client_auth'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = 'html';
          const page = pageLanguage(deps, ctx);
          ctx.body = logoutPage(page, form, ctx.oidc?.client?.clientName ?? null);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          const { t, locale } = pageLanguage(deps, ctx);
          ctx.body = simplePage(
            locale,
            t('identity.provider.signedOutTitle'),
            `<h1>${escapeHtml(t('identity.provider.signedOutTitle'))}</h1><p>${escapeHtml(t('identity.provider.signedOut'))}</p><p><a href="/">${escapeHtml(t('identity.provider.home'))}</a></p>`,
          );
        },
      },
      revocation: { enabled: true },
      claimsParameter: { enabled: false },
      userinfo: { enabled: true },
      // Agencies' systems act with their own credentials (machine rights, no person involved).
      clientCredentials: { enabled: true },
      // RFC 7662, for agencies' APIs (introspection.ts): only clients of an agency, about tokens of that agency's clients.
      introspection: { enabled: true, allowedPolicy: introspectionAllowed(db) },
      // RFC 8707: tokens for an agency's API, registered in identity.resource_server (resources.ts).
      resourceIndicators: resourceIndicators(deps),
      // RFC 8705: clients authenticated by certificate, their tokens bound to it (oidc/mtls.ts).
      mTLS: mtlsFeature(config),
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      // An agency's API sets its own lifetime (resources.ts); Tambo's own tokens live 10 minutes.
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 12 * 3600,
      Grant: 365 * 24 * 3600,
      PushedAuthorizationRequest: 60,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 600,
    },
    interactions: {
      policy: levelAwarePolicy(),
      url: async (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}`,
    },
    loadExistingGrant: async (ctx) => {
      const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      return undefined;
    },
    findAccount: async (_ctx, sub) => {
      const account = await cachedAccount(deps, sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async (_use: string, scope: string) => ({ sub, ...claimsFor(account, scope, deps.country.code) }),
      };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(pageLanguage(deps, ctx), out.error, out.error_description ?? '');
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
  // Discovery announces back-channel logout with sessions: every ID token carries `sid` (the
  // library adds it only for clients registered with a back-channel logout address), the same
  // `sid` a logout token for that client carries, so any client can match a logout to a session.
  (provider.Client.prototype as unknown as { includeSid(): boolean }).includeSid = () => true;

  // "Mi actividad": every release of data to a client is recorded.
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    const code = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
    const accountId = code?.accountId;
    const clientId = ctx.oidc.client?.clientId;
    if (!accountId || !clientId || clientId === PORTAL_CLIENT_ID) return;
    insertActivity(db, accountId, 'data_released', clientId, { scope: code?.scope ?? '' }).catch((error: unknown) => deps.log.error({ err: error }, 'could not record data release'));
  });
  provider.on('backchannel.error', (_ctx, error, client) => deps.log.warn({ err: error, clientId: client?.clientId }, 'back-channel logout not delivered'));
  provider.on('server_error', (_ctx, error) => deps.log.error({ err: error }, 'OIDC provider error'));
  return provider;
}

/** The level a request needs: the client's minimum, raised to the lowest level it asked for in acr_values (any of them is acceptable). */
export function requiredLevel(clientMinimum: string, acrValues: unknown): string {
  const requested = String(acrValues ?? '')
    .split(' ')
    .filter((v) => levelRank(v) >= 0);
  const lowestRequested = requested.reduce((a, b) => (levelRank(b) < levelRank(a) ? b : a), 'alto');
  return requested.length > 0 && levelRank(lowestRequested) > levelRank(clientMinimum) ? lowestRequested : clientMinimum;
}

/**
 * The default policy plus one check: a person already signed in at the provider whose
 * session's level is below what the client requires is sent back to our pages (second
 * factor, or how to raise the level) instead of getting a code.
 */
function levelAwarePolicy() {
  const policy = interactionPolicy.base();
  policy.get('login')!.checks.add(
    new interactionPolicy.Check('acr_below_minimum', 'The session is below the level of assurance the client requires', (ctx) => {
      const { oidc } = ctx;
      if (!oidc.session?.accountId || !oidc.client) return interactionPolicy.Check.NO_NEED_TO_PROMPT;
      const minimum = requiredLevel(String((oidc.client as unknown as Record<string, unknown>)['urn:tambo:minimum_level'] ?? 'bajo'), oidc.params?.acr_values);
      return levelRank(oidc.acr ?? 'bajo') < levelRank(minimum) ? interactionPolicy.Check.REQUEST_PROMPT : interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
  );
  return policy;
}

export function achievedLevel(account: Account, usedSecondFactor: boolean): 'bajo' | 'sustancial' | 'alto' {
  return account.level === 'sustancial' && usedSecondFactor ? 'alto' : account.level;
}

const escapeHtml = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The language of the provider's own pages: ui_locales, then our language cookie, then Accept-Language. */
function pageLanguage(deps: Pick<Deps, 'catalogs'>, ctx: KoaContextWithOIDC): { t: Translate; locale: string } {
  const fromParams = String(ctx.oidc?.params?.ui_locales ?? '')
    .split(' ')
    .find(isLocale);
  const fromCookie = ctx.cookies.get('tambo_lang');
  const locale = fromParams ?? (isLocale(fromCookie) ? fromCookie : (negotiateLocale(ctx.get('accept-language')) ?? DEFAULT_LOCALE));
  return { t: translator(deps.catalogs, locale), locale };
}

function simplePage(locale: string, title: string, body: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><meta name="description" content="${escapeHtml(title)}"><link rel="stylesheet" href="${assetPath('css/tambo.css')}"><link rel="icon" href="${assetPath('img/favicon.svg')}" type="image/svg+xml"></head><body><main id="contenido" class="wrap">${body}</main></body></html>`;
}

/**
 * Some of the library's own pages (the form_post response mode, logout for a visitor with no
 * session, the logout before a different person signs in) submit a form with an inline
 * script, which our Content-Security-Policy forbids. Koa middleware: such a page is replaced
 * by one of ours with the same form and a visible button (works without JavaScript).
 */
export function plainFormPages(deps: Pick<Deps, 'catalogs'>) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    if (typeof ctx.body !== 'string' || !ctx.type?.includes('html') || !/<script\b/i.test(ctx.body)) return;
    const page = pageLanguage(deps, ctx);
    const form = /<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/.exec(ctx.body);
    // Attribute values below come from the library already HTML-escaped: they stay as they are.
    const inputs = [...(form?.[2] ?? '').matchAll(/<input type="hidden" name="([\w.-]+)" value="([^"]*)"\/>/g)];
    if (!form || inputs.length === 0) {
      ctx.status = 500;
      ctx.body = errorPage(page, 'server_error', '');
      return;
    }
    const isLogout = inputs.some(([, name, value]) => name === 'logout' && value === 'yes');
    const { t, locale } = page;
    const hidden = inputs.map(([, name, value]) => `<input type="hidden" name="${name}" value="${value}">`).join('');
    // The button posts to the client (form_post) or back to the provider: let CSP allow it. The
    // library added its inline script's hash to our CSP; the script is gone, so is the hash.
    const target = URL.canParse(form[1]!.replaceAll('&amp;', '&')) ? new URL(form[1]!.replaceAll('&amp;', '&')).origin : undefined;
    const csp = ctx.response.get('content-security-policy');
    if (typeof csp === 'string' && csp) {
      const withoutHashes = csp.replace(/\s*'sha256-[^']*'/g, '');
      ctx.set('content-security-policy', target ? withoutHashes.replace("form-action 'self'", `form-action 'self' ${target}`) : withoutHashes);
    }
    ctx.body = simplePage(
      locale,
      t(isLogout ? 'identity.provider.logoutTitle' : 'identity.provider.continueTitle'),
      `<h1>${escapeHtml(t(isLogout ? 'identity.provider.logoutTitle' : 'identity.provider.continueHeading'))}</h1>
       <p class="lead">${escapeHtml(t(isLogout ? 'identity.provider.logoutLead' : 'identity.provider.continueLead'))}</p>
       <form method="post" action="${form[1]}">${hidden}<button class="button" type="submit">${escapeHtml(t(isLogout ? 'identity.provider.logoutContinue' : 'identity.provider.continueButton'))}</button></form>`,
    );
  };
}

function errorPage({ t, locale }: { t: Translate; locale: string }, error: string, description: string): string {
  return simplePage(
    locale,
    t('identity.provider.errorTitle'),
    // The library's description is in English: shown as a technical detail for the service's staff.
    `<h1>${escapeHtml(t('identity.provider.errorHeading'))}</h1><p class="lead">${escapeHtml(t('identity.provider.errorLead'))}</p>
     <p>${escapeHtml(t('identity.provider.errorDetail'))} <code>${escapeHtml(error)}</code>${description ? ` (<span lang="en">${escapeHtml(description)}</span>)` : ''}</p><p><a href="/">${escapeHtml(t('identity.provider.home'))}</a></p>`,
  );
}

function logoutPage({ t, locale }: { t: Translate; locale: string }, form: string, clientName: string | null): string {
  const from = clientName ? `<p>${escapeHtml(t('identity.provider.requestedBy', { client: clientName }))}</p>` : '';
  return simplePage(
    locale,
    t('identity.provider.logoutTitle'),
    `<h1>${escapeHtml(t('identity.provider.logoutHeading'))}</h1>${from}${form}
     <div class="button-group"><button class="button" type="submit" form="op.logoutForm" value="yes" name="logout">${escapeHtml(t('identity.provider.logoutYes'))}</button>
     <button class="button button--secondary" type="submit" form="op.logoutForm">${escapeHtml(t('identity.provider.logoutNo'))}</button></div>`,
  );
}

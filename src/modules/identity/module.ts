import middie from '@fastify/middie';
import { registerDeveloperPortal } from './routes/developers.tsx';
import { defineModule, type Deps } from '../../platform/module.ts';
import type { TamboApp } from '../../platform/http/app-types.ts';
import { securityHeaders } from '../../platform/http/security.ts';
import { ensureFirstPartyClient } from './client.service.ts';
import { seedIdentity } from './identity.seed.ts';
import { providerJwks } from '../../platform/keys/keyring.ts';
import { createProvider, plainFormPages, PORTAL_CLIENT_ID, portalClientSecret } from './oidc/provider.ts';
import { deleteExpiredOidcRecords } from './oidc/adapter.ts';
import { providerScopes, useModuleScopes } from './oidc/scopes.ts';
import { registerAccountPages } from './routes/account.tsx';
import { registerMyDataPages } from './routes/my-data.tsx';
import { registerAdminRoutes } from './routes/admin.tsx';
import { adminErrors } from './admin.errors.ts';
import { registerRegistrationPages } from './routes/registration.tsx';
import { registerDevMessagesPage } from './routes/dev-messages.tsx';
import { registerInteractionRoutes } from './routes/interaction.tsx';
import { registerPortalSession } from './routes/portal-session.ts';
import { identityPersonalData } from './personal-data.service.ts';
import { ROLES } from './account.types.ts';

/** The portal's own client: first party (no consent screen), registered at every start. */
async function ensurePortalClient(deps: Deps): Promise<void> {
  const base = deps.config.publicUrl;
  await ensureFirstPartyClient(deps, {
    clientId: PORTAL_CLIENT_ID,
    clientSecret: portalClientSecret(deps.config),
    name: 'Tambo',
    agencyCode: null,
    redirectUris: [`${base}/ingresar/callback`],
    postLogoutRedirectUris: [`${base}/`],
    backchannelLogoutUri: `${base}/ingresar/backchannel`,
    scopes: ['openid', 'profile', 'email', 'phone', 'address', 'documento'],
    minimumLevel: 'bajo',
    sectorIdentifier: null,
    subjectType: 'public',
    requirePar: false,
    purpose: '',
  });
}

async function registerIdentity(app: TamboApp, deps: Deps): Promise<void> {
  await ensurePortalClient(deps);
  // The provider signs with the platform keyring's keys (src/platform/keys/keyring.ts).
  const jwks = await providerJwks(deps.keyring);
  // The scopes the modules declare (`cases:read`, `mailbox:send`…) are the provider's too.
  useModuleScopes(app.tambo.modules, deps.country.code);
  const provider = createProvider(deps, { issuer: `${deps.config.publicUrl}/auth`, jwks, scopes: providerScopes() });
  // For identity's public functions (platform-access.ts): token checks.
  app.decorate('oidcProvider', provider);
  // The provider answers on its own (Koa) stack: its responses get the platform's strict
  // headers (HSTS, COOP, Permissions-Policy, CSP with form-action…), set before the library
  // runs so that a page may still widen form-action (plainFormPages); and its cookies are
  // Secure whenever PUBLIC_URL is https, whatever a proxy says.
  const headers = securityHeaders(deps.config);
  provider.use(async (ctx, next) => {
    ctx.set(headers);
    if (deps.config.isSecureCookies) ctx.cookies.secure = true;
    await next();
  });
  // Runs inside the headers above: its pages get them too, and never carry an inline script.
  provider.use(plainFormPages(deps));
  await app.register(middie);
  app.use('/auth', provider.callback());
  registerInteractionRoutes(app, deps, provider);
  registerPortalSession(app, deps);
  registerAccountPages(app, deps, provider);
  registerMyDataPages(app, deps);
  registerRegistrationPages(app, deps);
  await registerAdminRoutes(app, deps);
  registerDevMessagesPage(app, deps);
  registerDeveloperPortal(app, deps);
}

export const identityModule = defineModule({
  name: 'identity',
  dependsOn: ['territories', 'agencies', 'messaging'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: [new URL('./locales/', import.meta.url), new URL('./locales/admin/', import.meta.url), new URL('./locales/contract/', import.meta.url), new URL('./locales/developers/', import.meta.url)],
  errors: {
    IDENTITY_INTERACTION_EXPIRED: { status: 400, title: 'The sign-in took too long or was already completed; start again from the service' },
    IDENTITY_SIGN_IN_FAILED: { status: 400, title: 'The sign-in could not be completed' },
    ...adminErrors,
  },
  routes: registerIdentity,
  jobs: {
    delete_expired_oidc_records: async (_payload, deps) => {
      await deleteExpiredOidcRecords(deps.db);
    },
  },
  schedule: { delete_expired_oidc_records: '23 * * * *' },
  seed: seedIdentity,
  nav: [{ href: '/cuenta', labelKey: 'identity.nav.account' }],
  adminLinks: [{ href: '/admin/feriados', labelKey: 'identity.holidays.heading', textKey: 'identity.admin.home.holidays', audience: 'platformAdmin' }],
  personalData: identityPersonalData,
  // Granted in identity's role administration (agency roles) or by the account flag (platform).
  roles: [
    ...ROLES.map((name) => ({
      name,
      scope: 'agency' as const,
      labelKey: `identity.roles.role.${name}`,
      hintKey: `identity.roles.roleHint.${name}`,
    })),
    { name: 'platform_admin', scope: 'platform', labelKey: 'identity.contract.role.platformAdmin', hintKey: 'identity.contract.role.platformAdminHint' },
  ],
});

// The provider's interaction pages (/ingreso/:uid): sign-in, level check (step-up) and
// consent. oidc-provider sends people here and resumes once we record the result.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { insertActivity } from '../account.queries.ts';
import { levelRank } from '../account.types.ts';
import { authenticate } from '../account.service.ts';
import { findActiveConsent, findClient, upsertConsent } from '../client.queries.ts';
import type { Client } from '../client.types.ts';
import { achievedLevel, INTERACTION_PATH } from '../oidc/provider.ts';
import { ConsentPage, SignInPage, StepUpPage, type SignInErrors } from '../views/sign-in.views.tsx';

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

const Params = Type.Object({ uid: Type.String({ pattern: '^[\\w-]{10,64}$' }) });
const SignInBody = Type.Object({ login: Type.Optional(Type.String({ maxLength: 200 })), password: Type.Optional(Type.String({ maxLength: 200 })) });
const ConsentBody = Type.Object({ decision: Type.Optional(Type.String({ maxLength: 10 })) });

/** Lets the browser follow this page's form to the client's redirect URIs (CSP form-action). */
function allowFormRedirects(reply: FastifyReply, client: Client | undefined): void {
  const current = reply.getHeader('content-security-policy');
  if (typeof current !== 'string' || !client) return;
  const origins = [...new Set([...client.redirectUris, ...client.postLogoutRedirectUris].map((uri) => new URL(uri).origin))];
  reply.header('content-security-policy', current.replace("form-action 'self'", `form-action 'self' ${origins.join(' ')}`));
}

export function registerInteractionRoutes(app: TamboApp, deps: Deps, provider: Provider): void {
  async function details(request: FastifyRequest, reply: FastifyReply): Promise<Details> {
    try {
      return await provider.interactionDetails(request.raw, reply.raw);
    } catch (error) {
      throw new AppError('IDENTITY_INTERACTION_EXPIRED', { cause: error });
    }
  }

  async function finish(request: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>) {
    const returnTo = await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: true });
    return reply.redirect(returnTo, 303);
  }

  /** The client's minimum, raised to the lowest level it asked for in acr_values (any of them is acceptable). */
  function minimumLevel(detail: Details, client: Client | undefined): string {
    const requested = String(detail.params.acr_values ?? '').split(' ').filter((v) => levelRank(v) >= 0);
    const lowestRequested = requested.reduce((a, b) => (levelRank(b) < levelRank(a) ? b : a), 'alto');
    const floor = client?.minimumLevel ?? 'bajo';
    return requested.length > 0 && levelRank(lowestRequested) > levelRank(floor) ? lowestRequested : floor;
  }

  async function renderConsent(request: FastifyRequest, reply: FastifyReply, detail: Details, client: Client) {
    const missing = ((detail.prompt.details.missingOIDCScope as string[] | undefined) ?? []).filter((s) => s !== 'openid');
    allowFormRedirects(reply, client);
    return reply.page({
      title: request.t('identity.consent.title'),
      body: (
        <ConsentPage
          action={`${INTERACTION_PATH}/${detail.uid}/consentimiento`}
          clientName={client.name}
          purpose={client.purpose}
          claims={(missing.length > 0 ? missing : ['openid']).map((scope) => ({ scope, label: request.t(`identity.scope.${scope}`) }))}
        />
      ),
    });
  }

  async function grantConsent(detail: Details, accountId: string, clientId: string): Promise<string> {
    const grant = detail.grantId ? await provider.Grant.find(detail.grantId) : new provider.Grant({ accountId, clientId });
    if (!grant) throw new AppError('IDENTITY_INTERACTION_EXPIRED');
    const scopes = (detail.prompt.details.missingOIDCScope as string[] | undefined) ?? [];
    if (scopes.length > 0) grant.addOIDCScope(scopes.join(' '));
    const claims = detail.prompt.details.missingOIDCClaims as string[] | undefined;
    if (claims && claims.length > 0) grant.addOIDCClaims(claims);
    return grant.save();
  }

  function signInPage(request: FastifyRequest, reply: FastifyReply, detail: Details, client: Client | undefined, login: string, errors: SignInErrors, status = 200) {
    allowFormRedirects(reply, client);
    return reply.page({
      status,
      title: `${Object.keys(errors).length > 0 ? `${request.t('identity.errorPrefix')} ` : ''}${request.t('identity.signIn.title')}`,
      body: <SignInPage action={`${INTERACTION_PATH}/${detail.uid}/ingresar`} clientName={client && !client.isFirstParty ? client.name : null} login={login} errors={errors} />,
    });
  }

  app.get(`${INTERACTION_PATH}/:uid`, { schema: { params: Params } }, async (request, reply) => {
    const detail = await details(request, reply);
    const client = await findClient(deps.db, String(detail.params.client_id));
    if (detail.prompt.name === 'login') return signInPage(request, reply, detail, client, '', {});
    if (detail.prompt.name === 'consent' && client && detail.session?.accountId) {
      const accountId = detail.session.accountId;
      const missing = (detail.prompt.details.missingOIDCScope as string[] | undefined) ?? [];
      const recorded = await findActiveConsent(deps.db, accountId, client.clientId);
      const covered = recorded && missing.every((scope) => recorded.scopes.includes(scope));
      if (client.isFirstParty || covered) {
        return finish(request, reply, { consent: { grantId: await grantConsent(detail, accountId, client.clientId) } });
      }
      return renderConsent(request, reply, detail, client);
    }
    throw new AppError('IDENTITY_INTERACTION_EXPIRED');
  });

  app.post(`${INTERACTION_PATH}/:uid/ingresar`, { schema: { params: Params, body: SignInBody } }, async (request, reply) => {
    const detail = await details(request, reply);
    const client = await findClient(deps.db, String(detail.params.client_id));
    const login = (request.body.login ?? '').trim();
    const password = request.body.password ?? '';
    const errors: SignInErrors = {};
    if (!login) errors.login = request.t('identity.signIn.errors.loginMissing');
    if (!password) errors.password = request.t('identity.signIn.errors.passwordMissing');
    if (errors.login || errors.password) return signInPage(request, reply, detail, client, login, errors, 400);

    const result = await authenticate(deps, login, password, client?.clientId ?? null);
    if (!result.ok) {
      const message =
        result.reason === 'locked'
          ? request.t('identity.signIn.errors.locked', { minutes: Math.max(1, Math.ceil((result.lockedUntil.getTime() - Date.now()) / 60_000)) })
          : request.t('identity.signIn.errors.invalid');
      return signInPage(request, reply, detail, client, login, { login: message }, result.reason === 'locked' ? 429 : 401);
    }
    const acr = achievedLevel(result.account, false);
    const required = minimumLevel(detail, client);
    if (levelRank(acr) < levelRank(required)) {
      await insertActivity(deps.db, result.account.id, 'sign_in_failed', client?.clientId ?? null, { reason: 'level', required });
      allowFormRedirects(reply, client);
      return reply.page({
        status: 403,
        title: request.t('identity.stepUp.heading'),
        body: (
          <StepUpPage
            action={`${INTERACTION_PATH}/${detail.uid}/cancelar`}
            clientName={client?.name ?? ''}
            required={required}
            current={acr}
            canUseSecondFactor={result.hasTotp}
          />
        ),
      });
    }
    return finish(request, reply, { login: { accountId: result.account.id, acr, amr: ['pwd'], remember: true } });
  });

  app.post(`${INTERACTION_PATH}/:uid/consentimiento`, { schema: { params: Params, body: ConsentBody } }, async (request, reply) => {
    const detail = await details(request, reply);
    const client = await findClient(deps.db, String(detail.params.client_id));
    const accountId = detail.session?.accountId;
    if (!client || !accountId || detail.prompt.name !== 'consent') throw new AppError('IDENTITY_INTERACTION_EXPIRED');
    if (request.body.decision !== 'allow') {
      return finish(request, reply, { error: 'access_denied', error_description: 'The person did not allow sharing their data' });
    }
    const grantId = await grantConsent(detail, accountId, client.clientId);
    const scopes = [...new Set([...((await findActiveConsent(deps.db, accountId, client.clientId))?.scopes ?? []), ...String(detail.params.scope ?? '').split(' ').filter(Boolean)])];
    await deps.db.transaction().execute(async (trx) => {
      await upsertConsent(trx, accountId, client.clientId, scopes);
      await insertActivity(trx, accountId, 'consent_granted', client.clientId, { scopes });
    });
    return finish(request, reply, { consent: { grantId } });
  });

  app.post(`${INTERACTION_PATH}/:uid/cancelar`, { schema: { params: Params } }, async (request, reply) => {
    await details(request, reply);
    return finish(request, reply, { error: 'access_denied', error_description: 'The person cancelled or does not have the required level of assurance' }, );
  });
}

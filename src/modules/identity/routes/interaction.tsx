// The provider's interaction pages (/ingreso/:uid): sign-in, a new password in place of a
// temporary one, second factor, level check (step-up) and consent. oidc-provider sends people here and resumes once we record the result.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { cookieOptions } from '../../../platform/http/security.ts';
import { findAccount } from '../account-lookup.service.ts';
import { levelRank, type Account } from '../account.types.ts';
import { authenticate, recordActivity, replaceRequiredPassword } from '../account.service.ts';
import { findConsent, getClientById, recordConsent } from '../client.service.ts';
import type { Client } from '../client.types.ts';
import { achievedLevel, INTERACTION_PATH, requiredLevel } from '../oidc/provider.ts';
import { cachedResourceServer } from '../oidc/resources.ts';
import { isClaimScope, scopeLabelKey } from '../oidc/scopes.ts';
import { checkSecondFactor, confirmTotpEnrolment, mustEnrolSecondFactor, startTotpEnrolment } from '../security.service.ts';
import { groupSecret } from '../totp.ts';
import { ConsentPage, NewPasswordPage, SecondFactorPage, SignInPage, StepUpPage, type SignInErrors } from '../views/sign-in.views.tsx';

/**
 * Between the password and the rest of the sign-in: which interaction, which account, and
 * which step is owed (a new password in place of a temporary one, or the second factor).
 * Signed cookie.
 */
const PENDING_COOKIE = 'tambo_2fa';
type PendingStep = 'password' | 'factor';

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/** The scopes of agencies' APIs (resource indicators) the person has not yet consented to, by API identifier. */
const missingResourceScopes = (detail: Details): Array<[string, string[]]> => Object.entries((detail.prompt.details.missingResourceScopes as Record<string, string[]> | undefined) ?? {});

const Params = Type.Object({ uid: Type.String({ pattern: '^[\\w-]{10,64}$' }) });
const SignInBody = Type.Object({ login: Type.Optional(Type.String({ maxLength: 200 })), password: Type.Optional(Type.String({ maxLength: 200 })) });
const NewPasswordBody = Type.Object({ password: Type.Optional(Type.String({ maxLength: 300 })) });
const CodeBody = Type.Object({ code: Type.Optional(Type.String({ maxLength: 20 })) });
const ConsentBody = Type.Object({ decision: Type.Optional(Type.String({ maxLength: 10 })) });

/** Too many wrong passwords or codes: for how many more minutes (at least one) the account is locked. */
function lockedMessage(request: FastifyRequest, until: Date): string {
  return request.t('identity.signIn.errors.locked', { minutes: Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000)) });
}

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

  /**
   * Records the interaction's result and sends the browser back to the provider. What
   * `provider.interactionResult` does (merged with the last submission unless it is an error),
   * on the interaction this request already loaded, so that it is not read a second time.
   */
  async function finish(reply: FastifyReply, detail: Details, result: Record<string, unknown>) {
    detail.result = 'error' in result ? result : { ...detail.lastSubmission, ...result };
    await detail.save(detail.exp - Math.floor(Date.now() / 1000));
    return reply.redirect(detail.returnTo, 303);
  }

  function minimumLevel(detail: Details, client: Client | undefined): string {
    return requiredLevel(client?.minimumLevel ?? 'bajo', detail.params.acr_values);
  }

  function setPending(reply: FastifyReply, uid: string, accountId: string, step: PendingStep) {
    reply.setCookie(PENDING_COOKIE, JSON.stringify({ uid, accountId, step }), { ...cookieOptions(deps.config), path: INTERACTION_PATH, maxAge: 600, signed: true });
  }

  /** The account whose password was checked for this interaction and that owes this step. */
  async function pendingAccount(request: FastifyRequest, uid: string, step: PendingStep): Promise<Account> {
    const raw = request.cookies[PENDING_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    const pending = unsigned?.valid && unsigned.value ? (JSON.parse(unsigned.value) as { uid?: string; accountId?: string; step?: string }) : undefined;
    const account = pending?.uid === uid && pending.step === step && pending.accountId ? await findAccount(deps, pending.accountId) : undefined;
    if (!account) throw new AppError('IDENTITY_INTERACTION_EXPIRED');
    return account;
  }

  /** After the password (and a new one where it was temporary): the second factor, or done. */
  async function afterPassword(request: FastifyRequest, reply: FastifyReply, detail: Details, client: Client | undefined, account: Account) {
    if (account.passwordChangeRequired) {
      setPending(reply, detail.uid, account.id, 'password');
      return reply.redirect(`${INTERACTION_PATH}/${detail.uid}/nueva-contrasena`, 303);
    }
    if (account.hasTotp || (await mustEnrolSecondFactor(deps, account))) {
      setPending(reply, detail.uid, account.id, 'factor');
      return reply.redirect(`${INTERACTION_PATH}/${detail.uid}/segundo-factor`, 303);
    }
    return completeLogin(request, reply, detail, client, account, false);
  }

  function newPasswordPage(request: FastifyRequest, reply: FastifyReply, detail: Details, client: Client | undefined, error?: string, status = 200) {
    allowFormRedirects(reply, client);
    return reply.page({
      status,
      title: `${error ? `${request.t('identity.errorPrefix')} ` : ''}${request.t('identity.passwordChange.title')}`,
      body: <NewPasswordPage action={`${INTERACTION_PATH}/${detail.uid}/nueva-contrasena`} error={error} />,
    });
  }

  function stepUpPage(request: FastifyRequest, reply: FastifyReply, detail: Details, client: Client | undefined, account: Account, acr: string) {
    allowFormRedirects(reply, client);
    return reply.page({
      status: 403,
      title: request.t('identity.stepUp.heading'),
      body: (
        <StepUpPage action={`${INTERACTION_PATH}/${detail.uid}/cancelar`} clientName={client?.name ?? ''} required={minimumLevel(detail, client)} current={acr} canUseSecondFactor={account.hasTotp} />
      ),
    });
  }

  /** Signs the person in at the level reached, or explains how to raise it (no code for the client). */
  async function completeLogin(request: FastifyRequest, reply: FastifyReply, detail: Details, client: Client | undefined, account: Account, usedSecondFactor: boolean) {
    const acr = achievedLevel(account, usedSecondFactor);
    const required = minimumLevel(detail, client);
    if (levelRank(acr) < levelRank(required)) {
      await recordActivity(deps, account.id, 'sign_in_failed', client?.clientId ?? null, { reason: 'level', required });
      return stepUpPage(request, reply, detail, client, account, acr);
    }
    reply.clearCookie(PENDING_COOKIE, { path: INTERACTION_PATH });
    // "Mi actividad": every sign-in, with the service it was for (none for the portal itself).
    await recordActivity(deps, account.id, 'sign_in', client && !client.isFirstParty ? client.clientId : null, { acr, factors: usedSecondFactor ? 2 : 1 });
    const login = { accountId: account.id, acr, amr: usedSecondFactor ? ['pwd', 'otp'] : ['pwd'], remember: true };
    // Consent the person already gave (or a first-party client) is granted with the sign-in:
    // the provider then issues the code at once instead of coming back here for consent.
    const grantId = client && !detail.grantId ? await knownConsent(detail, account.id, client) : undefined;
    return finish(reply, detail, grantId ? { login, consent: { grantId } } : { login });
  }

  /** A grant of the requested scopes when no question needs asking (first party, or consent on record covering them). */
  async function knownConsent(detail: Details, accountId: string, client: Client): Promise<string | undefined> {
    const requested = String(detail.params.scope ?? '')
      .split(' ')
      .filter((scope) => scope && client.scopes.includes(scope));
    if (!requested.includes('openid')) return undefined;
    if (!client.isFirstParty) {
      const recorded = await findConsent(deps, accountId, client.clientId);
      if (!recorded || !requested.every((scope) => scope === 'openid' || recorded.scopes.includes(scope))) return undefined;
    }
    const grant = new provider.Grant({ accountId, clientId: client.clientId });
    grant.addOIDCScope(requested.join(' '));
    return grant.save();
  }

  async function secondFactorPage(request: FastifyRequest, reply: FastifyReply, detail: Details, client: Client | undefined, account: Account, error?: string, status = 200) {
    const enrolment = account.hasTotp ? undefined : await startTotpEnrolment(deps, account);
    allowFormRedirects(reply, client);
    return reply.page({
      status,
      title: `${error ? `${request.t('identity.errorPrefix')} ` : ''}${request.t(enrolment ? 'identity.secondFactor.enrolTitle' : 'identity.secondFactor.title')}`,
      body: (
        <SecondFactorPage action={`${INTERACTION_PATH}/${detail.uid}/segundo-factor`} enrolment={enrolment ? { secret: groupSecret(enrolment.secret), uri: enrolment.uri } : undefined} error={error} />
      ),
    });
  }

  async function renderConsent(request: FastifyRequest, reply: FastifyReply, detail: Details, client: Client) {
    const missing = ((detail.prompt.details.missingOIDCScope as string[] | undefined) ?? []).filter((s) => s !== 'openid');
    // An agency's API the client asked for (resource): its name, what it lets the client do, its scopes.
    const apis = await Promise.all(
      missingResourceScopes(detail).map(async ([identifier, scopes]) => {
        const server = await cachedResourceServer(deps.db, identifier);
        return {
          scope: scopes.join(' '),
          label: request.t('identity.consent.resource', { name: server?.name ?? identifier, description: server?.description ?? '', scopes: scopes.join(', ') }),
          kind: 'action' as const,
        };
      }),
    );
    allowFormRedirects(reply, client);
    return reply.page({
      title: request.t('identity.consent.title'),
      body: (
        <ConsentPage
          action={`${INTERACTION_PATH}/${detail.uid}/consentimiento`}
          clientName={client.name}
          purpose={client.purpose}
          claims={[
            ...(missing.length > 0 || apis.length === 0 ? (missing.length > 0 ? missing : ['openid']) : []).map((scope) => {
              const key = scopeLabelKey(scope);
              return { scope, label: key ? request.t(key) : scope, kind: isClaimScope(scope) ? ('data' as const) : ('action' as const) };
            }),
            ...apis,
          ]}
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
    for (const [identifier, resourceScopes] of missingResourceScopes(detail)) grant.addResourceScope(identifier, resourceScopes.join(' '));
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
    const client = await getClientById(deps, String(detail.params.client_id));
    if (detail.prompt.name === 'login') {
      const signedIn = detail.session?.accountId ? await findAccount(deps, detail.session.accountId) : undefined;
      if (signedIn && detail.prompt.reasons.includes('acr_below_minimum') && detail.prompt.reasons.length === 1) {
        // Already signed in, below the client's level: the second factor if it reaches it, else how to raise the level.
        if (signedIn.hasTotp && levelRank(achievedLevel(signedIn, true)) >= levelRank(minimumLevel(detail, client))) {
          setPending(reply, detail.uid, signedIn.id, 'factor');
          return secondFactorPage(request, reply, detail, client, signedIn);
        }
        return stepUpPage(request, reply, detail, client, signedIn, achievedLevel(signedIn, false));
      }
      return signInPage(request, reply, detail, client, '', {});
    }
    if (detail.prompt.name === 'consent' && client && detail.session?.accountId) {
      const accountId = detail.session.accountId;
      // An API's scopes count as consented only with the API itself on record (names may repeat across APIs).
      const missing = [...((detail.prompt.details.missingOIDCScope as string[] | undefined) ?? []), ...missingResourceScopes(detail).flatMap(([identifier, scopes]) => [identifier, ...scopes])];
      const recorded = await findConsent(deps, accountId, client.clientId);
      const covered = recorded && missing.every((scope) => recorded.scopes.includes(scope));
      if (client.isFirstParty || covered) {
        return finish(reply, detail, { consent: { grantId: await grantConsent(detail, accountId, client.clientId) } });
      }
      return renderConsent(request, reply, detail, client);
    }
    throw new AppError('IDENTITY_INTERACTION_EXPIRED');
  });

  app.post(`${INTERACTION_PATH}/:uid/ingresar`, { schema: { params: Params, body: SignInBody } }, async (request, reply) => {
    const detail = await details(request, reply);
    const client = await getClientById(deps, String(detail.params.client_id));
    const login = (request.body.login ?? '').trim();
    const password = request.body.password ?? '';
    const errors: SignInErrors = {};
    if (!login) errors.login = request.t('identity.signIn.errors.loginMissing');
    if (!password) errors.password = request.t('identity.signIn.errors.passwordMissing');
    if (errors.login || errors.password) return signInPage(request, reply, detail, client, login, errors, 400);

    const result = await authenticate(deps, login, password, client?.clientId ?? null);
    if (!result.ok) {
      const message = result.reason === 'locked' ? lockedMessage(request, result.lockedUntil) : request.t('identity.signIn.errors.invalid');
      return signInPage(request, reply, detail, client, login, { login: message }, result.reason === 'locked' ? 429 : 401);
    }
    return afterPassword(request, reply, detail, client, result.account);
  });

  app.get(`${INTERACTION_PATH}/:uid/nueva-contrasena`, { schema: { params: Params } }, async (request, reply) => {
    const detail = await details(request, reply);
    await pendingAccount(request, detail.uid, 'password');
    return newPasswordPage(request, reply, detail, await getClientById(deps, String(detail.params.client_id)));
  });

  app.post(`${INTERACTION_PATH}/:uid/nueva-contrasena`, { schema: { params: Params, body: NewPasswordBody } }, async (request, reply) => {
    const detail = await details(request, reply);
    const account = await pendingAccount(request, detail.uid, 'password');
    const client = await getClientById(deps, String(detail.params.client_id));
    const changed = await replaceRequiredPassword(deps, account, request.body.password ?? '', request.id);
    if (!changed.ok) return newPasswordPage(request, reply, detail, client, request.t(changed.error), 400);
    return afterPassword(request, reply, detail, client, (await findAccount(deps, account.id))!);
  });

  app.get(`${INTERACTION_PATH}/:uid/segundo-factor`, { schema: { params: Params } }, async (request, reply) => {
    const detail = await details(request, reply);
    const account = await pendingAccount(request, detail.uid, 'factor');
    const client = await getClientById(deps, String(detail.params.client_id));
    return secondFactorPage(request, reply, detail, client, account);
  });

  app.post(`${INTERACTION_PATH}/:uid/segundo-factor`, { schema: { params: Params, body: CodeBody } }, async (request, reply) => {
    const detail = await details(request, reply);
    const account = await pendingAccount(request, detail.uid, 'factor');
    const client = await getClientById(deps, String(detail.params.client_id));
    const code = (request.body.code ?? '').trim();
    if (!code) return secondFactorPage(request, reply, detail, client, account, request.t('identity.secondFactor.errors.codeMissing'), 400);
    if (account.hasTotp) {
      const checked = await checkSecondFactor(deps, account.id, code, client?.clientId ?? null, request.id);
      if (!checked.ok) {
        const message = checked.reason === 'locked' ? lockedMessage(request, checked.lockedUntil) : request.t('identity.secondFactor.errors.wrong');
        return secondFactorPage(request, reply, detail, client, account, message, checked.reason === 'locked' ? 429 : 401);
      }
    } else {
      const confirmed = await confirmTotpEnrolment(deps, account.id, code, request.id);
      if (!confirmed.ok) {
        const locked = confirmed.reason === 'locked';
        return secondFactorPage(request, reply, detail, client, account, locked ? lockedMessage(request, confirmed.lockedUntil) : request.t('identity.secondFactor.errors.wrong'), locked ? 429 : 400);
      }
    }
    const fresh = (await findAccount(deps, account.id))!;
    return completeLogin(request, reply, detail, client, fresh, true);
  });

  app.post(`${INTERACTION_PATH}/:uid/consentimiento`, { schema: { params: Params, body: ConsentBody } }, async (request, reply) => {
    const detail = await details(request, reply);
    const client = await getClientById(deps, String(detail.params.client_id));
    const accountId = detail.session?.accountId;
    if (!client || !accountId || detail.prompt.name !== 'consent') throw new AppError('IDENTITY_INTERACTION_EXPIRED');
    if (request.body.decision !== 'allow') {
      return finish(reply, detail, { error: 'access_denied', error_description: 'The person did not allow sharing their data' });
    }
    const grantId = await grantConsent(detail, accountId, client.clientId);
    const scopes = [
      ...new Set([
        ...((await findConsent(deps, accountId, client.clientId))?.scopes ?? []),
        ...String(detail.params.scope ?? '')
          .split(' ')
          .filter(Boolean),
        // The agencies' APIs consented to (resource indicators), beside their scopes.
        ...missingResourceScopes(detail).map(([identifier]) => identifier),
      ]),
    ];
    await recordConsent(deps, { accountId, clientId: client.clientId, scopes, requestId: request.id });
    return finish(reply, detail, { consent: { grantId } });
  });

  app.post(`${INTERACTION_PATH}/:uid/cancelar`, { schema: { params: Params } }, async (request, reply) => {
    const detail = await details(request, reply);
    return finish(reply, detail, { error: 'access_denied', error_description: 'The person cancelled or does not have the required level of assurance' });
  });
}

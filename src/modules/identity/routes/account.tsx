// "Mi cuenta": the signed-in person's own data and level, the second factor
// (/cuenta/seguridad), sessions (/cuenta/sesiones), consents (/cuenta/consentimientos) and
// "Mi actividad" (/cuenta/actividad). Every read and change is scoped to the signed-in
// account; a handle or client id belonging to someone else simply matches nothing (404).
import type { FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { clientNames as findClientNames } from '../client.service.ts';
import {
  ACTIVITY_PAGE_SIZE,
  activityPage,
  confirmTotpEnrolment,
  type TotpCodeResult,
  disableSecondFactor,
  endSessions,
  listConsents,
  listSessions,
  revokeConsent,
  startTotpEnrolment,
} from '../security.service.ts';
import { SESSION_COOKIE } from '../session.service.ts';
import { groupSecret } from '../totp.ts';
import { roleLabelKeys } from '../declared-roles.ts';
import { AccountPage, ActivityPage, ConsentsPage, SecurityPage, SessionsPage, SignOutPage } from '../views/account.views.tsx';
import { requireSignedIn } from './portal-session.ts';

/** What went wrong with a code typed to turn the second factor on or off. */
function codeError(request: FastifyRequest, result: Exclude<TotpCodeResult, { ok: true }>): string {
  if (result.reason === 'locked') return request.t('identity.signIn.errors.locked', { minutes: Math.max(1, Math.ceil((result.lockedUntil.getTime() - Date.now()) / 60_000)) });
  return request.t(result.reason === 'codeMissing' ? 'identity.secondFactor.errors.codeMissing' : 'identity.secondFactor.errors.wrong');
}

const Done = Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 20 })) });
const CodeBody = Type.Object({ code: Type.Optional(Type.String({ maxLength: 20 })) });
const SessionBody = Type.Object({ session: Type.String({ maxLength: 60 }) });
const ConsentBody = Type.Object({ client: Type.String({ maxLength: 200 }) });
const NOTICES: Record<string, string> = {
  activado: 'identity.security.enabled',
  desactivado: 'identity.security.disabled',
  cerrada: 'identity.sessions.ended',
  retirado: 'identity.consents.revoked',
};

export function registerAccountPages(app: TamboApp, deps: Deps, provider: Provider): void {
  const notice = (request: { t: (key: string) => string }, done: string | undefined) => (done && NOTICES[done] ? request.t(NOTICES[done]) : undefined);
  const timeZone = deps.country.timeZone;

  app.get('/cuenta', async (request, reply) => {
    const { account, session } = requireSignedIn(request);
    return reply.page({ title: request.t('identity.account.title'), body: <AccountPage account={account} acr={session.acr} /> });
  });

  // Where "Cerrar sesión" lands (routes/portal-session.ts ends the sessions).
  app.get('/salir', async (request, reply) => {
    const signedIn = request.current !== null;
    return reply.page({ title: request.t(signedIn ? 'identity.signOut.confirmTitle' : 'identity.signOut.title'), body: <SignOutPage signedIn={signedIn} /> });
  });

  // Second factor ---------------------------------------------------------------------
  app.get('/cuenta/seguridad', { schema: { querystring: Done } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    return reply.page({ title: request.t('identity.security.title'), body: <SecurityPage account={account} notice={notice(request, request.query.hecho)} /> });
  });

  app.post('/cuenta/seguridad/activar', async (request, reply) => {
    const { account } = requireSignedIn(request);
    if (account.hasTotp) return reply.redirect('/cuenta/seguridad', 303);
    const enrolment = await startTotpEnrolment(deps, account);
    return reply.page({ title: request.t('identity.security.title'), body: <SecurityPage account={account} enrolment={{ secret: groupSecret(enrolment.secret), uri: enrolment.uri }} /> });
  });

  app.post('/cuenta/seguridad/confirmar', { schema: { body: CodeBody } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const result = await confirmTotpEnrolment(deps, account.id, request.body.code ?? '', request.id);
    if (result.ok) return reply.redirect('/cuenta/seguridad?hecho=activado', 303);
    if (result.reason === 'notPending') return reply.redirect('/cuenta/seguridad', 303);
    const enrolment = await startTotpEnrolment(deps, account);
    return reply.page({
      status: result.reason === 'locked' ? 429 : 400,
      title: `${request.t('identity.errorPrefix')} ${request.t('identity.security.title')}`,
      body: <SecurityPage account={account} enrolment={{ secret: groupSecret(enrolment.secret), uri: enrolment.uri }} error={codeError(request, result)} />,
    });
  });

  app.post('/cuenta/seguridad/desactivar', { schema: { body: CodeBody } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const result = await disableSecondFactor(deps, account.id, request.body.code ?? '', request.id);
    if (result.ok || result.reason === 'notPending') return reply.redirect(`/cuenta/seguridad${result.ok ? '?hecho=desactivado' : ''}`, 303);
    return reply.page({
      status: result.reason === 'locked' ? 429 : 400,
      title: `${request.t('identity.errorPrefix')} ${request.t('identity.security.title')}`,
      body: <SecurityPage account={account} error={codeError(request, result)} />,
    });
  });

  // Sessions --------------------------------------------------------------------------
  app.get('/cuenta/sesiones', { schema: { querystring: Done } }, async (request, reply) => {
    const { account, session } = requireSignedIn(request);
    const sessions = await listSessions(deps, account.id, session.id);
    const clientNames = await findClientNames(deps);
    return reply.page({
      title: request.t('identity.sessions.title'),
      body: <SessionsPage sessions={sessions} clientNames={clientNames} timeZone={timeZone} notice={notice(request, request.query.hecho)} />,
    });
  });

  app.post('/cuenta/sesiones/cerrar', { schema: { body: SessionBody } }, async (request, reply) => {
    const { account, session } = requireSignedIn(request);
    const before = await listSessions(deps, account.id, session.id);
    const ended = await endSessions(deps, provider, account.id, session.id, { handle: request.body.session }, request.id);
    if (ended === 0) throw new AppError('NOT_FOUND');
    if (before.some((s) => s.isCurrent && s.handle === request.body.session)) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/', 303);
    }
    return reply.redirect('/cuenta/sesiones?hecho=cerrada', 303);
  });

  app.post('/cuenta/sesiones/cerrar-otras', async (request, reply) => {
    const { account, session } = requireSignedIn(request);
    await endSessions(deps, provider, account.id, session.id, 'others', request.id);
    return reply.redirect('/cuenta/sesiones?hecho=cerrada', 303);
  });

  // Consents --------------------------------------------------------------------------
  app.get('/cuenta/consentimientos', { schema: { querystring: Done } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const consents = await listConsents(deps, account.id);
    return reply.page({ title: request.t('identity.consents.title'), body: <ConsentsPage consents={consents} timeZone={timeZone} notice={notice(request, request.query.hecho)} /> });
  });

  app.post('/cuenta/consentimientos/retirar', { schema: { body: ConsentBody } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    if (!(await revokeConsent(deps, account.id, request.body.client, request.id))) throw new AppError('NOT_FOUND');
    return reply.redirect('/cuenta/consentimientos?hecho=retirado', 303);
  });

  // Mi actividad ----------------------------------------------------------------------
  app.get('/cuenta/actividad', { schema: { querystring: Type.Object({ pagina: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const page = request.query.pagina ?? 1;
    const { entries, total } = await activityPage(deps, account.id, page);
    const totalPages = Math.max(1, Math.ceil(total / ACTIVITY_PAGE_SIZE));
    return reply.page({
      title: request.t('identity.activity.title'),
      body: <ActivityPage entries={entries} page={Math.min(page, totalPages)} totalPages={totalPages} timeZone={timeZone} roleLabelKeys={roleLabelKeys(app.tambo.modules)} />,
    });
  });
}

// Self-registration (/registro → code → done, level bajo) and password reset (/recuperar →
// code and new password → done). The services answer the same whether or not an account
// exists, throttle codes and wrong tries, and audit; these routes parse, call one service
// function, and re-render with the person's input and an error summary, or redirect.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import {
  completePasswordReset,
  completeRegistration,
  findRegistrationProgress,
  isPasswordResetOpen,
  resendCode,
  startPasswordReset,
  startRegistration,
  type CodeFailure,
  type FieldMessage,
  type RegistrationErrors,
} from '../registration.service.ts';
import { CodePage, DonePage, RegistrationPage, ResetStartPage, type RegistrationFieldErrors, type RegistrationValues } from '../views/registration.views.tsx';

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const RegistrationBody = Type.Object({
  documentType: text(20),
  documentNumber: text(40),
  givenName: text(200),
  familyName: text(200),
  'birthDate-day': text(4),
  'birthDate-month': text(4),
  'birthDate-year': text(6),
  email: text(300),
  phone: text(40),
  password: text(300),
});
const IdParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
const CodeBody = Type.Object({ code: text(20), password: text(300) });
const Sent = Type.Object({ reenviado: Type.Optional(Type.String({ maxLength: 5 })) });

export function registerRegistrationPages(app: TamboApp, deps: Deps): void {
  const message = (request: FastifyRequest, m: FieldMessage) => request.t(m.key, m.params);
  const codeError = (request: FastifyRequest, reason: CodeFailure | 'conflict', remaining?: number) => request.t(`identity.verify.errors.${reason}`, { remaining: remaining ?? 0 });
  const errorTitle = (request: FastifyRequest, key: string, hasErrors: boolean) => `${hasErrors ? `${request.t('identity.errorPrefix')} ` : ''}${request.t(key)}`;

  function registrationPage(request: FastifyRequest, reply: FastifyReply, values: RegistrationValues, errors: RegistrationFieldErrors, status = 200) {
    const documentTypes = deps.country.identityDocuments.map((d) => ({
      value: d.code,
      label: d.name[request.locale],
      hint: request.t('identity.registration.documentExample', { example: d.example }),
    }));
    return reply.page({
      status,
      title: errorTitle(request, 'identity.registration.title', Object.keys(errors).length > 0),
      body: <RegistrationPage documentTypes={documentTypes} phoneExample={deps.country.terms.mobileExample} values={values} errors={errors} />,
    });
  }

  app.get('/registro', async (request, reply) =>
    registrationPage(request, reply, { documentType: deps.country.identityDocuments[0]?.code ?? '', documentNumber: '', givenName: '', familyName: '', birthDate: {}, email: '', phone: '' }, {}),
  );

  app.post('/registro', { schema: { body: RegistrationBody } }, async (request, reply) => {
    const b = request.body;
    const values: RegistrationValues = {
      documentType: b.documentType ?? '',
      documentNumber: b.documentNumber ?? '',
      givenName: b.givenName ?? '',
      familyName: b.familyName ?? '',
      birthDate: { day: b['birthDate-day'] ?? '', month: b['birthDate-month'] ?? '', year: b['birthDate-year'] ?? '' },
      email: b.email ?? '',
      phone: b.phone ?? '',
    };
    const result = await startRegistration(deps, { ...values, password: b.password ?? '' }, request.locale);
    if (result.ok) return reply.redirect(`/registro/${result.verificationId}`, 303);
    const errors: RegistrationFieldErrors = {};
    for (const [field, m] of Object.entries(result.errors) as Array<[keyof RegistrationErrors, FieldMessage]>) errors[field] = message(request, m);
    return registrationPage(request, reply, values, errors, 400);
  });

  app.get('/registro/listo', async (request, reply) =>
    reply.page({
      title: request.t('identity.registration.doneTitle'),
      body: <DonePage heading={request.t('identity.registration.doneTitle')} body={request.t('identity.registration.doneBody')} linkHref="/ingresar" linkText={request.t('identity.signIn.submit')} />,
    }),
  );

  async function registrationCodePage(request: FastifyRequest, reply: FastifyReply, id: string, code: string, error: string | undefined, status = 200, notice?: string) {
    const progress = await findRegistrationProgress(deps, id);
    if (!progress) return expiredPage(request, reply, '/registro');
    return reply.page({
      status,
      title: errorTitle(request, 'identity.verify.title', error !== undefined),
      body: (
        <CodePage
          heading={request.t('identity.verify.heading')}
          lead={request.t(progress.channel === 'email' ? 'identity.verify.leadEmail' : 'identity.verify.leadSms', { destination: progress.destination })}
          action={`/registro/${id}`}
          resendAction={`/registro/${id}/reenviar`}
          code={code}
          errors={{ code: error }}
          withPassword={false}
          warning={progress.documentWarningKey ? request.t(progress.documentWarningKey) : undefined}
          notice={notice}
        />
      ),
    });
  }

  function expiredPage(request: FastifyRequest, reply: FastifyReply, restart: string) {
    return reply.page({
      status: 404,
      title: request.t('identity.verify.expiredTitle'),
      body: <DonePage heading={request.t('identity.verify.expiredTitle')} body={request.t('identity.verify.expiredBody')} linkHref={restart} linkText={request.t('identity.verify.restart')} />,
    });
  }

  app.get('/registro/:id', { schema: { params: IdParams, querystring: Sent } }, async (request, reply) =>
    registrationCodePage(request, reply, request.params.id, '', undefined, 200, request.query.reenviado ? request.t('identity.verify.resent') : undefined),
  );

  app.post('/registro/:id', { schema: { params: IdParams, body: CodeBody } }, async (request, reply) => {
    const code = request.body.code ?? '';
    const result = await completeRegistration(deps, request.params.id, code, request.id);
    if (result.ok) return reply.redirect('/registro/listo', 303);
    if (result.reason === 'missing') return expiredPage(request, reply, '/registro');
    return registrationCodePage(
      request,
      reply,
      request.params.id,
      code,
      codeError(request, result.reason, result.remaining),
      result.reason === 'throttled' || result.reason === 'tooManyAttempts' ? 429 : 400,
    );
  });

  app.post('/registro/:id/reenviar', { schema: { params: IdParams } }, async (request, reply) => {
    const result = await resendCode(deps, 'registration', request.params.id, request.locale);
    if (result.ok) return reply.redirect(`/registro/${request.params.id}?reenviado=1`, 303);
    if (result.reason === 'missing') return expiredPage(request, reply, '/registro');
    return registrationCodePage(request, reply, request.params.id, '', request.t(`identity.verify.errors.${result.reason}`), 429);
  });

  // Password reset --------------------------------------------------------------------
  app.get('/recuperar', async (request, reply) => reply.page({ title: request.t('identity.reset.title'), body: <ResetStartPage login="" /> }));

  app.post('/recuperar', { schema: { body: Type.Object({ login: text(300) }) } }, async (request, reply) => {
    const login = request.body.login ?? '';
    const result = await startPasswordReset(deps, login, request.locale, request.id);
    if (result.ok) return reply.redirect(`/recuperar/${result.verificationId}`, 303);
    return reply.page({
      status: result.error.key.includes('tooMany') ? 429 : 400,
      title: errorTitle(request, 'identity.reset.title', true),
      body: <ResetStartPage login={login} error={message(request, result.error)} />,
    });
  });

  app.get('/recuperar/listo', async (request, reply) =>
    reply.page({
      title: request.t('identity.reset.doneTitle'),
      body: <DonePage heading={request.t('identity.reset.doneTitle')} body={request.t('identity.reset.doneBody')} linkHref="/ingresar" linkText={request.t('identity.signIn.submit')} />,
    }),
  );

  async function resetCodePage(request: FastifyRequest, reply: FastifyReply, id: string, code: string, errors: { code?: string; password?: string }, status = 200, notice?: string) {
    // The same page whether or not an account matched: it never names the address.
    if (!(await isPasswordResetOpen(deps, id))) return expiredPage(request, reply, '/recuperar');
    return reply.page({
      status,
      title: errorTitle(request, 'identity.reset.title', Object.keys(errors).length > 0),
      body: (
        <CodePage
          heading={request.t('identity.reset.codeHeading')}
          lead={request.t('identity.reset.codeLead')}
          action={`/recuperar/${id}`}
          resendAction={`/recuperar/${id}/reenviar`}
          code={code}
          errors={errors}
          withPassword
          notice={notice}
        />
      ),
    });
  }

  app.get('/recuperar/:id', { schema: { params: IdParams, querystring: Sent } }, async (request, reply) =>
    resetCodePage(request, reply, request.params.id, '', {}, 200, request.query.reenviado ? request.t('identity.verify.resent') : undefined),
  );

  app.post('/recuperar/:id', { schema: { params: IdParams, body: CodeBody } }, async (request, reply) => {
    const code = request.body.code ?? '';
    const result = await completePasswordReset(deps, request.params.id, code, request.body.password ?? '', request.locale, request.id);
    if (result.ok) return reply.redirect('/recuperar/listo', 303);
    if (result.reason === 'missing') return expiredPage(request, reply, '/recuperar');
    if (result.reason === 'password') return resetCodePage(request, reply, request.params.id, code, { password: message(request, result.error) }, 400);
    return resetCodePage(
      request,
      reply,
      request.params.id,
      code,
      { code: codeError(request, result.reason, result.remaining) },
      result.reason === 'throttled' || result.reason === 'tooManyAttempts' ? 429 : 400,
    );
  });

  app.post('/recuperar/:id/reenviar', { schema: { params: IdParams } }, async (request, reply) => {
    const result = await resendCode(deps, 'password_reset', request.params.id, request.locale);
    if (result.ok) return reply.redirect(`/recuperar/${request.params.id}?reenviado=1`, 303);
    if (result.reason === 'missing') return expiredPage(request, reply, '/recuperar');
    return resetCodePage(request, reply, request.params.id, '', { code: request.t(`identity.verify.errors.${result.reason}`) }, 429);
  });
}

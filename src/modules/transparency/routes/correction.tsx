// Correction requests from "Mis datos" (correction.service.ts): the form of one module's data,
// and its send, which files a case of the holding agency and shows it in the person's cases.
// Always the signed-in person's own data: no route takes an account id.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { formClaim } from '../../../platform/idempotency/form-key.tsx';
import type { Deps } from '../../../platform/module.ts';
import { getAgency } from '../../agencies/index.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { correctableModule, fileCorrection, holderOf } from '../correction.service.ts';
import { rulesOf } from '../transparency.types.ts';
import { type CorrectionForm, CorrectionPage } from '../views/correction.views.tsx';

const FIELDS = ['campo', 'incorrecto', 'correcto'];
const Which = Type.Object({ modulo: Type.String({ maxLength: 60 }) });
const Body = Type.Record(Type.String(), Type.String({ maxLength: 10000 }));

export function registerCorrectionPages(app: TamboApp, deps: Deps): void {
  const render = async (request: FastifyRequest, reply: FastifyReply, form: CorrectionForm, errors: Record<string, string>) => {
    const module = correctableModule(app.tambo.modules, form.modulo);
    const declaration = module.personalData;
    const holder = holderOf(deps, declaration);
    const moduleTitle = declaration.titleKey ? request.t(declaration.titleKey) : module.name;
    const failed = Object.keys(errors).length > 0;
    const heading = request.t('transparency.correction.heading', { module: moduleTitle });
    return reply.page({
      status: failed ? 422 : 200,
      title: failed ? `${request.t('transparency.errorPrefix')} ${heading}` : heading,
      breadcrumbs: [
        { href: '/cuenta', label: request.t('transparency.correction.account') },
        { href: '/cuenta/mis-datos', label: request.t('transparency.correction.myData') },
      ],
      body: (
        <CorrectionPage
          form={form}
          errors={errors}
          moduleTitle={moduleTitle}
          holderName={(await getAgency(deps, holder).catch(() => undefined))?.name ?? holder}
          answerDays={rulesOf(deps.country).answerDays}
          fields={Object.entries(declaration.correctableFields ?? {}).map(([value, key]) => ({ value, label: request.t(key) }))}
        />
      ),
    });
  };

  app.get('/cuenta/mis-datos/corregir', { schema: { querystring: Which } }, async (request, reply) => {
    requireSignedIn(request);
    return render(request, reply, { modulo: request.query.modulo, campo: '', incorrecto: '', correcto: '', clave: '' }, {});
  });

  app.post('/cuenta/mis-datos/corregir', { schema: { querystring: Which, body: Body } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const b = request.body;
    const form = { modulo: request.query.modulo, campo: b.campo ?? '', incorrecto: b.incorrecto ?? '', correcto: b.correcto ?? '', clave: b.clave ?? '' };
    try {
      const code = await fileCorrection(
        deps,
        app.tambo.modules,
        account.id,
        { module: form.modulo, field: form.campo, wrong: form.incorrecto, right: form.correcto },
        { claim: formClaim(`transparency.correction:${account.id}`, b), requestId: request.id },
      );
      return reply.redirect(`/mis-tramites/${code}`, 303);
    } catch (error) {
      // Only the form's own fields come back to the person; anything else is not theirs to fix.
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED' || error.fields.length === 0 || error.fields.some((f) => !FIELDS.includes(f.field))) throw error;
      return render(request, reply, form, Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)])));
    }
  });
}

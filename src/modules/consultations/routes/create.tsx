// /gestion/consultas/nueva: an official (consultation_officer over some territory, or a
// platform administrator) creates a consultation over territories their grant covers. Every
// problem at once at its field, what was typed kept; the form's own key makes a double submit
// (or a burst of identical posts) create one consultation.
import type { FastifyRequest } from 'fastify';
import { localDate } from '../../../platform/country/business-days.ts';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { type ConsultationErrors, type ConsultationForm, EMPTY_CONSULTATION, readConsultationForm, unitRefusalsText, validateConsultationForm } from '../consultation-form.ts';
import { createConsultationAsOfficial, layerFeatureChoices, mayCreateConsultations } from '../creation.service.ts';
import type { Official } from '../results.service.ts';
import { NewConsultationPage } from '../views/create.views.tsx';

export const NEW_CONSULTATION_PATH = '/gestion/consultas/nueva';

export function registerCreationPages(app: TamboApp, deps: Deps): void {
  const official = async (request: FastifyRequest): Promise<Official> => {
    const { account } = requireSignedIn(request);
    const who: Official = { accountId: account.id, grants: roleGrantsOf(account, await getRoles(deps, account.id)) };
    if (!mayCreateConsultations(who.grants)) throw new AppError('CONSULTATIONS_FORBIDDEN');
    return who;
  };
  const page = async (request: FastifyRequest, form: ConsultationForm, errors: ConsultationErrors = {}) => {
    const features = await layerFeatureChoices(deps);
    const failed = Object.keys(errors).length > 0;
    return {
      status: failed ? 400 : 200,
      title: `${failed ? `${request.t('consultations.errorPrefix')} ` : ''}${request.t('consultations.create.heading')}`,
      breadcrumbs: [{ href: '/consultas', label: request.t('consultations.nav') }],
      body: <NewConsultationPage form={form} errors={errors} currency={deps.country.currency} example={deps.country.terms.territoryExample} features={features} />,
    };
  };

  app.get(NEW_CONSULTATION_PATH, async (request, reply) => {
    await official(request);
    return reply.page(await page(request, EMPTY_CONSULTATION));
  });

  app.post(NEW_CONSULTATION_PATH, async (request, reply) => {
    const who = await official(request);
    const form = readConsultationForm(request.body);
    const { errors, draft } = validateConsultationForm(form, { timeZone: deps.country.timeZone, today: localDate(deps.country, new Date()) }, request.t);
    if (!draft) return reply.page(await page(request, form, errors));
    // The same key with another consultation (back, edit, send) creates another one.
    const outcome = await onceByKey(formClaim(`consultations.create:${who.accountId}`, request.body), (claim) =>
      createConsultationAsOfficial(deps, who, draft, { requestId: request.id, idempotency: claim }),
    );
    if (outcome && !outcome.created) {
      if ('units' in outcome) return reply.page(await page(request, form, { unidades: unitRefusalsText(outcome.units, request.t) }));
      return reply.page(await page(request, form, { titulo: request.t('consultations.create.errors.slugTaken') }));
    }
    // The service answers a replay with the consultation its key created.
    return reply.redirect(outcome ? `/consultas/${outcome.slug}/gestion` : '/consultas', 303);
  });
}

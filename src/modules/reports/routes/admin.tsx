// The platform administrator's reports pages (/admin/reportes): categories and routing rules.
// Routes parse, call one service function, render or redirect (303 after a change).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { listAgencies } from '../../agencies/index.ts';
import { requirePlatformAdmin, requireSignedIn } from '../../identity/index.ts';
import { addRoutingRule, listRoutingRulesForAdmin, removeRoutingRule, saveCategorySettings } from '../admin.service.ts';
import { getCategory, listCategories } from '../reading.service.ts';
import { CategoryAdminPage, REPORTS_ADMIN_PATH, ReportsAdminPage, type AdminErrors, type AdminValues } from '../views/admin.views.tsx';

type Body = Record<string, string | string[] | undefined>;
const str = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim();

/** Form field for each pointer the admin service names. */
const FIELD_OF: Record<string, string> = {
  '/legalResponseDays': 'dias',
  '/contestDays': 'impugnacion',
  '/categoryCode': 'categoria',
  '/territoryCode': 'territorio',
  '/agencyCode': 'institucion',
};

function adminErrors(request: FastifyRequest, error: unknown): AdminErrors {
  if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
  const errors: AdminErrors = {};
  for (const f of error.fields) errors[FIELD_OF[f.field] ?? f.field.slice(1)] ??= request.t(f.messageKey, f.params);
  return errors;
}

export function registerReportsAdmin(app: TamboApp, deps: Deps): void {
  const crumbs = (request: FastifyRequest) => [{ href: '/admin', label: request.t('reports.admin.breadcrumb') }];
  const titled = (request: FastifyRequest, title: string, errors?: AdminErrors) => (errors ? `${request.t('reports.errorPrefix')} ${title}` : title);

  const renderMain = async (request: FastifyRequest, reply: FastifyReply, errors?: AdminErrors, values?: AdminValues) => {
    const admin = requireSignedIn(request).account;
    const rules = await listRoutingRulesForAdmin(deps, admin);
    const agencies = (await listAgencies(deps)).map((a) => ({ value: a.code, label: `${a.name} (${a.acronym})` }));
    return reply.page({
      status: errors ? 400 : undefined,
      title: titled(request, request.t('reports.admin.title'), errors),
      breadcrumbs: crumbs(request),
      body: <ReportsAdminPage categories={await listCategories(deps.db)} rules={rules} agencies={agencies} errors={errors} values={values} />,
    });
  };

  app.get(REPORTS_ADMIN_PATH, { schema: { hide: true } }, async (request, reply) => renderMain(request, reply));

  app.post(`${REPORTS_ADMIN_PATH}/reglas`, { schema: { hide: true } }, async (request, reply) => {
    const admin = requireSignedIn(request).account;
    const body = (request.body ?? {}) as Body;
    const values = { categoria: str(body.categoria), territorio: str(body.territorio), institucion: str(body.institucion) };
    try {
      await addRoutingRule(deps, admin, { categoryCode: values.categoria, territoryCode: values.territorio, agencyCode: values.institucion }, request.id);
    } catch (error) {
      return renderMain(request, reply, adminErrors(request, error), values);
    }
    return reply.redirect(REPORTS_ADMIN_PATH, 303);
  });

  app.post(`${REPORTS_ADMIN_PATH}/reglas/:id/quitar`, { schema: { hide: true, params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) } }, async (request, reply) => {
    await removeRoutingRule(deps, requireSignedIn(request).account, request.params.id, request.id);
    return reply.redirect(REPORTS_ADMIN_PATH, 303);
  });

  const categoryParams = Type.Object({ code: Type.String({ maxLength: 64 }) });
  const renderCategory = async (request: FastifyRequest, reply: FastifyReply, code: string, errors?: AdminErrors, values?: AdminValues) => {
    const admin = requireSignedIn(request).account;
    requirePlatformAdmin(admin);
    const category = await getCategory(deps, code);
    const title = request.t('reports.admin.category.title', { name: category.name[request.locale] });
    return reply.page({
      status: errors ? 400 : undefined,
      title: titled(request, title, errors),
      breadcrumbs: [...crumbs(request), { href: REPORTS_ADMIN_PATH, label: request.t('reports.admin.title') }],
      body: <CategoryAdminPage category={category} errors={errors} values={values} />,
    });
  };

  app.get(`${REPORTS_ADMIN_PATH}/categorias/:code`, { schema: { hide: true, params: categoryParams } }, async (request, reply) => renderCategory(request, reply, request.params.code));

  app.post(`${REPORTS_ADMIN_PATH}/categorias/:code`, { schema: { hide: true, params: categoryParams } }, async (request, reply) => {
    const admin = requireSignedIn(request).account;
    const body = (request.body ?? {}) as Body;
    const values = { dias: str(body.dias), anonimo: str(body.anonimo), impugnacion: str(body.impugnacion) };
    try {
      await saveCategorySettings(deps, admin, request.params.code, { legalResponseDays: values.dias, anonymousAllowed: values.anonimo === 'si', contestDays: values.impugnacion }, request.id);
    } catch (error) {
      return renderCategory(request, reply, request.params.code, adminErrors(request, error), values);
    }
    return reply.redirect(REPORTS_ADMIN_PATH, 303);
  });
}

// Pages of the exchange: the public interoperability catalog, and the producer's officials'
// page of grants (agency administrators of the publishing agency; audited like the API).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { catalog, grantAsOfficial, revokeAsOfficial, serviceId, servicesForOfficial } from '../interop.service.ts';
import { type GrantMethod, instanceOf } from '../interop.types.ts';
import { CatalogPage } from '../views/catalog.views.tsx';
import { type GrantForm, ManagePage } from '../views/manage.views.tsx';

const MANAGE = '/gestion/interoperabilidad';
const FormBody = Type.Object({
  service: Type.Optional(Type.String({ maxLength: 64 })),
  client: Type.Optional(Type.String({ maxLength: 300 })),
  method: Type.Optional(Type.String({ maxLength: 10 })),
  path: Type.Optional(Type.String({ maxLength: 300 })),
  _csrf: Type.Optional(Type.String()),
});

export function registerInteropPages(app: TamboApp, deps: Deps): void {
  const instance = instanceOf(deps.country.code);
  const home = (request: FastifyRequest) => ({ href: '/', label: request.t('portal.home.breadcrumb') });

  app.get('/interoperabilidad', async (request, reply) => {
    const services = (await catalog(deps)).map((s) => ({ ...s, id: serviceId(deps, s), producer: s.memberCode }));
    return reply.page({ title: request.t('interop.catalog.heading'), breadcrumbs: [home(request)], body: <CatalogPage services={services} instance={instance} /> });
  });

  const managePage = async (request: FastifyRequest, reply: FastifyReply, extra: { done?: string; errors?: Record<string, string>; values?: GrantForm } = {}, status = 200) => {
    const { account } = requireSignedIn(request);
    const services = (await servicesForOfficial(deps, account)).map((s) => ({ ...s, id: serviceId(deps, s.service) }));
    return reply.page({ title: request.t('interop.manage.heading'), status, breadcrumbs: [home(request)], body: <ManagePage instance={instance} services={services} {...extra} /> });
  };

  app.get(MANAGE, { schema: { querystring: Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 20 })) }) } }, (request, reply) => managePage(request, reply, { done: request.query.hecho }));

  const fieldErrors = (request: FastifyRequest, error: AppError): Record<string, string> => {
    const errors: Record<string, string> = {};
    for (const f of error.fields) errors[f.field.replace(/^\//, '')] = request.t(f.messageKey, f.params);
    if (Object.keys(errors).length === 0) errors.service = request.t('interop.errors.service');
    return errors;
  };

  app.post(`${MANAGE}/conceder`, { schema: { body: FormBody } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const values = { service: request.body.service ?? '', client: (request.body.client ?? '').trim(), method: request.body.method ?? 'GET', path: (request.body.path ?? '').trim() };
    try {
      await grantAsOfficial(deps, account, values.service, { client: values.client, method: values.method as GrantMethod, path: values.path }, request.id);
    } catch (error) {
      if (!(error instanceof AppError) || !['VALIDATION_FAILED', 'INTEROP_UNKNOWN_SERVICE'].includes(error.code)) throw error;
      return managePage(request, reply, { errors: fieldErrors(request, error), values }, 400);
    }
    return reply.redirect(`${MANAGE}?hecho=concedido`, 303);
  });

  app.post(`${MANAGE}/revocar`, { schema: { body: FormBody } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const { service = '', client = '', method = '', path = '' } = request.body;
    try {
      await revokeAsOfficial(deps, account, service, client, { method, path }, request.id);
    } catch (error) {
      if (!(error instanceof AppError) || !['VALIDATION_FAILED', 'INTEROP_UNKNOWN_SERVICE'].includes(error.code)) throw error;
      return managePage(request, reply, { errors: fieldErrors(request, error) }, 400);
    }
    return reply.redirect(`${MANAGE}?hecho=revocado`, 303);
  });
}

// Pages of agencies' systems (/admin/clientes), for platform administrators.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { listAgencies } from '../../agencies/index.ts';
import { getClient, listClients, registerClient, rotateClientSecret, setClientActive, updateClient, type ClientInput } from '../admin/clients.service.ts';
import type { Client } from '../client.types.ts';
import { ClientFormPage, ClientListPage, ClientSecretPage, EMPTY_CLIENT_FORM, clientFormValues, type ClientFormValues } from '../views/admin-clients.views.tsx';
import type { FormErrors } from '../views/admin.views.tsx';
import { ClientIdParams, DoneQuery, Text, TextOrList, attempt, doneMessage, lines, list, noStore, staffOf, titleWithErrors } from './admin-common.ts';

const ClientFormBody = Type.Object({
  name: Text(500),
  agencyCode: Text(64),
  redirectUris: Text(6000),
  postLogoutRedirectUris: Text(6000),
  backchannelLogoutUri: Text(600),
  scopes: TextOrList,
  minimumLevel: Text(20),
  sectorIdentifier: Text(300),
  subjectType: Text(20),
  requirePar: TextOrList,
  purpose: Text(2000),
  rights: TextOrList,
});

function clientInputFromForm(body: Static<typeof ClientFormBody>): { values: ClientFormValues; input: ClientInput } {
  const values: ClientFormValues = {
    name: body.name ?? '',
    agencyCode: body.agencyCode ?? '',
    redirectUris: body.redirectUris ?? '',
    postLogoutRedirectUris: body.postLogoutRedirectUris ?? '',
    backchannelLogoutUri: body.backchannelLogoutUri ?? '',
    scopes: list(body.scopes),
    minimumLevel: body.minimumLevel ?? '',
    sectorIdentifier: body.sectorIdentifier ?? '',
    subjectType: body.subjectType ?? '',
    requirePar: list(body.requirePar).includes('yes'),
    purpose: body.purpose ?? '',
    rights: list(body.rights),
  };
  return {
    values,
    input: {
      ...values,
      redirectUris: lines(values.redirectUris),
      postLogoutRedirectUris: lines(values.postLogoutRedirectUris),
    },
  };
}

export function registerClientPages(app: TamboApp, deps: Deps): void {
  const allowLoopback = !deps.config.isSecureCookies || deps.config.demo;
  const clientForm = async (request: FastifyRequest, reply: FastifyReply, options: { client?: Client; values: ClientFormValues; errors: FormErrors; done?: string }) => {
    const agencies = await listAgencies(deps);
    const title = options.client ? request.t('identity.admin.clients.editTitle') : request.t('identity.admin.clients.newHeading');
    return reply.page({
      status: Object.keys(options.errors).length > 0 ? 400 : 200,
      title: titleWithErrors(request, title, options.errors),
      breadcrumbs: [{ href: '/admin/clientes', label: request.t('identity.admin.clients.heading') }],
      body: <ClientFormPage client={options.client} values={options.values} errors={options.errors} agencies={agencies} allowLoopbackHttp={allowLoopback} done={options.done} />,
    });
  };

  app.get('/admin/clientes', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    const clients = await listClients(deps, staff);
    return reply.page({
      title: request.t('identity.admin.clients.heading'),
      body: <ClientListPage clients={clients} agencies={await listAgencies(deps)} done={doneMessage(request, request.query.hecho)} />,
    });
  });

  app.get('/admin/clientes/nuevo', async (request, reply) => {
    await listClients(deps, await staffOf(deps, request));
    return clientForm(request, reply, { values: EMPTY_CLIENT_FORM, errors: {} });
  });

  app.post('/admin/clientes/nuevo', { schema: { body: ClientFormBody } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    const { values, input } = clientInputFromForm(request.body);
    const result = await attempt(request, () => registerClient(deps, staff, input));
    if (!result.ok) return clientForm(request, reply, { values, errors: result.errors });
    noStore(reply);
    return reply.page({ title: request.t('identity.admin.secret.title'), body: <ClientSecretPage client={result.value.client} secret={result.value.clientSecret} isNew /> });
  });

  app.get('/admin/clientes/:clientId', { schema: { params: ClientIdParams, querystring: DoneQuery } }, async (request, reply) => {
    const client = await getClient(deps, await staffOf(deps, request), request.params.clientId);
    return clientForm(request, reply, { client, values: clientFormValues(client), errors: {}, done: doneMessage(request, request.query.hecho) });
  });

  app.post('/admin/clientes/:clientId', { schema: { params: ClientIdParams, body: ClientFormBody } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    const client = await getClient(deps, staff, request.params.clientId);
    const { values, input } = clientInputFromForm(request.body);
    const result = await attempt(request, () => updateClient(deps, staff, client.clientId, input));
    if (!result.ok) return clientForm(request, reply, { client, values, errors: result.errors });
    return reply.redirect(`/admin/clientes/${client.clientId}?hecho=${result.value === 'updated' ? 'guardado' : 'sinCambios'}`, 303);
  });

  app.post('/admin/clientes/:clientId/secreto', { schema: { params: ClientIdParams } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    const secret = await rotateClientSecret(deps, staff, request.params.clientId);
    const client = await getClient(deps, staff, request.params.clientId);
    noStore(reply);
    return reply.page({ title: request.t('identity.admin.secret.title'), body: <ClientSecretPage client={client} secret={secret} isNew={false} /> });
  });

  app.post('/admin/clientes/:clientId/estado', { schema: { params: ClientIdParams, body: Type.Object({ active: Text(10) }) } }, async (request, reply) => {
    const staff = await staffOf(deps, request);
    if (request.body.active !== 'true' && request.body.active !== 'false') throw new AppError('BAD_REQUEST');
    const isActive = request.body.active === 'true';
    await setClientActive(deps, staff, request.params.clientId, isActive);
    return reply.redirect(`/admin/clientes/${request.params.clientId}?hecho=${isActive ? 'activado' : 'desactivado'}`, 303);
  });
}

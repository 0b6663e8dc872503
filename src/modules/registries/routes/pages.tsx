// The owner agency's pages (/gestion/registros): officials holding registrar or agency_admin
// in a registry's owner agency search its records, create them and change them,
// each change a new version with its reason (audited); their reads of a person's record are
// logged as any other agency's.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, type FieldError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, requireSignedIn } from '../../identity/index.ts';
import { createRecord, getRegistry, KEEPER_ROLES, listRecords, readRecord, recordHistory, updateRecord } from '../registry.service.ts';
import { type Content, ownerOf, type Reader, type RegistryDefinition, REGISTRIES } from '../registry.types.ts';
import { logReads } from '../usage.service.ts';
import { checkContent } from '../registry.validation.ts';
import { formValues, KeeperHomePage, RecordFormPage, type RecordFormState } from '../views/registries.views.tsx';

const FormBody = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 2000 }));

export function registerRegistriesPages(app: TamboApp, deps: Deps): void {
  const home = (request: FastifyRequest) => ({ href: '/', label: request.t('portal.home.breadcrumb') });

  /** The signed-in official as a keeper, and the registries their agencies own (none: 403). */
  async function keeper(request: FastifyRequest): Promise<{ reader: Reader & { kind: 'official' }; registries: RegistryDefinition[] }> {
    const { account } = requireSignedIn(request);
    const roles = await getRoles(deps, account.id);
    const agencyCodes = [...new Set(roles.filter((r) => r.agencyCode && KEEPER_ROLES.includes(r.role)).map((r) => r.agencyCode!))];
    const registries = Object.values(REGISTRIES).filter((r) => {
      const owner = ownerOf(r, deps.country);
      return owner !== null && agencyCodes.includes(owner);
    });
    if (registries.length === 0) throw new AppError('REGISTRIES_FORBIDDEN');
    return { reader: { kind: 'official', accountId: account.id, agencyCodes }, registries };
  }

  const kept = (registries: RegistryDefinition[], name: string) => {
    const registry = getRegistry(name);
    if (!registries.includes(registry)) throw new AppError('REGISTRIES_FORBIDDEN');
    return registry;
  };

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    registry: RegistryDefinition,
    state: RecordFormState,
    options: { record?: Awaited<ReturnType<typeof readRecord>>; status?: number; saved?: boolean } = {},
  ) => {
    const history = options.record ? await recordHistory(deps, options.record) : undefined;
    const heading = options.record
      ? request.t('registries.keeper.recordHeading', { id: options.record.key })
      : request.t('registries.keeper.newHeading', { registry: request.t(`registries.name.${registry.name}`) });
    const title = Object.keys(state.errors).length > 0 ? request.t('registries.keeper.errorTitle', { title: heading }) : heading;
    return reply.page({
      title,
      status: options.status ?? 200,
      breadcrumbs: [home(request), { href: '/gestion/registros', label: request.t('registries.keeper.heading') }],
      body: <RecordFormPage registry={registry} record={options.record} history={history} state={state} saved={options.saved} />,
    });
  };

  /** Field errors by form field name, in the catalogs' words. */
  const fieldErrors = (request: FastifyRequest, error: AppError): Record<string, string> =>
    Object.fromEntries(error.fields.map((f: FieldError) => [f.field.replace(/^\/(write\/content\/)?/, ''), request.t(f.messageKey, f.params)]));

  /** A form without its reason: every field's error as well, so the person fixes all at once. */
  const withoutReason = (request: FastifyRequest, registry: RegistryDefinition, content: Content): Record<string, string> => ({
    ...Object.fromEntries(checkContent(registry, deps.country, content).errors.map((f) => [f.field.slice(1), request.t(f.messageKey, f.params)])),
    reason: request.t('registries.keeper.reasonRequired'),
  });

  const contentOf = (registry: RegistryDefinition, body: Record<string, string>): Content =>
    Object.fromEntries(Object.keys(registry.fields).flatMap((name) => (body[name] === undefined ? [] : [[name, body[name]]])));

  app.get<{ Querystring: { registro?: string; buscar?: string } }>(
    '/gestion/registros',
    { schema: { hide: true, querystring: Type.Object({ registro: Type.Optional(Type.String({ maxLength: 40 })), buscar: Type.Optional(Type.String({ maxLength: 100 })) }) } },
    async (request, reply) => {
      const { reader, registries } = await keeper(request);
      const selected = request.query.registro ? kept(registries, request.query.registro) : registries[0];
      const search = request.query.buscar?.trim() || undefined;
      const { records, total } = selected ? await listRecords(deps, selected, { search, limit: 20, offset: 0 }) : { records: [], total: 0 };
      if (selected) await logReads(deps, reader, selected, records, 'list');
      return reply.page({
        title: request.t('registries.keeper.heading'),
        breadcrumbs: [home(request)],
        body: <KeeperHomePage registries={registries} selected={selected} search={search} records={records} total={total} />,
      });
    },
  );

  app.get<{ Params: { registry: string } }>(
    '/gestion/registros/:registry/nuevo',
    { schema: { hide: true, params: Type.Object({ registry: Type.String({ maxLength: 40 }) }) } },
    async (request, reply) => {
      const { registries } = await keeper(request);
      return formPage(request, reply, kept(registries, request.params.registry), { values: {}, errors: {} });
    },
  );

  app.post<{ Params: { registry: string }; Body: Record<string, string> }>(
    '/gestion/registros/:registry/nuevo',
    { schema: { hide: true, params: Type.Object({ registry: Type.String({ maxLength: 40 }) }), body: FormBody } },
    async (request, reply) => {
      const { reader, registries } = await keeper(request);
      const registry = kept(registries, request.params.registry);
      const values = request.body;
      const reason = values.reason?.trim() ?? '';
      if (reason.length < 3) return formPage(request, reply, registry, { values, errors: withoutReason(request, registry, contentOf(registry, values)) }, { status: 400 });
      try {
        const { record } = await createRecord(deps, reader, registry, contentOf(registry, values), { reason, requestId: request.id });
        return reply.redirect(`/gestion/registros/${registry.name}/${encodeURIComponent(record.key)}?guardado=1`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || !['REGISTRIES_INVALID', 'REGISTRIES_EXISTS'].includes(error.code)) throw error;
        const errors = error.code === 'REGISTRIES_EXISTS' ? { id: request.t('errors.REGISTRIES_EXISTS') } : fieldErrors(request, error);
        return formPage(request, reply, registry, { values, errors }, { status: 400 });
      }
    },
  );

  const recordParams = Type.Object({ registry: Type.String({ maxLength: 40 }), key: Type.String({ maxLength: 60 }) });

  app.get<{ Params: { registry: string; key: string }; Querystring: { guardado?: string } }>(
    '/gestion/registros/:registry/:key',
    { schema: { hide: true, params: recordParams, querystring: Type.Object({ guardado: Type.Optional(Type.String({ maxLength: 2 })) }) } },
    async (request, reply) => {
      const { reader, registries } = await keeper(request);
      const registry = kept(registries, request.params.registry);
      const record = await readRecord(deps, registry, request.params.key);
      if (!record) throw new AppError('REGISTRIES_RECORD_NOT_FOUND');
      await logReads(deps, reader, registry, [record], 'read');
      return formPage(request, reply, registry, { values: formValues(record.content), errors: {} }, { record, saved: request.query.guardado === '1' });
    },
  );

  app.post<{ Params: { registry: string; key: string }; Body: Record<string, string> }>(
    '/gestion/registros/:registry/:key',
    { schema: { hide: true, params: recordParams, body: FormBody } },
    async (request, reply) => {
      const { reader, registries } = await keeper(request);
      const registry = kept(registries, request.params.registry);
      const record = await readRecord(deps, registry, request.params.key);
      if (!record) throw new AppError('REGISTRIES_RECORD_NOT_FOUND');
      const values = request.body;
      const reason = values.reason?.trim() ?? '';
      const content = { ...contentOf(registry, values), id: record.key };
      if (reason.length < 3) return formPage(request, reply, registry, { values, errors: withoutReason(request, registry, { ...record.content, ...content }) }, { record, status: 400 });
      try {
        await updateRecord(deps, reader, registry, { id: record.key }, content, { reason, requestId: request.id });
        return reply.redirect(`/gestion/registros/${registry.name}/${encodeURIComponent(record.key)}?guardado=1`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'REGISTRIES_INVALID') throw error;
        return formPage(request, reply, registry, { values, errors: fieldErrors(request, error) }, { record, status: 400 });
      }
    },
  );
}

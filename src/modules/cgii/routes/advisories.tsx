// The CGII's advisory pages (docs/cgii.md#advisories): an entity's declared products
// (/cgii/productos), the advisories (/cgii/avisos, the analyst's form and an advisory with its
// read receipts), its STIX export, and the public bulletin's advisory (/cgii/boletines/{id},
// TLP:CLEAR only).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { advisoriesFor, declaredProducts, declareProducts, productLines, publicAdvisory, publishAdvisory, readAdvisory } from '../advisory.service.ts';
import { ADVISORY_EXTENSION_SCHEMA, exportAdvisory, importAdvisories } from '../advisory-stix.ts';
import { advisoryEdits, editAdvisory, withdrawAdvisory } from '../advisory-edit.service.ts';
import { AdvisoryImportPage } from '../views/advisory-edit.views.tsx';
import { readMultipartForm, registerMultipart } from '../../../platform/http/multipart.ts';
import { personViewer } from '../cgii.service.ts';
import { AdvisoryFormPage, AdvisoryListPage, AdvisoryPage, ProductsPage, PublicAdvisoryPage } from '../views/advisory.views.tsx';
import type { Errors, Values } from '../views/cgii.views.tsx';
import { attempt, cgiiCrumbs, FormBody, pick, sendStix, text } from './forms.ts';

const MAX_BUNDLE_BYTES = 5_000_000;
/** An advisory form's content fields, by their service names. */
const contentOf = (v: Record<'titulo' | 'descripcion' | 'acciones' | 'productos' | 'cve' | 'severidad' | 'tlp', string>) => ({
  title: v.titulo,
  description: v.descripcion,
  actions: v.acciones,
  products: v.productos,
  cve: v.cve,
  severity: v.severidad,
  tlp: v.tlp,
});
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const AgencyQuery = Type.Object({ entidad: Type.Optional(Type.String({ maxLength: 40 })), guardado: Type.Optional(Type.String({ maxLength: 2 })) });

export function registerCgiiAdvisoryPages(app: TamboApp, deps: Deps): void {
  const crumbs = cgiiCrumbs;
  const viewerOf = async (request: FastifyRequest) => personViewer(deps, requireSignedIn(request).account);
  const failed = (errors: Errors) => Object.keys(errors).length > 0;

  const productsPage = async (request: FastifyRequest, reply: FastifyReply, agencyParam: string | undefined, typed: string | null, errors: Errors = {}, saved = false) => {
    const viewer = await viewerOf(request);
    const agency = agencyParam ?? viewer.contactOf[0];
    if (!agency || !viewer.contactOf.includes(agency)) throw new AppError('CGII_FORBIDDEN');
    const products = typed === null ? productLines(await declaredProducts(deps, viewer, agency)) : typed;
    return reply.page({
      status: failed(errors) ? 422 : 200,
      title: failed(errors) ? request.t('cgii.errorTitle', { title: request.t('cgii.products.title') }) : request.t('cgii.products.title'),
      breadcrumbs: crumbs(request),
      body: <ProductsPage agencies={viewer.contactOf} agency={agency} text={products} errors={errors} saved={saved} />,
    });
  };
  app.get('/cgii/productos', { schema: { querystring: AgencyQuery } }, async (request, reply) => productsPage(request, reply, request.query.entidad, null, {}, request.query.guardado === 'si'));
  app.post('/cgii/productos', { schema: { querystring: AgencyQuery, body: FormBody } }, async (request, reply) => {
    const typed = text(request.body as Record<string, unknown>, 'productos');
    const viewer = await viewerOf(request);
    const agency = request.query.entidad ?? viewer.contactOf[0] ?? '';
    const errors = await attempt(request, () => declareProducts(deps, viewer, agency, typed, request.id));
    if (errors) return productsPage(request, reply, agency, typed, errors);
    return reply.redirect(`/cgii/productos?entidad=${encodeURIComponent(agency)}&guardado=si`, 303);
  });

  app.get('/cgii/avisos', async (request, reply) => {
    const viewer = await viewerOf(request);
    if (!viewer.analyst && viewer.contactOf.length === 0) throw new AppError('CGII_FORBIDDEN');
    return reply.page({
      title: request.t('cgii.advisory.heading'),
      breadcrumbs: crumbs(request),
      body: <AdvisoryListPage advisories={await advisoriesFor(deps, viewer)} analyst={viewer.analyst} contact={viewer.contactOf.length > 0} />,
    });
  });

  const formPage = (request: FastifyRequest, reply: FastifyReply, values: Values = {}, errors: Errors = {}) =>
    reply.page({
      status: failed(errors) ? 422 : 200,
      title: failed(errors) ? request.t('cgii.errorTitle', { title: request.t('cgii.advisory.new') }) : request.t('cgii.advisory.new'),
      breadcrumbs: crumbs(request),
      body: <AdvisoryFormPage values={values} errors={errors} />,
    });
  app.get('/cgii/avisos/nuevo', async (request, reply) => {
    if (!(await viewerOf(request)).analyst) throw new AppError('CGII_FORBIDDEN');
    return formPage(request, reply);
  });
  app.post('/cgii/avisos/nuevo', { schema: { body: FormBody } }, async (request, reply) => {
    const viewer = await viewerOf(request);
    const body = request.body as Record<string, unknown>;
    const values = pick(body, ['clave', 'titulo', 'descripcion', 'productos', 'cve', 'acciones', 'severidad', 'tlp', 'destino'] as const);
    let id: string | undefined;
    const errors = await attempt(request, async () => {
      const published = await onceByKey(formClaim(`cgii.advisory:${viewer.accountId}`, body), (claim) =>
        publishAdvisory(deps, viewer, { ...contentOf(values), audience: values.destino }, { requestId: request.id, claim }),
      );
      id = published?.advisory.id;
    });
    if (errors) return formPage(request, reply, values, errors);
    return reply.redirect(id ? `/cgii/avisos/${id}` : '/cgii/avisos', 303);
  });

  const advisoryPage = async (request: FastifyRequest, reply: FastifyReply, id: string, reason?: { value: string; error?: string }) => {
    const viewer = await viewerOf(request);
    const { advisory, receipts } = await readAdvisory(deps, viewer, id, request.id);
    const edits = viewer.analyst ? await advisoryEdits(deps, viewer, id) : [];
    const title = `${advisory.code}: ${advisory.title}`;
    return reply.header('cache-control', 'private, no-store').page({
      status: reason?.error ? 422 : 200,
      title: reason?.error ? request.t('cgii.errorTitle', { title }) : title,
      breadcrumbs: [...crumbs(request), { href: '/cgii/avisos', label: request.t('cgii.advisory.heading') }],
      body: <AdvisoryPage advisory={advisory} receipts={receipts} analyst={viewer.analyst} edits={edits} reason={reason} />,
    });
  };
  app.get('/cgii/avisos/:id', { schema: { params: Params } }, async (request, reply) => advisoryPage(request, reply, request.params.id));

  // Edits: the form names the version it starts from (a burst of the same edit makes one change).
  const editPage = async (request: FastifyRequest, reply: FastifyReply, id: string, values?: Values, errors: Errors = {}) => {
    const viewer = await viewerOf(request);
    if (!viewer.analyst) throw new AppError('CGII_FORBIDDEN');
    const { advisory: a } = await readAdvisory(deps, viewer, id);
    if (a.withdrawnAt) throw new AppError('CGII_ADVISORY_WITHDRAWN');
    const current = { titulo: a.title, descripcion: a.description, productos: productLines(a.products), cve: a.cve.join(', '), acciones: a.actions, severidad: a.severity, tlp: a.tlp };
    const heading = request.t('cgii.advisory.editHeading', { code: a.code });
    return reply.page({
      status: failed(errors) ? 422 : 200,
      title: failed(errors) ? request.t('cgii.errorTitle', { title: heading }) : heading,
      breadcrumbs: [...crumbs(request), { href: `/cgii/avisos/${id}`, label: a.code }],
      body: <AdvisoryFormPage values={values ?? current} errors={errors} edit={{ id, code: a.code, version: Number(values?.version) || a.version }} />,
    });
  };
  app.get('/cgii/avisos/:id/editar', { schema: { params: Params } }, async (request, reply) => editPage(request, reply, request.params.id));
  app.post('/cgii/avisos/:id/editar', { schema: { params: Params, body: FormBody } }, async (request, reply) => {
    const viewer = await viewerOf(request);
    const values = pick(request.body as Record<string, unknown>, ['version', 'titulo', 'descripcion', 'productos', 'cve', 'acciones', 'severidad', 'tlp', 'avisar'] as const);
    const input = {
      ...contentOf(values),
      version: Number(values.version),
      renotify: values.avisar === 'si',
    };
    const errors = await attempt(request, () => editAdvisory(deps, viewer, request.params.id, input, { requestId: request.id }));
    if (errors) return editPage(request, reply, request.params.id, values, errors);
    return reply.redirect(`/cgii/avisos/${request.params.id}#versiones`, 303);
  });

  app.post('/cgii/avisos/:id/retiro', { schema: { params: Params, body: FormBody } }, async (request, reply) => {
    const viewer = await viewerOf(request);
    const reason = text(request.body as Record<string, unknown>, 'motivo');
    const errors = await attempt(request, () => withdrawAdvisory(deps, viewer, request.params.id, reason, { requestId: request.id }));
    if (errors) return advisoryPage(request, reply, request.params.id, { value: reason, error: errors.motivo });
    return reply.redirect(`/cgii/avisos/${request.params.id}`, 303);
  });

  // Import of advisories from a STIX 2.1 bundle (the analysts), a JSON file upload.
  const importPage = (request: FastifyRequest, reply: FastifyReply, errors: Errors = {}, result?: { imported: number; existing: number }) =>
    reply.page({
      status: failed(errors) ? 422 : 200,
      title: failed(errors) ? request.t('cgii.errorTitle', { title: request.t('cgii.advisory.import') }) : request.t('cgii.advisory.import'),
      breadcrumbs: [...crumbs(request), { href: '/cgii/avisos', label: request.t('cgii.advisory.heading') }],
      body: <AdvisoryImportPage errors={errors} result={result} />,
    });
  const ImportQuery = Type.Object({ importados: Type.Optional(Type.Integer({ minimum: 0 })), existentes: Type.Optional(Type.Integer({ minimum: 0 })) });
  app.get('/cgii/avisos/importar', { schema: { querystring: ImportQuery } }, async (request, reply) => {
    if (!(await viewerOf(request)).analyst) throw new AppError('CGII_FORBIDDEN');
    const { importados, existentes } = request.query;
    return importPage(request, reply, {}, importados === undefined ? undefined : { imported: importados, existing: existentes ?? 0 });
  });
  app.register(async (scoped) => {
    const multipart = scoped as unknown as TamboApp;
    registerMultipart(multipart, { maxFileBytes: MAX_BUNDLE_BYTES, maxFiles: 1, allowed: ['application/json'] });
    multipart.post('/cgii/avisos/importar', { schema: { body: FormBody } }, async (request, reply) => {
      const viewer = await viewerOf(request);
      if (!viewer.analyst) throw new AppError('CGII_FORBIDDEN');
      const fail = (key: string, params?: Parameters<FastifyRequest['t']>[1]) => importPage(request, reply, { paquete: request.t(key, params) });
      let bytes: Uint8Array | undefined;
      try {
        bytes = readMultipartForm(request).files.paquete?.[0]?.bytes;
      } catch (error) {
        if (!isAppError(error)) throw error;
        return fail(`errors.${error.code}`, error.params);
      }
      if (!bytes) return fail('cgii.errors.bundle');
      let bundle: unknown;
      try {
        bundle = JSON.parse(Buffer.from(bytes).toString('utf8'));
      } catch {
        return fail('cgii.errors.bundle');
      }
      try {
        const result = await importAdvisories(deps, viewer, bundle, request.id);
        return reply.redirect(`/cgii/avisos/importar?importados=${result.imported.length}&existentes=${result.existing.length}`, 303);
      } catch (error) {
        if (isAppError(error) && error.code === 'CGII_INVALID_BUNDLE') return fail('cgii.errors.bundle');
        throw error;
      }
    });
  });

  app.get('/cgii/stix/advisory-extension.json', async (_request, reply) => reply.header('cache-control', 'public, max-age=3600').send(ADVISORY_EXTENSION_SCHEMA));

  app.get('/cgii/avisos/:id/stix', { schema: { params: Params } }, async (request, reply) => {
    const viewer = await viewerOf(request);
    const bundle = await exportAdvisory(deps, viewer, request.params.id);
    await recordAudit(deps.db, { actor: { type: 'person', id: viewer.accountId }, action: 'cgii.advisory_exported', subject: { type: 'cgii_advisory', id: request.params.id }, requestId: request.id });
    return sendStix(reply, bundle, `aviso-${request.params.id}.stix.json`);
  });

  app.get('/cgii/boletines/:id', { schema: { params: Params } }, async (request, reply) => {
    const advisory = await publicAdvisory(deps, request.params.id);
    return reply.page({
      title: `${advisory.code}: ${advisory.title}`,
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: '/cgii/boletines', label: request.t('cgii.bulletin.heading') },
      ],
      body: <PublicAdvisoryPage advisory={advisory} />,
    });
  });
}

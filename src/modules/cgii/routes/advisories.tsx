// The CGII's advisory pages (docs/cgii.md#advisories): an entity's declared products
// (/cgii/productos), the advisories (/cgii/avisos, the analyst's form and an advisory with its
// read receipts), its STIX export, and the public bulletin's advisory (/cgii/boletines/{id},
// TLP:CLEAR only).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { advisoriesFor, declaredProducts, declareProducts, productLines, publicAdvisory, publishAdvisory, readAdvisory } from '../advisory.service.ts';
import { exportAdvisory } from '../advisory-stix.ts';
import { personViewer } from '../cgii.service.ts';
import { AdvisoryFormPage, AdvisoryListPage, AdvisoryPage, ProductsPage, PublicAdvisoryPage } from '../views/advisory.views.tsx';
import type { Errors, Values } from '../views/cgii.views.tsx';
import { attempt, cgiiCrumbs, FormBody, pick, sendStix, text } from './forms.ts';

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
        publishAdvisory(
          deps,
          viewer,
          {
            title: values.titulo,
            description: values.descripcion,
            actions: values.acciones,
            products: values.productos,
            cve: values.cve,
            severity: values.severidad,
            tlp: values.tlp,
            audience: values.destino,
          },
          { requestId: request.id, claim },
        ),
      );
      id = published?.advisory.id;
    });
    if (errors) return formPage(request, reply, values, errors);
    return reply.redirect(id ? `/cgii/avisos/${id}` : '/cgii/avisos', 303);
  });

  app.get('/cgii/avisos/:id', { schema: { params: Params } }, async (request, reply) => {
    const viewer = await viewerOf(request);
    const { advisory, receipts } = await readAdvisory(deps, viewer, request.params.id, request.id);
    return reply.header('cache-control', 'private, no-store').page({
      title: `${advisory.code}: ${advisory.title}`,
      breadcrumbs: [...crumbs(request), { href: '/cgii/avisos', label: request.t('cgii.advisory.heading') }],
      body: <AdvisoryPage advisory={advisory} receipts={receipts} analyst={viewer.analyst} />,
    });
  });

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

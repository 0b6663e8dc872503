// Public pages of state procurement (/compras) and the forms of officers and suppliers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { ACTING_FOR_COOKIE, actingFor } from '../../registries/index.ts';
import {
  acceptContract,
  answerQuestion,
  askQuestion,
  myOffer,
  observatory,
  officerAgencies,
  openedOffers,
  openTender,
  publishTender,
  recordTransaction,
  searchTenders,
  signContract,
  submitOffer,
  supplierAwards,
  tenderView,
} from '../procurement.service.ts';
import { answerComplaint, fileComplaint } from '../complaints.service.ts';
import { scoreOffers } from '../points.service.ts';
import { attachDocument, documentsOf, downloadDocument, MAX_DOCUMENT_BYTES } from '../documents.service.ts';
import { readMultipartForm, registerMultipart } from '../../../platform/http/multipart.ts';
import { mySubscriptions, subscribe, unsubscribe } from '../subscriptions.service.ts';
import { SubscriptionsPage } from '../views/subscriptions.views.tsx';
import { addPlanItem, planOf, type PlanInput } from '../plan.service.ts';
import { PlanPage } from '../views/plan.views.tsx';
import { KeyPage, MarketPage, ObservatoryPage, PublishPage, SupplierPage, TenderPage } from '../views/procurement.views.tsx';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
// Long enough for the opening key's shares pasted together (up to 10, about 3.3 kB each).
const Form = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 40_000 }));
const PUBLISH_FIELDS = [
  'agencyCode',
  'title',
  'description',
  'cpvCode',
  'quantity',
  'unit',
  'territoryCode',
  'deliveryPlace',
  'deliveryDate',
  'referenceAmount',
  'reserved',
  'deadline',
  'rule',
  'priceWeight',
  'criteria',
  'committee',
  'quorum',
] as const;

export function registerProcurementPages(app: TamboApp, deps: Deps): void {
  const crumbs = (request: FastifyRequest, withMarket = true) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    ...(withMarket ? [{ href: '/compras', label: request.t('procurement.nav') }] : []),
  ];
  const isOfficerOf = async (request: FastifyRequest, agency?: string) => {
    if (!request.current) return false;
    const agencies = await officerAgencies(deps, request.current.account);
    return agency === undefined ? agencies.length > 0 : agencies.includes(agency);
  };

  app.get('/compras', { schema: { hide: true, querystring: Type.Record(Type.String({ maxLength: 20 }), Type.String({ maxLength: 100 })) } }, async (request, reply) => {
    const filter = Object.fromEntries(['q', 'agency', 'cpv', 'territory', 'supplier'].flatMap((k) => (request.query[k] ? [[k, request.query[k]!.trim()]] : [])));
    return reply.page({
      title: request.t('procurement.market.heading'),
      breadcrumbs: crumbs(request, false),
      body: <MarketPage tenders={await searchTenders(deps, filter)} filter={filter} officer={await isOfficerOf(request)} />,
    });
  });

  app.get('/compras/observatorio', { schema: { hide: true } }, async (request, reply) => {
    const figures = await observatory(deps);
    return reply.page({ title: request.t('procurement.observatory.heading'), breadcrumbs: crumbs(request), body: <ObservatoryPage totals={figures.totals} flags={figures.flags} /> });
  });

  app.get('/compras/proveedores/:key', { schema: { hide: true, params: Type.Object({ key: Type.String({ maxLength: 40 }) }) } }, async (request, reply) => {
    const awards = await supplierAwards(deps, request.params.key);
    return reply.page({
      title: request.t('procurement.supplier.heading', { name: awards[0]?.supplierName ?? request.params.key }),
      breadcrumbs: crumbs(request),
      body: <SupplierPage key={request.params.key} awards={awards} />,
    });
  });

  const publishPage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>) => {
    const { account } = requireSignedIn(request);
    const agencies = await officerAgencies(deps, account);
    if (agencies.length === 0) throw new AppError('PROCUREMENT_FORBIDDEN');
    const failed = Object.keys(errors).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: `${failed ? `${request.t('procurement.errorPrefix')} ` : ''}${request.t('procurement.publish.heading')}`,
      breadcrumbs: crumbs(request),
      body: <PublishPage agencies={agencies} values={values} errors={errors} />,
    });
  };
  app.get('/compras/nueva', { schema: { hide: true } }, (request, reply) => publishPage(request, reply, {}, {}));
  app.post('/compras/nueva', { schema: { hide: true, body: Form } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const values = Object.fromEntries(PUBLISH_FIELDS.map((f) => [f, request.body[f] ?? ''])) as Record<(typeof PUBLISH_FIELDS)[number], string>;
    try {
      const { tender, privateKey, shares } = await publishTender(deps, account, values, request.id);
      return reply.page({ status: 201, title: request.t('procurement.key.heading'), breadcrumbs: crumbs(request), body: <KeyPage tender={tender} privateKey={privateKey} shares={shares} /> });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return publishPage(request, reply, values, Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)])));
    }
  });

  // The economic unit the signed-in person acts for (the cookie set at /empresa), if any.
  const unitOf = (request: FastifyRequest) => actingFor(deps, request.current?.account, request.cookies[ACTING_FOR_COOKIE]);

  // The annual procurement plan of an entity: public, with the officers' form.
  const planPage = async (request: FastifyRequest, reply: FastifyReply, agency: string, year: number, values: Record<string, string>, errors: Record<string, string>) => {
    const plan = await planOf(deps, agency, year);
    const failed = Object.keys(errors).length > 0;
    const title = request.t('procurement.plan.heading', { agency: plan.agency.name, year });
    return reply.page({
      status: failed ? 422 : 200,
      title: `${failed ? `${request.t('procurement.errorPrefix')} ` : ''}${title}`,
      breadcrumbs: crumbs(request),
      body: (
        <PlanPage
          agency={plan.agency}
          year={year}
          items={plan.items}
          total={plan.total}
          currency={deps.country.currency}
          officer={await isOfficerOf(request, plan.agency.code)}
          values={values}
          errors={errors}
        />
      ),
    });
  };
  const AgencyParams = Type.Object({ agency: Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' }) });
  app.get(
    '/compras/plan/:agency',
    { schema: { hide: true, params: AgencyParams, querystring: Type.Object({ anio: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2200 })) }) } },
    (request, reply) => planPage(request, reply, request.params.agency, request.query.anio ?? new Date().getUTCFullYear(), {}, {}),
  );
  app.post('/compras/plan/:agency', { schema: { hide: true, params: AgencyParams, body: Form } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const b = request.body;
    const values: PlanInput = { year: b.year ?? '', quarter: b.quarter ?? '', cpvCode: b.cpvCode ?? '', description: b.description ?? '', estimatedAmount: b.estimatedAmount ?? '' };
    try {
      await addPlanItem(deps, account, request.params.agency, values, request.id);
      return reply.redirect(`/compras/plan/${request.params.agency}?anio=${values.year}`, 303);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      const year = /^\d{4}$/.test(values.year) ? Number(values.year) : new Date().getUTCFullYear();
      return planPage(request, reply, request.params.agency, year, { ...values }, Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)])));
    }
  });

  // Subscriptions of the unit the person acts for: CPV codes in territories, told of new needs by mailbox.
  const subscriptionsPage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors: Record<string, string>, done = false) => {
    const { account } = requireSignedIn(request);
    const unit = await unitOf(request);
    const subscriptions = await mySubscriptions(deps, account, unit?.key);
    const failed = Object.keys(errors).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: `${failed ? `${request.t('procurement.errorPrefix')} ` : ''}${request.t('procurement.subscriptions.heading')}`,
      breadcrumbs: crumbs(request),
      body: <SubscriptionsPage unit={String(unit?.content.name ?? unit?.key)} subscriptions={subscriptions} values={values} errors={errors} done={done} />,
    });
  };
  app.get('/compras/suscripciones', { schema: { hide: true, querystring: Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 20 })) }) } }, (request, reply) =>
    subscriptionsPage(request, reply, {}, {}, request.query.hecho !== undefined),
  );
  app.post('/compras/suscripciones', { schema: { hide: true, body: Form } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const values = { cpvCode: request.body.cpvCode ?? '', territoryCode: request.body.territoryCode ?? '' };
    try {
      await subscribe(deps, account, request.cookies[ACTING_FOR_COOKIE], values, request.id);
      return reply.redirect('/compras/suscripciones?hecho=1', 303);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return subscriptionsPage(request, reply, values, Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)])));
    }
  });
  app.post('/compras/suscripciones/:id/baja', { schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 40 }) }), body: Form } }, async (request, reply) => {
    await unsubscribe(deps, requireSignedIn(request).account, request.params.id, request.id);
    return reply.redirect('/compras/suscripciones?hecho=1', 303);
  });

  const render = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { values?: Record<string, string>; errors?: Record<string, string>; done?: string } = {}) => {
    const view = await tenderView(deps, id);
    const unit = await unitOf(request);
    const mine = request.current && unit ? await myOffer(deps, request.current.account, unit.key, id) : undefined;
    const officer = await isOfficerOf(request, view.tender.agencyCode);
    const documents = await documentsOf(deps, view.tender, officer);
    const errors = extra.errors ?? {};
    const failed = Object.keys(errors).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: `${failed ? `${request.t('procurement.errorPrefix')} ` : ''}${view.tender.title}`,
      breadcrumbs: crumbs(request),
      body: (
        <TenderPage
          view={view}
          signedIn={request.current !== null}
          officer={officer}
          acting={unit ? { key: unit.key, name: String(unit.content.name ?? unit.key) } : undefined}
          mine={mine}
          documents={documents}
          values={extra.values ?? {}}
          errors={errors}
          done={extra.done}
        />
      ),
    });
  };

  app.get('/compras/:id', { schema: { hide: true, params: Params, querystring: Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 20 })) }) } }, (request, reply) =>
    render(request, reply, request.params.id, { done: request.query.hecho && /^[a-z]+$/.test(request.query.hecho) ? request.query.hecho : undefined }),
  );

  /** A form's action: on success back to the process with a notice; a validation error re-renders it with what was typed. */
  const action = (path: string, run: (request: FastifyRequest<{ Params: { id: string; question?: string; complaint?: string }; Body: Record<string, string> }>) => Promise<string>) =>
    app.post<{ Params: { id: string; question?: string; complaint?: string }; Body: Record<string, string> }>(path, { schema: { hide: true, body: Form } }, async (request, reply) => {
      requireSignedIn(request);
      try {
        const done = await run(request);
        return reply.redirect(`/compras/${request.params.id}?hecho=${done}`, 303);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        return render(request, reply, request.params.id, {
          values: { ...request.body, _complaint: request.params.complaint ?? '' },
          errors: Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)])),
        });
      }
    });

  action('/compras/:id/ofertas', async (request) => {
    const { account } = requireSignedIn(request);
    // The unit named by the session's cookie: submitOffer checks that the person represents it (one registry read).
    await submitOffer(deps, account, request.cookies[ACTING_FOR_COOKIE], request.params.id, { amount: request.body.amount ?? '', deliveryDate: request.body.deliveryDate ?? '' }, request.id);
    return 'oferta';
  });
  action('/compras/:id/preguntas', async (request) => {
    await askQuestion(deps, requireSignedIn(request).account.id, request.params.id, request.body.question ?? '', request.id);
    return 'pregunta';
  });
  action('/compras/:id/preguntas/:question/respuesta', async (request) => {
    await answerQuestion(deps, requireSignedIn(request).account, request.params.id, request.params.question ?? '', request.body.answer ?? '', request.id);
    return 'respuesta';
  });
  action('/compras/:id/apertura', async (request) => {
    try {
      await openTender(deps, requireSignedIn(request).account, request.params.id, request.body.privateKey ?? '', request.id);
    } catch (error) {
      if (isAppError(error) && error.code === 'PROCUREMENT_WRONG_KEY') {
        throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'privateKey', messageKey: 'procurement.errors.key' }] });
      }
      throw error;
    }
    return 'apertura';
  });
  action('/compras/:id/puntajes', async (request) => {
    await scoreOffers(deps, requireSignedIn(request).account, request.params.id, request.body, request.id);
    return 'puntajes';
  });
  action('/compras/:id/reclamos', async (request) => {
    const { account } = requireSignedIn(request);
    await fileComplaint(deps, account, (await unitOf(request))?.key, request.params.id, request.body.complaint ?? '', request.id);
    return 'reclamo';
  });
  action('/compras/:id/reclamos/:complaint/respuesta', async (request) => {
    const b = request.body;
    await answerComplaint(deps, requireSignedIn(request).account, request.params.id, request.params.complaint ?? '', { outcome: b.outcome ?? '', reasons: b.reasons ?? '' }, request.id);
    return 'decision';
  });
  action('/compras/:id/contrato', async (request) => {
    await signContract(deps, requireSignedIn(request).account, request.params.id, request.id);
    return 'contrato';
  });
  action('/compras/:id/contrato/aceptar', async (request) => {
    const current = requireSignedIn(request);
    await acceptContract(deps, current.account, current.session.acr, (await unitOf(request))?.key, request.params.id, request.id);
    return 'aceptado';
  });
  action('/compras/:id/ejecucion', async (request) => {
    const b = request.body;
    await recordTransaction(deps, requireSignedIn(request).account, request.params.id, { kind: b.kind ?? '', amount: b.amount ?? '', onDate: b.onDate ?? '', note: b.note ?? '' }, request.id);
    return 'ejecucion';
  });

  // A PDF attached to the unit's sealed offer (multipart, in its own scope; a stranger is refused before the body is read).
  app.register(async (scoped) => {
    const multipart = scoped as unknown as TamboApp;
    registerMultipart(multipart, { maxFileBytes: MAX_DOCUMENT_BYTES, maxFiles: 1, allowed: ['application/pdf'] });
    multipart.post('/compras/:id/documentos', { schema: { hide: true, params: Params, body: Form }, onRequest: async (request) => requireSignedIn(request) }, async (request, reply) => {
      const { account } = requireSignedIn(request);
      try {
        const files = readMultipartForm(request).files;
        await attachDocument(deps, account, request.cookies[ACTING_FOR_COOKIE], request.params.id, files.document?.[0], request.id);
      } catch (error) {
        if (!isAppError(error) || !error.fields?.length) throw error;
        return render(request, reply, request.params.id, { errors: { document: request.t(error.fields[0]!.messageKey, error.fields[0]!.params) } });
      }
      return reply.redirect(`/compras/${request.params.id}?hecho=documento`, 303);
    });
  });
  // A document of an offer: the entity's officers (the opening committee), after the opening only.
  app.get(
    '/compras/:id/documentos/:document',
    { schema: { hide: true, params: Type.Object({ id: Type.String({ format: 'uuid' }), document: Type.String({ maxLength: 40 }) }) } },
    async (request, reply) => {
      const file = await downloadDocument(deps, requireSignedIn(request).account, request.params.id, request.params.document);
      const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`;
      reply.headers({ 'content-type': 'application/pdf', 'content-disposition': disposition, 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' });
      return reply.send(file.content);
    },
  );

  // The offers as a page: refused until the opening act, for everyone.
  app.get('/compras/:id/ofertas', { schema: { hide: true, params: Params } }, async (request, reply) => {
    await openedOffers(deps, request.params.id);
    return reply.redirect(`/compras/${request.params.id}#resultado`, 303);
  });

  // The RFC 3161 timestamp token of one's own offer (DER), to keep with the receipt.
  app.get('/compras/:id/recibo', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const mine = await myOffer(deps, account, (await unitOf(request))?.key, request.params.id);
    if (!mine) throw new AppError('PROCUREMENT_NOT_FOUND');
    return reply.type('application/timestamp-reply').header('content-disposition', `attachment; filename="oferta-${mine.id}.tst"`).send(Buffer.from(mine.timestampToken, 'base64'));
  });
}

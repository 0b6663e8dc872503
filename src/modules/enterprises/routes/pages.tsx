// Pages of Emprendedores (/emprendedores): the units the person represents (the one they act for
// first), and a unit's book with its forms. Only the unit's representatives (registries) get in.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import type { Deps } from '../../../platform/module.ts';
import { toMinorUnits } from '../../../shared/money.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { ACTING_FOR_COOKIE } from '../../registries/index.ts';
import { bookCsv, createPaymentLink, recordEntry, requestInvoice, type Representative, unitBook, unitsOf } from '../enterprises.service.ts';
import { BookPage, UnitsPage } from '../views/enterprises.views.tsx';

const Params = Type.Object({ unit: Type.String({ pattern: '^[A-Za-z0-9-]{1,37}$' }) });
const text = Type.Optional(Type.String({ maxLength: 2000 }));
const DONE = ['asiento', 'recibo', 'factura', 'rechazada', 'cobro'];
const CODE = /^[A-Za-z0-9-]{1,40}$/;

/** "12,50" or "12.50" as minor units; a leading minus (a correction) kept. */
function signedMinor(typed = ''): number | undefined {
  const clean = typed.trim();
  const negative = clean.startsWith('-');
  const minor = toMinorUnits(negative ? clean.slice(1) : clean);
  return minor === undefined ? undefined : negative ? -minor : minor;
}

export function registerEnterprisePages(app: TamboApp, deps: Deps): void {
  const crumbs = (request: FastifyRequest, withFront = false) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    ...(withFront ? [{ href: '/emprendedores', label: request.t('enterprises.nav') }] : []),
  ];
  const representative = (request: FastifyRequest): Representative => {
    const { account } = requireSignedIn(request);
    return { id: account.id, documentNumber: account.documentNumber };
  };
  const errorsOf = (request: FastifyRequest, error: unknown): Record<string, string> | undefined =>
    isAppError(error) && error.code === 'VALIDATION_FAILED' ? Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)])) : undefined;

  const today = () => {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: deps.country.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return { day: String(Number(part('day'))), month: String(Number(part('month'))), year: part('year') };
  };

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    unitKey: string,
    extra: { errors?: Record<string, string>; form?: Record<string, string>; done?: string; paymentLink?: string } = {},
  ) => {
    const book = await unitBook(deps, representative(request), unitKey);
    const failed = Object.keys(extra.errors ?? {}).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: `${failed ? `${request.t('enterprises.errorPrefix')} ` : ''}${book.unit.name}`,
      breadcrumbs: crumbs(request, true),
      body: (
        <BookPage
          {...book}
          errors={extra.errors ?? {}}
          form={extra.form ?? {}}
          done={extra.done}
          paymentLink={extra.paymentLink}
          today={today()}
          documentTypes={deps.country.identityDocuments.map((d) => ({ value: d.code, label: d.name[request.locale] }))}
        />
      ),
    });
  };

  app.get('/emprendedores', async (request, reply) => {
    const person = representative(request);
    return reply.page({
      title: request.t('enterprises.units.heading'),
      breadcrumbs: crumbs(request),
      body: <UnitsPage units={await unitsOf(deps, person)} acting={request.cookies[ACTING_FOR_COOKIE]} />,
    });
  });

  app.get(
    '/emprendedores/:unit',
    { schema: { params: Params, querystring: Type.Object({ hecho: Type.Optional(Type.String({ maxLength: 20 })), cobro: Type.Optional(Type.String({ maxLength: 40 })) }) } },
    async (request, reply) => {
      const done = DONE.includes(request.query.hecho ?? '') ? request.query.hecho : undefined;
      const code = request.query.cobro && CODE.test(request.query.cobro) ? request.query.cobro : undefined;
      return render(request, reply, request.params.unit, { done, paymentLink: done === 'cobro' && code ? `/pagos/${code}` : undefined });
    },
  );

  app.get('/emprendedores/:unit/libro.csv', { schema: { params: Params } }, async (request, reply) => {
    const book = await unitBook(deps, representative(request), request.params.unit);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="libro-${book.unit.key}.csv"`).header('cache-control', 'private, no-store').send(bookCsv(book));
  });

  const EntryBody = Type.Object({
    tipo: text,
    monto: text,
    'fecha-day': text,
    'fecha-month': text,
    'fecha-year': text,
    descripcion: text,
    contraparte: text,
    recibo: text,
    corrige: text,
    clave: text,
  });
  app.post('/emprendedores/:unit/asientos', { schema: { params: Params, body: EntryBody } }, async (request, reply) => {
    const person = representative(request);
    const b = request.body;
    const [y, m, d] = [b['fecha-year'], b['fecha-month'], b['fecha-day']].map((v) => (v ?? '').trim());
    const valueDate = /^\d{4}$/.test(y!) && /^\d{1,2}$/.test(m!) && /^\d{1,2}$/.test(d!) ? `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}` : '';
    const corrects = (b.corrige ?? '').trim();
    const receipt = (b.recibo ?? '') !== '';
    let entry: Awaited<ReturnType<typeof recordEntry>> | undefined;
    try {
      entry = await onceByKey(formClaim(`enterprises.entry:${person.id}:${request.params.unit}`, b), (claim) =>
        recordEntry(
          deps,
          person,
          request.params.unit,
          {
            kind: b.tipo ?? '',
            amountMinor: signedMinor(b.monto),
            valueDate,
            description: b.descripcion ?? '',
            counterpart: b.contraparte ?? '',
            receipt,
            corrects: corrects === '' ? null : /^\d{1,15}$/.test(corrects) ? Number(corrects) : -1,
          },
          request.id,
          claim,
        ),
      );
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      return render(request, reply, request.params.unit, { errors, form: b as Record<string, string> });
    }
    // A replay of the same form (entry undefined) was recorded by its first post.
    return reply.redirect(`/emprendedores/${request.params.unit}?hecho=${entry?.receiptNumber || (entry === undefined && receipt) ? 'recibo' : 'asiento'}`, 303);
  });

  app.post('/emprendedores/:unit/facturas', { schema: { params: Params, body: Type.Object({ venta: text, nit: text, comprador: text, clave: text }) } }, async (request, reply) => {
    const person = representative(request);
    const b = request.body;
    let status: string | undefined;
    try {
      const invoice = await onceByKey(formClaim(`enterprises.invoice:${person.id}:${request.params.unit}`, b), (claim) =>
        requestInvoice(
          deps,
          person,
          request.params.unit,
          { entry: /^\d{1,15}$/.test((b.venta ?? '').trim()) ? Number(b.venta) : undefined, buyerTaxId: b.nit ?? '', buyerName: b.comprador ?? '' },
          request.id,
          claim,
        ),
      );
      status = invoice?.status;
    } catch (error) {
      const errors = isAppError(error) && error.code === 'ENTERPRISES_ALREADY_INVOICED' ? { venta: request.t('enterprises.errors.alreadyInvoiced') } : errorsOf(request, error);
      if (!errors) throw error;
      return render(request, reply, request.params.unit, { errors, form: b as Record<string, string> });
    }
    return reply.redirect(`/emprendedores/${request.params.unit}?hecho=${status === 'refused' ? 'rechazada' : 'factura'}`, 303);
  });

  app.post('/emprendedores/:unit/cobros', { schema: { params: Params, body: Type.Object({ tipodoc: text, documento: text, concepto: text, importe: text, clave: text }) } }, async (request, reply) => {
    const person = representative(request);
    const b = request.body;
    let link: { code: string } | undefined;
    try {
      link = await onceByKey(formClaim(`enterprises.payment:${person.id}:${request.params.unit}`, b), (claim) =>
        createPaymentLink(
          deps,
          person,
          request.params.unit,
          { payerDocumentType: b.tipodoc ?? '', payerDocumentNumber: b.documento ?? '', concept: b.concepto ?? '', amountMinor: toMinorUnits(b.importe ?? '') },
          request.id,
          claim,
        ),
      );
    } catch (error) {
      const errors = isAppError(error) && error.code === 'PAYMENTS_PAYEE_NOT_CONFIGURED' ? { importe: request.t('enterprises.errors.noAccount') } : errorsOf(request, error);
      if (!errors) throw error;
      return render(request, reply, request.params.unit, { errors, form: b as Record<string, string> });
    }
    return reply.redirect(`/emprendedores/${request.params.unit}?hecho=cobro${link ? `&cobro=${link.code}` : ''}`, 303);
  });
}

// Pages of postal tracking: public /envios and /envios/{number}; the post clerk's desk under
// /envios/oficina (register a shipment, its label as PDF, the CSV import of events).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { renderLabelPdf } from '../label.ts';
import { clerkShipment, importTrackingCsv, postalLabelLines, postOffices, recentShipments, registerShipment, requireClerk, trackShipment } from '../postal.service.ts';
import { postOf } from '../postal.types.ts';
import { DeskPage, ImportPage, RegisteredPage, SearchPage, type ShipmentForm, TrackingPage } from '../views/postal.views.tsx';

const NUMBER_ERRORS: Record<string, { key: string; status: number }> = {
  POSTAL_NUMBER_MALFORMED: { key: 'postal.search.malformed', status: 422 },
  POSTAL_NUMBER_MISTYPED: { key: 'postal.search.mistyped', status: 422 },
  POSTAL_SHIPMENT_NOT_FOUND: { key: 'postal.search.notFound', status: 404 },
};
const EMPTY_FORM: ShipmentForm = { tipo: 'parcel', origen: '', destino: '', nombre: '', documento: '', direccion: '' };

export function registerPostalPages(app: TamboApp, deps: Deps): void {
  const crumbs = (request: FastifyRequest, withSearch = false) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    ...(withSearch ? [{ href: '/envios', label: request.t('postal.nav') }] : []),
  ];
  const search = (request: FastifyRequest, reply: FastifyReply, value: string, error?: { key: string; status: number }) =>
    reply.page({
      status: error?.status ?? 200,
      title: `${error ? `${request.t('postal.errorPrefix')} ` : ''}${request.t('postal.search.heading')}`,
      breadcrumbs: crumbs(request),
      body: <SearchPage value={value} error={error ? request.t(error.key) : undefined} />,
    });

  app.get('/envios', { schema: { querystring: Type.Object({ numero: Type.Optional(Type.String({ maxLength: 60 })) }) } }, async (request, reply) => {
    const value = request.query.numero;
    if (value === undefined) return search(request, reply, '');
    try {
      const { shipment } = await trackShipment(deps, value);
      return reply.redirect(`/envios/${shipment.number}`, 303);
    } catch (error) {
      if (!isAppError(error) || !NUMBER_ERRORS[error.code]) throw error;
      return search(request, reply, value, NUMBER_ERRORS[error.code]);
    }
  });

  app.get('/envios/:number', { schema: { params: Type.Object({ number: Type.String({ maxLength: 60 }) }) } }, async (request, reply) => {
    try {
      const tracked = await trackShipment(deps, request.params.number);
      if (tracked.shipment.number !== request.params.number) return reply.redirect(`/envios/${tracked.shipment.number}`, 301);
      return reply.page({ title: request.t('postal.tracking.heading', { number: tracked.shipment.number }), breadcrumbs: crumbs(request, true), body: <TrackingPage {...tracked} /> });
    } catch (error) {
      if (!isAppError(error) || !NUMBER_ERRORS[error.code]) throw error;
      return search(request, reply, request.params.number, NUMBER_ERRORS[error.code]);
    }
  });

  const desk = async (request: FastifyRequest, reply: FastifyReply, clerk: { agencyCode: string }, form = EMPTY_FORM, errors: Record<string, string> = {}) => {
    const failed = Object.keys(errors).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: `${failed ? `${request.t('postal.errorPrefix')} ` : ''}${request.t('postal.desk.heading')}`,
      breadcrumbs: crumbs(request, true),
      body: <DeskPage offices={await postOffices(deps)} form={form} errors={errors} recent={await recentShipments(deps, clerk.agencyCode)} />,
    });
  };

  app.get('/envios/oficina', async (request, reply) => {
    const { account } = requireSignedIn(request);
    return desk(request, reply, await requireClerk(deps, account));
  });

  app.post(
    '/envios/oficina',
    {
      schema: {
        body: Type.Object({
          tipo: Type.Optional(Type.String({ maxLength: 20 })),
          origen: Type.Optional(Type.String({ maxLength: 60 })),
          destino: Type.Optional(Type.String({ maxLength: 60 })),
          nombre: Type.Optional(Type.String({ maxLength: 400 })),
          documento: Type.Optional(Type.String({ maxLength: 60 })),
          direccion: Type.Optional(Type.String({ maxLength: 1000 })),
        }),
      },
    },
    async (request, reply) => {
      const { account } = requireSignedIn(request);
      const clerk = await requireClerk(deps, account);
      const b = request.body;
      const form: ShipmentForm = { tipo: b.tipo ?? '', origen: b.origen ?? '', destino: b.destino ?? '', nombre: b.nombre ?? '', documento: b.documento ?? '', direccion: b.direccion ?? '' };
      try {
        const { shipment } = await registerShipment(
          deps,
          clerk.actor,
          { kind: form.tipo, originOffice: form.origen, destinationOffice: form.destino, addresseeName: form.nombre, addresseeDocument: form.documento, address: form.direccion },
          { requestId: request.id },
        );
        return reply.redirect(`/envios/oficina/${shipment.number}?registrado=1`, 303);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        return desk(request, reply, clerk, form, Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)])));
      }
    },
  );

  const importPage = (request: FastifyRequest, reply: FastifyReply, props: Parameters<typeof ImportPage>[0], status = 200) =>
    reply.page({
      status,
      title: `${props.error ? `${request.t('postal.errorPrefix')} ` : ''}${request.t('postal.import.heading')}`,
      breadcrumbs: crumbs(request, true),
      body: <ImportPage {...props} />,
    });

  app.get('/envios/oficina/importar', async (request, reply) => {
    const { account } = requireSignedIn(request);
    await requireClerk(deps, account);
    return importPage(request, reply, { csv: '' });
  });

  app.post('/envios/oficina/importar', { schema: { body: Type.Object({ csv: Type.Optional(Type.String({ maxLength: 200_000 })) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const clerk = await requireClerk(deps, account);
    const csv = request.body.csv ?? '';
    try {
      const outcome = await importTrackingCsv(deps, clerk, csv, request.id);
      return importPage(request, reply, { csv: outcome.problems.length > 0 ? csv : '', outcome });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return importPage(request, reply, { csv, error: request.t(error.fields[0]?.messageKey ?? 'postal.errors.csvHeader') }, 422);
    }
  });

  app.get(
    '/envios/oficina/:number',
    { schema: { params: Type.Object({ number: Type.String({ maxLength: 60 }) }), querystring: Type.Object({ registrado: Type.Optional(Type.String({ maxLength: 5 })) }) } },
    async (request, reply) => {
      const { account } = requireSignedIn(request);
      const clerk = await requireClerk(deps, account);
      const shipment = await clerkShipment(deps, clerk.agencyCode, request.params.number);
      return reply.page({
        title: request.t('postal.tracking.heading', { number: shipment.number }),
        breadcrumbs: [...crumbs(request, true), { href: '/envios/oficina', label: request.t('postal.desk.heading') }],
        body: <RegisteredPage shipment={shipment} created={request.query.registrado === '1'} />,
      });
    },
  );

  app.get('/envios/oficina/:number/etiqueta.pdf', { schema: { params: Type.Object({ number: Type.String({ maxLength: 60 }) }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const clerk = await requireClerk(deps, account);
    const shipment = await clerkShipment(deps, clerk.agencyCode, request.params.number);
    const pdf = await renderLabelPdf({
      postName: postOf(deps.country.code).name,
      number: shipment.number,
      kindText: request.t(`postal.kind.${shipment.kind}`),
      title: request.t('postal.label.title', { number: shipment.number }),
      barcodeAlt: request.t('postal.label.barcode', { number: shipment.number }),
      lines: await postalLabelLines(deps, shipment, request.t, request.format),
    });
    return reply.type('application/pdf').header('content-disposition', `inline; filename="etiqueta-${shipment.number}.pdf"`).send(pdf);
  });
}

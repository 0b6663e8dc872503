// Communal banks in the open (/bancos-comunales): the list, a bank's page with its ledgers and
// totals, the treasurer's entries (corrections as new entries), members' observations and their
// public answers; GET /api/v1/communal-banks/{id} answers the totals.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import { readFile } from '../../../platform/files/index.ts';
import { readMultipartForm, registerMultipart } from '../../../platform/http/multipart.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { answerBankObservationAs, attachBankDocument, type BankLedger, bankLedger, communalBanks, fileBankObservation, isBankDocument, isTreasurer, recordBankEntry } from '../bank.service.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import { BankListPage, BankPage, UnitListPage } from '../views/banks.views.tsx';
import { BANK_DOCUMENT_TYPES, MAX_BANK_DOCUMENT_BYTES, type SocialUnit } from '../bank.types.ts';
import { socialUnitPage, socialUnits } from '../social-unit.service.ts';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const KeyParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 200 }) });

/** Where a ledger page lives: the bank account it shows, the path its forms post to, and how to load it. */
interface Place {
  bankId: string;
  base: string;
  load: () => Promise<{ ledger: BankLedger; unit?: { unit: SocialUnit; projects: Array<{ id: string; title: string }>; registryName?: string } }>;
}
const text = Type.Optional(Type.String({ maxLength: 2000 }));

/** "1.500,50" or "1500.5" typed in the currency's units, as minor units; NaN when it is not an amount. */
function minorUnits(typed = ''): number {
  const clean = typed.trim().replace(/\s/g, '');
  const match = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(clean) ?? /^(\d+)(?:\.(\d{1,2}))?$/.exec(clean);
  if (!match) return Number.NaN;
  return Number(match[1]!.replace(/\./g, '')) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

const TotalsSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  accountReference: Type.String(),
  totals: Type.Array(Type.Object({ currency: Type.String(), depositsMinor: Type.Integer(), entriesMinor: Type.Integer(), balanceMinor: Type.Integer() })),
});

export function registerBankPages(app: TamboApp, deps: Deps): void {
  const crumbs = (request: FastifyRequest, withList = false) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    ...(withList ? [{ href: '/bancos-comunales', label: request.t('projects.banks.nav') }] : []),
  ];
  const person = async (request: FastifyRequest) => {
    const { account } = requireSignedIn(request);
    return { id: account.id, grants: roleGrantsOf(account, await getRoles(deps, account.id)) };
  };

  app.get('/bancos-comunales', async (request, reply) =>
    reply.page({ title: request.t('projects.banks.heading'), breadcrumbs: crumbs(request), body: <BankListPage banks={await communalBanks(deps)} /> }),
  );

  app.get(
    '/api/v1/communal-banks/:id',
    {
      schema: {
        tags: ['projects'],
        operationId: 'getCommunalBank',
        summary: 'A communal bank’s totals: deposits received, its own entries, balance',
        description:
          'Public. Per currency: `depositsMinor` is the sum of the transfer ledger’s entries into the account (corrections included), `entriesMinor` the sum of the bank’s own entries (loans and payments negative, repayments positive, corrections the signed difference), `balanceMinor` their sum. The open datasets `projects.transfers` and `projects.bank_entries` hold every entry.',
        params: Params,
        response: { 200: TotalsSchema },
      },
    },
    async (request) => {
      const ledger = await bankLedger(deps, request.params.id);
      return { id: ledger.bank.id, accountReference: ledger.bank.accountReference, totals: ledger.totals };
    },
  );

  // A bank's page, or a social-production unit's (the same ledger under the unit's name, organs and projects).
  const render = async (request: FastifyRequest, reply: FastifyReply, place: Place, extra: { errors?: Record<string, string>; form?: Record<string, string>; sent?: string; status?: number } = {}) => {
    const { ledger, unit } = await place.load();
    const viewer = request.current ? await person(request) : undefined;
    const failed = Object.keys(extra.errors ?? {}).length > 0;
    return reply.page({
      status: extra.status ?? (failed ? 422 : 200),
      title: `${failed ? `${request.t('projects.errorPrefix')} ` : ''}${unit?.unit.name ?? ledger.bank.holderName}`,
      breadcrumbs: crumbs(request, true),
      body: (
        <BankPage
          {...ledger}
          base={place.base}
          unit={unit}
          signedIn={viewer !== undefined}
          treasurer={viewer !== undefined && isTreasurer(viewer.grants, ledger.bank)}
          errors={extra.errors ?? {}}
          form={extra.form ?? {}}
          sent={extra.sent}
        />
      ),
    });
  };
  const errorsOf = (request: FastifyRequest, error: unknown): Record<string, string> | undefined =>
    isAppError(error) && error.code === 'VALIDATION_FAILED' ? Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)])) : undefined;

  const SENT = ['asiento', 'documento', 'observacion', 'respuesta'];
  const bankAt = async (p: Record<string, string>): Promise<Place> => ({ bankId: p.id!, base: `/bancos-comunales/${p.id}`, load: async () => ({ ledger: await bankLedger(deps, p.id!) }) });
  const unitAt = async (p: Record<string, string>): Promise<Place> => {
    const { unit } = await socialUnitPage(deps, p.key!);
    return {
      bankId: unit.bankAccountId,
      base: `/bancos-comunales/unidades/${unit.key}`,
      load: async () => {
        const page = await socialUnitPage(deps, unit.key);
        return { ledger: page.ledger, unit: { unit: page.unit, projects: page.projects, registryName: page.registryName } };
      },
    };
  };

  // A supporting document, public, served only under the bank it belongs to.
  app.get(
    '/bancos-comunales/:id/documentos/:sha256',
    { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }) } },
    async (request, reply) => {
      const file = (await isBankDocument(deps, request.params.id, request.params.sha256)) ? await readFile(deps.dbRead, request.params.sha256) : undefined;
      if (!file) throw new AppError('PROJECTS_NOT_FOUND');
      return reply.header('content-type', file.mediaType).header('content-disposition', 'inline').header('cache-control', 'public, max-age=31536000, immutable').send(file.content);
    },
  );

  app.get('/bancos-comunales/unidades', async (request, reply) =>
    reply.page({ title: request.t('projects.banks.units.heading'), breadcrumbs: crumbs(request, true), body: <UnitListPage units={await socialUnits(deps)} /> }),
  );

  // The same page and forms for a bank and for a social-production unit's account.
  for (const [prefix, params, at] of [
    ['/bancos-comunales/:id', Params, bankAt],
    ['/bancos-comunales/unidades/:key', KeyParams, unitAt],
  ] as const) {
    const withObservation = Type.Object({ ...params.properties, observation: Type.String({ format: 'uuid' }) });
    const placeOf = (request: FastifyRequest) => at(request.params as Record<string, string>);

    app.get(prefix, { schema: { params, querystring: Type.Object({ enviado: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (request, reply) =>
      render(request, reply, await placeOf(request), { sent: SENT.includes(request.query.enviado ?? '') ? request.query.enviado : undefined }),
    );

    app.post(
      `${prefix}/asientos`,
      {
        schema: {
          params,
          body: Type.Object({ tipo: text, monto: text, 'fecha-day': text, 'fecha-month': text, 'fecha-year': text, proposito: text, descripcion: text, corrige: text, clave: text }),
        },
      },
      async (request, reply) => {
        const place = await placeOf(request);
        const b = request.body;
        const [y, m, d] = [b['fecha-year'], b['fecha-month'], b['fecha-day']].map((v) => (v ?? '').trim());
        const valueDate = /^\d{4}$/.test(y!) && /^\d{1,2}$/.test(m!) && /^\d{1,2}$/.test(d!) ? `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}` : '';
        const real = valueDate !== '' && new Date(`${valueDate}T12:00:00Z`).toISOString().startsWith(valueDate);
        const corrects = (b.corrige ?? '').trim();
        const negative = corrects !== '' && (b.monto ?? '').trim().startsWith('-');
        const amount = minorUnits((b.monto ?? '').replace(/^-/, ''));
        const treasurer = await person(request);
        try {
          await onceByKey(formClaim(`projects.bank_entry:${treasurer.id}:${place.bankId}`, b), (claim) =>
            recordBankEntry(
              deps,
              treasurer,
              place.bankId,
              {
                kind: b.tipo ?? '',
                amountMinor: Number.isNaN(amount) ? 0 : negative ? -amount : amount,
                valueDate: real ? valueDate : '',
                purpose: b.proposito ?? '',
                description: b.descripcion ?? '',
                corrects: corrects === '' ? null : /^\d+$/.test(corrects) ? Number(corrects) : -1,
              },
              request.id,
              claim,
            ),
          );
        } catch (error) {
          const errors = errorsOf(request, error);
          if (!errors) throw error;
          return render(request, reply, place, { errors, form: b as Record<string, string> });
        }
        return reply.redirect(`${place.base}?enviado=asiento`, 303);
      },
    );

    // The treasurer attaches a supporting document to an entry: a multipart form (a scope of its own), the file checked by content.
    app.register(async (scoped) => {
      const multipart = scoped as unknown as TamboApp;
      registerMultipart(multipart, { maxFileBytes: MAX_BANK_DOCUMENT_BYTES, maxFiles: 1, allowed: BANK_DOCUMENT_TYPES });
      multipart.post(`${prefix}/documentos`, { schema: { params, body: Type.Object({ 'documento-asiento': text, _csrf: text }) } }, async (request, reply) => {
        const place = await placeOf(request);
        const treasurer = await person(request);
        const form = { 'documento-asiento': request.body['documento-asiento'] ?? '' };
        let upload: { bytes: Uint8Array; filename: string } | undefined;
        try {
          upload = request.isMultipart() ? readMultipartForm(request).files.documento?.[0] : undefined;
        } catch (error) {
          if (!isAppError(error)) throw error;
          const first = error.fields[0];
          return render(request, reply, place, { errors: { documento: request.t(first?.messageKey ?? `errors.${error.code}`, first?.params ?? error.params) }, form });
        }
        const seq = form['documento-asiento'].trim();
        try {
          await attachBankDocument(deps, treasurer, place.bankId, { entrySeq: /^\d{1,15}$/.test(seq) ? Number(seq) : -1, bytes: upload?.bytes, filename: upload?.filename ?? '' }, request.id);
        } catch (error) {
          const errors = errorsOf(request, error);
          if (!errors) throw error;
          return render(request, reply, place, { errors, form });
        }
        return reply.redirect(`${place.base}?enviado=documento`, 303);
      });
    });

    app.post(`${prefix}/observaciones`, { schema: { params, body: Type.Object({ asiento: text, observacion: text, clave: text }) } }, async (request, reply) => {
      const { account } = requireSignedIn(request);
      const place = await placeOf(request);
      try {
        await onceByKey(formClaim(`projects.bank_observation:${account.id}:${place.bankId}`, request.body), (claim) =>
          fileBankObservation(deps, account.id, place.bankId, request.body.asiento ?? '', request.body.observacion ?? '', request.id, claim),
        );
      } catch (error) {
        const errors = errorsOf(request, error);
        if (!errors) throw error;
        return render(request, reply, place, { errors, form: request.body as Record<string, string> });
      }
      return reply.redirect(`${place.base}?enviado=observacion`, 303);
    });

    app.post(`${prefix}/observaciones/:observation/respuesta`, { schema: { params: withObservation, body: Type.Object({ respuesta: text }) } }, async (request, reply) => {
      const place = await placeOf(request);
      const observation = (request.params as Record<string, string>).observation!;
      try {
        await answerBankObservationAs(deps, await person(request), place.bankId, observation, request.body.respuesta ?? '', request.id);
      } catch (error) {
        // Answered already (a second tab, a double submit): the page says so, linked to the observation and its published answer.
        if (isAppError(error) && error.code === 'PROJECTS_ALREADY_ANSWERED')
          return render(request, reply, place, { errors: { [`observacion-${observation}`]: request.t('projects.errors.alreadyAnswered') }, status: 409 });
        const errors = errorsOf(request, error);
        if (!errors) throw error;
        return render(request, reply, place, { errors });
      }
      return reply.redirect(`${place.base}?enviado=respuesta`, 303);
    });
  }
}

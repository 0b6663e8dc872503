// Communal banks in the open (/bancos-comunales): the list, a bank's page with its ledgers and
// totals, the treasurer's entries (corrections as new entries), members' observations and their
// public answers; GET /api/v1/communal-banks/{id} answers the totals.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isAppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { answerBankObservationAs, bankLedger, communalBanks, fileBankObservation, isTreasurer, recordBankEntry } from '../bank.service.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import { BankListPage, BankPage } from '../views/banks.views.tsx';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
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

  const render = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { errors?: Record<string, string>; form?: Record<string, string>; sent?: string; status?: number } = {}) => {
    const ledger = await bankLedger(deps, id);
    const viewer = request.current ? await person(request) : undefined;
    const failed = Object.keys(extra.errors ?? {}).length > 0;
    return reply.page({
      status: extra.status ?? (failed ? 422 : 200),
      title: `${failed ? `${request.t('projects.errorPrefix')} ` : ''}${ledger.bank.holderName}`,
      breadcrumbs: crumbs(request, true),
      body: (
        <BankPage
          {...ledger}
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

  const SENT = ['asiento', 'observacion', 'respuesta'];
  app.get('/bancos-comunales/:id', { schema: { params: Params, querystring: Type.Object({ enviado: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (request, reply) =>
    render(request, reply, request.params.id, { sent: SENT.includes(request.query.enviado ?? '') ? request.query.enviado : undefined }),
  );

  app.post(
    '/bancos-comunales/:id/asientos',
    {
      schema: {
        params: Params,
        body: Type.Object({ tipo: text, monto: text, 'fecha-day': text, 'fecha-month': text, 'fecha-year': text, proposito: text, descripcion: text, corrige: text, clave: text }),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const [y, m, d] = [b['fecha-year'], b['fecha-month'], b['fecha-day']].map((v) => (v ?? '').trim());
      const valueDate = /^\d{4}$/.test(y!) && /^\d{1,2}$/.test(m!) && /^\d{1,2}$/.test(d!) ? `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}` : '';
      const real = valueDate !== '' && new Date(`${valueDate}T12:00:00Z`).toISOString().startsWith(valueDate);
      const corrects = (b.corrige ?? '').trim();
      const negative = corrects !== '' && (b.monto ?? '').trim().startsWith('-');
      const amount = minorUnits((b.monto ?? '').replace(/^-/, ''));
      const treasurer = await person(request);
      try {
        await onceByKey(formClaim(`projects.bank_entry:${treasurer.id}:${request.params.id}`, b), (claim) =>
          recordBankEntry(
            deps,
            treasurer,
            request.params.id,
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
        return render(request, reply, request.params.id, { errors, form: b as Record<string, string> });
      }
      return reply.redirect(`/bancos-comunales/${request.params.id}?enviado=asiento`, 303);
    },
  );

  app.post('/bancos-comunales/:id/observaciones', { schema: { params: Params, body: Type.Object({ asiento: text, observacion: text, clave: text }) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    try {
      await onceByKey(formClaim(`projects.bank_observation:${account.id}:${request.params.id}`, request.body), (claim) =>
        fileBankObservation(deps, account.id, request.params.id, request.body.asiento ?? '', request.body.observacion ?? '', request.id, claim),
      );
    } catch (error) {
      const errors = errorsOf(request, error);
      if (!errors) throw error;
      return render(request, reply, request.params.id, { errors, form: request.body as Record<string, string> });
    }
    return reply.redirect(`/bancos-comunales/${request.params.id}?enviado=observacion`, 303);
  });

  app.post(
    '/bancos-comunales/:id/observaciones/:observation/respuesta',
    { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }), observation: Type.String({ format: 'uuid' }) }), body: Type.Object({ respuesta: text }) } },
    async (request, reply) => {
      try {
        await answerBankObservationAs(deps, await person(request), request.params.id, request.params.observation, request.body.respuesta ?? '', request.id);
      } catch (error) {
        // Answered already (a second tab, a double submit): the page says so, linked to the observation and its published answer.
        if (isAppError(error) && error.code === 'PROJECTS_ALREADY_ANSWERED')
          return render(request, reply, request.params.id, { errors: { [`observacion-${request.params.observation}`]: request.t('projects.errors.alreadyAnswered') }, status: 409 });
        const errors = errorsOf(request, error);
        if (!errors) throw error;
        return render(request, reply, request.params.id, { errors });
      }
      return reply.redirect(`/bancos-comunales/${request.params.id}?enviado=respuesta`, 303);
    },
  );
}

// Empresa digital (/empresa): a signed-in person registers an economic unit once (recorded in
// the registry with them as legal representative) and chooses, for this session, to act for
// one of the units they represent (a cookie checked against the registry at every read).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { cookieOptions } from '../../../platform/http/security.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { actingFor, registerUnitAsRepresentative, unitsRepresentedBy } from '../registry.service.ts';
import { REGISTRIES } from '../registry.types.ts';
import { EmpresaPage } from '../views/empresa.views.tsx';

export const ACTING_FOR_COOKIE = 'tambo_actuar';
/** Payments' page of a unit's settlement account (linked, not imported: payments comes after registries). */
const SETTLEMENT_ACCOUNT_ROUTE = '/gestion/pagos/unidades/:unit/cuenta';
const FIELDS = ['id', 'name', 'legalForm', 'activityCodes', 'address', 'territoryCode'] as const;

export function registerEmpresaPages(app: TamboApp, deps: Deps): void {
  const keyDocument = () => REGISTRIES.unidades_economicas.keyDocument?.[deps.country.code as 'bo' | 've'] ?? 'NIT';
  const page = async (request: FastifyRequest, reply: FastifyReply, state: { values?: Record<string, string>; errors?: Record<string, string>; registered?: string }, status = 200) => {
    const { account } = requireSignedIn(request);
    const units = await unitsRepresentedBy(deps, account.documentNumber);
    const errors = state.errors ?? {};
    const heading = request.t('registries.empresa.heading');
    return reply.page({
      title: Object.keys(errors).length > 0 ? request.t('registries.keeper.errorTitle', { title: heading }) : heading,
      status,
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: (
        <EmpresaPage
          units={units}
          actingFor={await actingFor(deps, account, request.cookies[ACTING_FOR_COOKIE])}
          registered={state.registered}
          values={state.values ?? {}}
          errors={errors}
          keyDocument={keyDocument()}
          // Payments (a later module, when enabled) has the page of a unit's settlement account.
          settlementAccount={app.hasRoute({ method: 'GET', url: SETTLEMENT_ACCOUNT_ROUTE })}
        />
      ),
    });
  };

  app.get<{ Querystring: { registrada?: string } }>('/empresa', { schema: { hide: true, querystring: Type.Object({ registrada: Type.Optional(Type.String({ maxLength: 40 })) }) } }, (request, reply) =>
    page(request, reply, { registered: request.query.registrada }),
  );

  app.post<{ Body: Record<string, string> }>('/empresa', { schema: { hide: true, body: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500 })) } }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    const values = Object.fromEntries(FIELDS.map((f) => [f, request.body[f] ?? '']));
    try {
      const { record } = await registerUnitAsRepresentative(deps, { accountId: account.id, documentNumber: account.documentNumber }, values, request.id);
      return reply.redirect(`/empresa?registrada=${encodeURIComponent(record.key)}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || !['REGISTRIES_INVALID', 'REGISTRIES_EXISTS'].includes(error.code)) throw error;
      const errors =
        error.code === 'REGISTRIES_EXISTS'
          ? { id: request.t('registries.empresa.exists') }
          : Object.fromEntries(error.fields.filter((f) => f.field !== '/status' && f.field !== '/representatives').map((f) => [f.field.slice(1), request.t(f.messageKey, f.params)]));
      return page(request, reply, { values, errors }, 400);
    }
  });

  app.post<{ Body: { unidad?: string } }>(
    '/empresa/actuar',
    { schema: { hide: true, body: Type.Object({ unidad: Type.Optional(Type.String({ maxLength: 40 })), _csrf: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const { account } = requireSignedIn(request);
      const key = request.body.unidad ?? '';
      if (!key) {
        reply.clearCookie(ACTING_FOR_COOKIE, { path: '/' });
        return reply.redirect('/empresa', 303);
      }
      const units = await unitsRepresentedBy(deps, account.documentNumber);
      if (!units.some((u) => u.key === key)) throw new AppError('REGISTRIES_FORBIDDEN');
      reply.setCookie(ACTING_FOR_COOKIE, key, cookieOptions(deps.config));
      return reply.redirect('/empresa', 303);
    },
  );
}

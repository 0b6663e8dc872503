// A person's alerts, and where an agency's system receives its reports (agency administrators,
// platform administrators).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasRole, PLATFORM_ADMIN } from '../../../platform/contract/roles.ts';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { listAgencies } from '../../agencies/index.ts';
import { agencyCodesOf, getRoles, requireSignedIn } from '../../identity/index.ts';
import { listSubscriptions, subscribeToReports, unsubscribeFromReports } from '../alerts.service.ts';
import { isAgencyAdmin, officialFrom } from '../report.policy.ts';
import type { FormErrors, FormValues } from '../views/report-common.views.tsx';
import { AlertsPage, WebhookPage } from '../views/report-info.views.tsx';
import { listAgencyWebhooks, setAgencyWebhook } from '../webhooks.service.ts';
import { type Body, coordinate, formErrors, list, type PageContext, str } from './page-context.ts';

export function registerAlertAndWebhookPages(app: TamboApp, deps: Deps, ctx: PageContext): void {
  const { territoryOptions, formatting, crumbs } = ctx;
  const idParams = { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) };

  // ---- alerts
  const renderAlerts = async (request: FastifyRequest, reply: FastifyReply, accountId: string, extra: { errors?: FormErrors; values?: FormValues; notice?: string } = {}) => {
    const format = await formatting(request);
    const subscriptions = (await listSubscriptions(deps, accountId)).map((s) => ({
      id: s.id,
      label: s.territoryCode
        ? request.t('reports.alerts.territoryLabel', { territory: format.territoryName(s.territoryCode) })
        : request.t('reports.alerts.radiusLabel', { radius: s.radiusM ?? 0, lat: s.lat ?? 0, lon: s.lon ?? 0 }),
    }));
    const hasErrors = Object.keys(extra.errors ?? {}).length > 0;
    return reply.page({
      status: hasErrors ? 400 : 200,
      title: `${hasErrors ? `${request.t('reports.errorPrefix')} ` : ''}${request.t('reports.alerts.title')}`,
      breadcrumbs: crumbs(request),
      body: <AlertsPage subscriptions={subscriptions} territories={await territoryOptions()} errors={extra.errors ?? {}} values={extra.values ?? {}} notice={extra.notice} />,
    });
  };
  app.get('/reportes/alertas', async (request, reply) => renderAlerts(request, reply, requireSignedIn(request).account.id));
  app.post('/reportes/alertas', async (request, reply) => {
    const { account } = requireSignedIn(request);
    const body = (request.body ?? {}) as Body;
    try {
      if (str(body.tipo) === 'radio') {
        await subscribeToReports(deps, account.id, { lat: coordinate(str(body.lat)) ?? 999, lon: coordinate(str(body.lon)) ?? 999, radiusM: Number(str(body.radio) || 'x') }, request.id);
      } else {
        await subscribeToReports(deps, account.id, { territoryCode: str(body.territorio) }, request.id);
      }
    } catch (error) {
      return renderAlerts(request, reply, account.id, { errors: formErrors(request, error), values: body as FormValues });
    }
    return reply.redirect('/reportes/alertas', 303);
  });
  app.post('/reportes/alertas/:id/eliminar', { schema: idParams }, async (request, reply) => {
    const { account } = requireSignedIn(request);
    await unsubscribeFromReports(deps, account.id, request.params.id, request.id);
    return reply.redirect('/reportes/alertas', 303);
  });

  // ---- delivery to the agency's own system (agency administrators, platform administrators)
  const administered = async (request: FastifyRequest) => {
    const { account } = requireSignedIn(request);
    const roles = await getRoles(deps, account.id);
    const all = await listAgencies(deps);
    const who = officialFrom(account, roles);
    const codes = hasRole(who.grants, { role: PLATFORM_ADMIN }) ? all.map((a) => a.code) : agencyCodesOf(roles).filter((code) => isAgencyAdmin(who.grants, code));
    if (codes.length === 0) throw new AppError('REPORT_FORBIDDEN');
    return { who, options: all.filter((a) => codes.includes(a.code)).map((a) => ({ value: a.code, label: `${a.name} (${a.acronym})` })), codes };
  };
  const renderWebhooks = async (request: FastifyRequest, reply: FastifyReply, extra: { errors?: FormErrors; values?: FormValues; notice?: string; generatedSecret?: string } = {}) => {
    const { options, codes } = await administered(request);
    const current = (await listAgencyWebhooks(deps, codes)).map((w) => ({ agency: w.agencyCode, url: w.url, isActive: w.isActive, deliveries: w.deliveries }));
    const hasErrors = Object.keys(extra.errors ?? {}).length > 0;
    return reply.page({
      status: hasErrors ? 400 : 200,
      title: `${hasErrors ? `${request.t('reports.errorPrefix')} ` : ''}${request.t('reports.webhook.title')}`,
      breadcrumbs: crumbs(request),
      body: (
        <WebhookPage
          agencies={options}
          current={current}
          errors={extra.errors ?? {}}
          values={extra.values ?? { activo: 'si' }}
          notice={extra.notice}
          generatedSecret={extra.generatedSecret}
          dateTime={(await formatting(request)).dateTime}
        />
      ),
    });
  };
  app.get('/reportes/integracion', { schema: { querystring: Type.Object({ guardado: Type.Optional(Type.String({ maxLength: 5 })) }) } }, async (request, reply) =>
    renderWebhooks(request, reply, { notice: request.query.guardado ? request.t('reports.webhook.saved') : undefined }),
  );
  app.post('/reportes/integracion', async (request, reply) => {
    const { who, codes } = await administered(request);
    const body = (request.body ?? {}) as Body;
    const agencyCode = str(body.institucion);
    if (!codes.includes(agencyCode)) return renderWebhooks(request, reply, { errors: { institucion: request.t('reports.errors.agency') }, values: { ...body, secreto: undefined } as FormValues });
    let saved: { generatedSecret?: string };
    try {
      saved = await setAgencyWebhook(deps, who, { agencyCode, url: str(body.url), secret: str(body.secreto), isActive: list(body.activo).includes('si') }, request.id);
    } catch (error) {
      const errors = formErrors(request, error);
      if (errors.secret) errors.secreto = errors.secret;
      delete errors.secret;
      return renderWebhooks(request, reply, { errors, values: { ...body, secreto: undefined } as FormValues });
    }
    // A generated secret is shown once, on this answer (never in an address or a later page).
    if (saved.generatedSecret) {
      reply.header('cache-control', 'no-store');
      return renderWebhooks(request, reply, { notice: request.t('reports.webhook.saved'), generatedSecret: saved.generatedSecret });
    }
    return reply.redirect('/reportes/integracion?guardado=1', 303);
  });
}

// Subnational governments as tenants (issue #25, docs/entities.md#tenants): each tenant's public
// space (/gobiernos/{code}), the list of tenants (/gobiernos) and the platform administrators'
// onboarding (/admin/gobiernos: a plain form with CSRF; audited and idempotent).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import { PLATFORM_ADMIN, requireRole } from '../../../platform/contract/roles.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { brandTenant, getTenant, mayBrandTenant } from '../../agencies/index.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { governmentsOverview, governmentView, onboardTenant, type TenantActor } from '../governments.service.ts';
import { currentYear } from '../plans.service.ts';
import { rankingView } from '../ranking.service.ts';
import { BrandingPage, type BrandingValues, GovernmentPage, GovernmentsPage, OnboardingPage, RankingPage } from '../views/governments.views.tsx';

const CodeParams = Type.Object({ code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{0,39}$' }) });

export function registerGovernmentPages(app: TamboApp, deps: Deps): void {
  app.get('/gobiernos', { schema: { hide: true } }, async (request, reply) => {
    const { tenants } = await governmentsOverview(deps);
    return reply.page({
      title: request.t('observatory.governments.title'),
      description: request.t('observatory.governments.listLead'),
      breadcrumbs: [{ href: '/', label: request.t('portal.home.breadcrumb') }],
      body: <GovernmentsPage tenants={tenants} />,
    });
  });

  app.get('/gobiernos/:code', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const view = await governmentView(deps, request.params.code);
    return reply.page({
      title: view.agency.name,
      description: request.t('observatory.governments.lead', { level: request.t(`agencies.level.${view.agency.level}`) }),
      breadcrumbs: [
        { href: '/', label: request.t('portal.home.breadcrumb') },
        { href: '/gobiernos', label: request.t('observatory.governments.title') },
      ],
      body: <GovernmentPage view={view} />,
    });
  });

  // The public ranking of entities by a published formula (written on the page: ranking.ts).
  app.get('/observatorio/ranking', { schema: { hide: true } }, async (request, reply) => {
    const { year, ranked, unranked } = await rankingView(deps, currentYear(deps));
    reply.header('cache-control', 'public, max-age=60');
    return reply.page({
      title: request.t('observatory.ranking.title'),
      description: request.t('observatory.ranking.lead'),
      breadcrumbs: [{ href: '/observatorio', label: request.t('observatory.heading') }],
      body: <RankingPage year={year} ranked={ranked} unranked={unranked} />,
    });
  });

  const adminOf = async (request: FastifyRequest): Promise<TenantActor> => {
    const current = requireSignedIn(request);
    const grants = roleGrantsOf(current.account, await getRoles(deps, current.account.id));
    requireRole(grants, { role: PLATFORM_ADMIN }, 'AGENCIES_FORBIDDEN');
    return { accountId: current.account.id, grants, requestId: request.id };
  };

  const onboardingPage = async (request: FastifyRequest, reply: FastifyReply, form: { value?: string; error?: string; done?: string } = {}) => {
    const overview = await governmentsOverview(deps);
    reply.header('cache-control', 'no-store');
    const title = request.t('observatory.governments.admin.title');
    return reply.page({
      status: form.error ? 400 : 200,
      title: form.error ? request.t('observatory.errorTitle', { title }) : title,
      breadcrumbs: [{ href: '/admin', label: request.t('identity.admin.home.heading') }],
      body: <OnboardingPage {...overview} value={form.value ?? ''} error={form.error} done={form.done} />,
    });
  };

  app.get('/admin/gobiernos', { schema: { hide: true, querystring: Type.Object({ hecho: Type.Optional(Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{0,39}$' })) }) } }, async (request, reply) => {
    await adminOf(request);
    const done = request.query.hecho;
    return onboardingPage(request, reply, { done: done ? request.t('observatory.governments.admin.done', { code: done }) : undefined });
  });

  app.post('/admin/gobiernos', { schema: { hide: true, body: Type.Object({ code: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) => {
    const actor = await adminOf(request);
    const code = request.body.code ?? '';
    if (code === '') return onboardingPage(request, reply, { error: request.t('observatory.governments.admin.choose') });
    try {
      await onboardTenant(deps, code, actor);
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED')
        return onboardingPage(request, reply, { value: code, error: request.t(error.fields[0]?.messageKey ?? 'observatory.governments.admin.choose') });
      throw error;
    }
    return reply.redirect(`/admin/gobiernos?hecho=${encodeURIComponent(code)}`, 303);
  });

  // A tenant's branding, set by its own administrator or a platform administrator (a plain form, CSRF).
  const brander = async (request: FastifyRequest, code: string): Promise<TenantActor> => {
    const current = requireSignedIn(request);
    const grants = roleGrantsOf(current.account, await getRoles(deps, current.account.id));
    if (!mayBrandTenant(grants, code)) throw new AppError('AGENCIES_FORBIDDEN');
    return { accountId: current.account.id, grants, requestId: request.id };
  };
  const brandingPage = async (request: FastifyRequest, reply: FastifyReply, code: string, values: BrandingValues, errors: Partial<Record<keyof BrandingValues, string>> = {}) => {
    const view = await governmentView(deps, code);
    const failed = Object.keys(errors).length > 0;
    const title = request.t('observatory.governments.branding.title', { name: view.agency.name });
    reply.header('cache-control', 'no-store');
    return reply.page({
      status: failed ? 400 : 200,
      title: failed ? request.t('observatory.errorTitle', { title }) : title,
      breadcrumbs: [
        { href: '/gobiernos', label: request.t('observatory.governments.title') },
        { href: `/gobiernos/${code}`, label: view.agency.name },
      ],
      body: <BrandingPage code={code} name={view.agency.name} values={values} errors={errors} />,
    });
  };

  app.get('/gobiernos/:code/marca', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    const { code } = request.params;
    await brander(request, code);
    const tenant = await getTenant(deps, code);
    const b = tenant.branding;
    return brandingPage(request, reply, code, {
      displayName: b?.displayName ?? '',
      shortName: b?.shortName ?? '',
      colourText: b?.colourText ?? '#ffffff',
      colourBackground: b?.colourBackground ?? '#1d3557',
    });
  });

  const BrandingBody = Type.Object({
    displayName: Type.Optional(Type.String({ maxLength: 400 })),
    shortName: Type.Optional(Type.String({ maxLength: 400 })),
    colourText: Type.Optional(Type.String({ maxLength: 40 })),
    colourBackground: Type.Optional(Type.String({ maxLength: 40 })),
  });
  app.post('/gobiernos/:code/marca', { schema: { hide: true, params: CodeParams, body: BrandingBody } }, async (request, reply) => {
    const { code } = request.params;
    const actor = await brander(request, code);
    const values: BrandingValues = {
      displayName: request.body.displayName ?? '',
      shortName: request.body.shortName ?? '',
      colourText: request.body.colourText ?? '',
      colourBackground: request.body.colourBackground ?? '',
    };
    try {
      await brandTenant(deps, code, values, actor);
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') return brandingPage(request, reply, code, values, Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey)])));
      throw error;
    }
    return reply.redirect(`/gobiernos/${encodeURIComponent(code)}`, 303);
  });
}

// /consultas/<slug>/gestion: the census import (report of rejected rows) and the publication
// of the results, for the consultation's officials (consultation_officer over a unit, or
// platform administrators). Every other person gets 403.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { getConsultation, isOfficerOf, reviewProposal } from '../consultations.service.ts';
import { type CensusReport, importCensus, type Official, publishResults } from '../results.service.ts';
import { OfficialsPage } from '../views/officials.views.tsx';

const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,80}$' }) });

export function registerOfficialPages(app: TamboApp, deps: Deps): void {
  const official = async (request: FastifyRequest, slug: string) => {
    const { account } = requireSignedIn(request);
    const view = await getConsultation(deps, slug);
    const who: Official = { accountId: account.id, grants: roleGrantsOf(account, await getRoles(deps, account.id)) };
    const allowed = await Promise.all(view.units.map((u) => isOfficerOf(deps, who.grants, u)));
    if (!allowed.some(Boolean)) throw new AppError('CONSULTATIONS_FORBIDDEN');
    const units = new Set(view.units.filter((_, i) => allowed[i]).map((u) => u.code));
    return { view, who, units };
  };
  const show = (
    request: FastifyRequest,
    view: Awaited<ReturnType<typeof getConsultation>>,
    extra: { report?: CensusReport; csv?: string; error?: string; published?: boolean; status?: number; units?: Set<string>; reviewError?: { proposalId: string; message: string } } = {},
  ) => {
    const c = view.consultation;
    const title = `${extra.error ? `${request.t('consultations.errorPrefix')} ` : ''}${request.t('consultations.officials.heading', { title: c.title })}`;
    return {
      status: extra.status ?? 200,
      title,
      breadcrumbs: [
        { href: '/consultas', label: request.t('consultations.nav') },
        { href: `/consultas/${c.slug}`, label: c.title },
      ],
      body: (
        <OfficialsPage
          c={c}
          closed={Date.now() >= c.votingCloseAt.getTime()}
          report={extra.report}
          csv={extra.csv}
          error={extra.error}
          published={extra.published}
          reviewable={Date.now() < c.votingOpenAt.getTime() ? view.proposals.filter((p) => extra.units?.has(p.unitCode)) : []}
          reviewError={extra.reviewError}
        />
      ),
    };
  };

  app.get('/consultas/:slug/gestion', { schema: { params: SlugParams } }, async (request, reply) => {
    const { view, units } = await official(request, request.params.slug);
    return reply.page(show(request, view, { units }));
  });

  app.post('/consultas/:slug/gestion/padron', { schema: { params: SlugParams } }, async (request, reply) => {
    const { view, who, units } = await official(request, request.params.slug);
    const csv = String((request.body as Record<string, unknown> | undefined)?.padron ?? '');
    if (csv.trim() === '') return reply.page(show(request, view, { status: 400, csv, units, error: request.t('consultations.officials.censusEmpty') }));
    const report = await importCensus(deps, who, view.consultation.id, csv, request.id);
    return reply.page(show(request, view, { report, units }));
  });

  app.post('/consultas/:slug/gestion/publicar', { schema: { params: SlugParams } }, async (request, reply) => {
    const { view, who } = await official(request, request.params.slug);
    await publishResults(deps, who, view.consultation.id, request.id);
    return reply.page(show(request, await getConsultation(deps, view.consultation.id), { published: true }));
  });

  // The public technical review of a proposal (before the voting opens).
  app.post(
    '/consultas/:slug/gestion/revision/:proposal',
    { schema: { params: Type.Object({ slug: SlugParams.properties.slug, proposal: Type.String({ format: 'uuid' }) }) } },
    async (request, reply) => {
      const { view, who, units } = await official(request, request.params.slug);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const verdict = String(body.dictamen ?? '');
      const reason = String(body.motivo ?? '').trim();
      if (!['viable', 'not_viable'].includes(verdict) || reason === '' || reason.length > 2000) {
        const reviewError = { proposalId: request.params.proposal, message: request.t('consultations.officials.reviewIncomplete') };
        return reply.page(show(request, view, { status: 400, units, reviewError, error: undefined }));
      }
      await reviewProposal(deps, who, request.params.proposal, { viable: verdict === 'viable', reason }, request.id);
      return reply.redirect(`/consultas/${view.consultation.slug}/gestion`, 303);
    },
  );
}

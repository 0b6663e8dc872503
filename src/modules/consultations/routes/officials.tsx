// /consultas/<slug>/gestion: the census import (report of rejected rows) and the publication
// of the results, for the consultation's officials (consultation_officer over a unit, or
// platform administrators). Every other person gets 403.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { localDate } from '../../../platform/country/business-days.ts';
import { type AssemblyErrors, type AssemblyForm, readAssemblyForm, validateAssemblyForm } from '../assembly-form.ts';
import { getConsultation, isOfficerOf, reviewProposal } from '../consultations.service.ts';
import { phaseAt } from '../consultations.types.ts';
import { type CensusReport, importCensus, type Official, publishResults, recordAssembly } from '../results.service.ts';
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
    extra: {
      report?: CensusReport;
      csv?: string;
      error?: string;
      published?: boolean;
      status?: number;
      units?: Set<string>;
      reviewError?: { proposalId: string; message: string };
      assembly?: { form: AssemblyForm; errors: AssemblyErrors; recorded?: { attendees: number; ballots: number } };
    } = {},
  ) => {
    const c = view.consultation;
    const failed = Boolean(extra.error) || Object.keys(extra.assembly?.errors ?? {}).length > 0;
    const title = `${failed ? `${request.t('consultations.errorPrefix')} ` : ''}${request.t('consultations.officials.heading', { title: c.title })}`;
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
          assemblyUnits={phaseAt(c, new Date()) === 'voting' ? view.units.filter((u) => extra.units?.has(u.code)) : []}
          assembly={extra.assembly}
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
    // The same key with another CSV (back, edit, send) is another import.
    const report = await onceByKey(formClaim(`consultations.census:${who.accountId}:${view.consultation.id}`, request.body), (claim) =>
      importCensus(deps, who, view.consultation.id, csv, request.id, claim),
    );
    return reply.page(show(request, view, { report, units }));
  });

  app.post('/consultas/:slug/gestion/publicar', { schema: { params: SlugParams } }, async (request, reply) => {
    const { view, who } = await official(request, request.params.slug);
    await publishResults(deps, who, view.consultation.id, request.id);
    return reply.page(show(request, await getConsultation(deps, view.consultation.id), { published: true }));
  });

  // An assembly's paper ballots, during the voting: its attendees go to the poll book (one who
  // voted already refuses the whole act, named), its ballots are stored as anonymous ballots.
  app.post('/consultas/:slug/gestion/asamblea', { schema: { params: SlugParams } }, async (request, reply) => {
    const { view, who, units } = await official(request, request.params.slug);
    const c = view.consultation;
    const form = readAssemblyForm(request.body);
    const refuse = (errors: AssemblyErrors) => reply.page(show(request, view, { status: 400, units, assembly: { form, errors } }));
    const { errors, input } = validateAssemblyForm(
      form,
      {
        units: view.units.filter((u) => units.has(u.code)),
        proposals: view.proposals,
        documentTypes: new Set(deps.country.identityDocuments.map((d) => d.code)),
        opensOn: localDate(deps.country, c.votingOpenAt),
        today: localDate(deps.country, new Date()),
      },
      request.t,
    );
    if (!input) return refuse(errors);
    // The form's key: a double submit (or a burst) of the same act records it once, and each
    // answers as recorded; the same key with another act (back, edit, send) is a new act.
    try {
      await onceByKey(formClaim(`consultations.assembly:${who.accountId}:${c.id}`, request.body), (claim) => recordAssembly(deps, who, c.id, input, request.id, claim));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'CONSULTATIONS_ALREADY_VOTED') return refuse({ asistentes: request.t('consultations.assembly.errors.alreadyVoted', { documents: error.message }) });
      if (error.code.startsWith('CONSULTATIONS_BALLOT_')) return refuse({ papeletas: request.t(`consultations.ballotError.${error.code}`) });
      throw error;
    }
    const recorded = { attendees: input.attendees.length, ballots: input.ballots.length };
    return reply.page(show(request, view, { units, assembly: { form: { unidad: '', fecha: '', asistentes: '', papeletas: '', clave: '' }, errors: {}, recorded } }));
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

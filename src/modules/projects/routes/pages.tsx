// Public pages (/proyectos): the list with a territory filter; a project with its milestones,
// ledger and observations; a signed-in person files an observation, the executing organisation's
// spokespeople answer it; the public files (evidence, supporting documents) of a project.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError } from '../../../platform/errors.ts';
import { PLATFORM_ADMIN } from '../../../platform/contract/roles.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { readFile } from '../../../platform/files/index.ts';
import type { Deps } from '../../../platform/module.ts';
import { getRoles, requireSignedIn, roleGrantsOf } from '../../identity/index.ts';
import { getTerritory } from '../../territories/index.ts';
import { ledgerTotals, transfersOf } from '../ledger.service.ts';
import { answer, fileObservation, observationsOf, observationsToAnswer } from '../observations.service.ts';
import { type Actor, getProject, isProjectFile, mayManage, milestonesOf, projectsMap, reportMilestone, searchProjects, updateProgress } from '../projects.service.ts';
import { OFFICER_ROLE, SPOKESPERSON_ROLE } from '../projects.policy.ts';
import { PROJECT_STATUSES, type ProjectStatus } from '../projects.types.ts';
import { formClaim, onceByKey } from '../../../platform/idempotency/form-key.tsx';
import { PendingObservationsPage, ProjectListPage, ProjectPage } from '../views/projects.views.tsx';
import { PlanRollupPage, ProjectMoney } from '../views/money.views.tsx';
import { budgetOf, planRollup, spendingOf } from '../spending.service.ts';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** YYYY-MM-DD from the three typed parts, or '' when they do not make a real date. */
function isoDay(year = '', month = '', day = ''): string {
  const [y, m, d] = [year, month, day].map((v) => Number(v.trim()));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y! < 1900 || y! > 2100) return '';
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCMonth() === m! - 1 && date.getUTCDate() === d ? date.toISOString().slice(0, 10) : '';
}

export function registerProjectsPages(app: TamboApp, deps: Deps): void {
  const crumbs = (request: FastifyRequest, withList = false) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    ...(withList ? [{ href: '/proyectos', label: request.t('projects.nav') }] : []),
  ];

  app.get('/proyectos', { schema: { querystring: Type.Object({ territorio: Type.Optional(Type.String({ maxLength: 64 })) }) } }, async (request, reply) => {
    const territory = /^[A-Z0-9][A-Z0-9-]{0,63}$/.test(request.query.territorio ?? '') ? request.query.territorio! : '';
    const [{ projects, total }, all] = await Promise.all([searchProjects(deps, { territory: territory || undefined, limit: 100, offset: 0 }), searchProjects(deps, { limit: 1000, offset: 0 })]);
    const codes = [...new Set(all.projects.flatMap((p) => p.territoryPath.slice(1)))].sort();
    const territories = await Promise.all(
      codes.map(async (code) => ({
        code,
        name: await getTerritory(deps, code).then(
          (t) => t.name,
          () => code,
        ),
      })),
    );
    const map = await projectsMap(deps, projects, request.locale === 'en' ? 'en' : 'es');
    return reply.page({
      title: request.t('projects.list.heading'),
      breadcrumbs: crumbs(request),
      body: <ProjectListPage projects={projects} total={total} territory={territory} territories={territories} map={map} />,
    });
  });

  const viewer = async (request: FastifyRequest): Promise<Actor | undefined> => {
    const current = request.current;
    if (!current) return undefined;
    return { type: 'person', id: current.account.id, grants: roleGrantsOf(current.account, await getRoles(deps, current.account.id)) };
  };

  type Sent = 'observation' | 'answer' | 'progress' | 'milestone';
  const render = async (request: FastifyRequest, reply: FastifyReply, id: string, extra: { form?: { observacion: string; clave?: string }; errors?: Record<string, string>; sent?: Sent } = {}) => {
    const project = await getProject(deps, id);
    const [milestones, transfers, totals, observations, actor, budget, spending] = await Promise.all([
      milestonesOf(deps, id),
      transfersOf(deps, id),
      ledgerTotals(deps, 'project'),
      observationsOf(deps, id),
      viewer(request),
      budgetOf(deps, id),
      spendingOf(deps, id),
    ]);
    const hasErrors = Object.keys(extra.errors ?? {}).length > 0;
    return reply.page({
      status: hasErrors ? 422 : 200,
      title: `${hasErrors ? `${request.t('projects.errorPrefix')} ` : ''}${project.title}`,
      breadcrumbs: crumbs(request, true),
      body: (
        <ProjectPage
          project={project}
          milestones={milestones}
          transfers={transfers}
          total={totals.find((l) => l.key === id)}
          observations={observations}
          signedIn={actor !== undefined}
          manages={actor !== undefined && mayManage(actor, project)}
          form={extra.form ?? { observacion: '' }}
          errors={extra.errors ?? {}}
          sent={extra.sent}
        >
          {budget.length > 0 || spending.length > 0 ? <ProjectMoney currency={project.currency} budget={budget} spending={spending} /> : null}
        </ProjectPage>
      ),
    });
  };

  // The officials' page: the observations of the projects a person manages, to answer in public.
  // Only for a person who holds a role that manages projects (others: 403).
  const official = async (request: FastifyRequest): Promise<Actor & { type: 'person' }> => {
    requireSignedIn(request);
    const actor = (await viewer(request)) as Actor & { type: 'person' };
    if (!actor.grants.some((g) => [SPOKESPERSON_ROLE, OFFICER_ROLE, PLATFORM_ADMIN].includes(g.role))) throw new AppError('PROJECTS_FORBIDDEN');
    return actor;
  };
  const pendingPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor & { type: 'person' },
    extra: { errors?: Record<string, string>; typed?: Record<string, string>; answered?: boolean } = {},
  ) => {
    const failed = Object.keys(extra.errors ?? {}).length > 0;
    return reply.page({
      status: failed ? 422 : 200,
      title: `${failed ? `${request.t('projects.errorPrefix')} ` : ''}${request.t('projects.pending.heading')}`,
      breadcrumbs: crumbs(request, true),
      body: <PendingObservationsPage pending={await observationsToAnswer(deps, actor)} errors={extra.errors ?? {}} typed={extra.typed ?? {}} answered={extra.answered ?? false} />,
    });
  };
  app.get('/proyectos/observaciones-pendientes', { schema: { querystring: Type.Object({ enviado: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (request, reply) =>
    pendingPage(request, reply, await official(request), { answered: request.query.enviado === 'respuesta' }),
  );
  app.post('/proyectos/observaciones-pendientes/:observation', { schema: { params: Type.Object({ observation: Type.String({ format: 'uuid' }) }) } }, async (request, reply) => {
    const actor = await official(request);
    const id = request.params.observation;
    const field = `respuesta-${id}`;
    const value = (request.body as Record<string, unknown> | undefined)?.[field];
    const text = typeof value === 'string' ? value : '';
    try {
      await answer(deps, actor, id, text, request.id);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return pendingPage(request, reply, actor, { errors: { [field]: request.t('projects.errors.answer') }, typed: { [id]: text } });
    }
    return reply.redirect('/proyectos/observaciones-pendientes?enviado=respuesta', 303);
  });

  app.get('/proyectos/plan/:code', { schema: { params: Type.Object({ code: Type.String({ maxLength: 40 }) }) } }, async (request, reply) => {
    const rollup = await planRollup(deps, request.params.code);
    return reply.page({ title: request.t('projects.plan.title', { plan: rollup.planTitle }), breadcrumbs: crumbs(request, true), body: <PlanRollupPage rollup={rollup} /> });
  });

  app.get('/proyectos/:id', { schema: { params: Params, querystring: Type.Object({ enviado: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (request, reply) => {
    const sent = ({ observacion: 'observation', respuesta: 'answer', avance: 'progress', hito: 'milestone' } as const)[request.query.enviado as 'observacion'];
    return render(request, reply, request.params.id, { sent });
  });

  app.post(
    '/proyectos/:id/observaciones',
    { schema: { params: Params, body: Type.Object({ observacion: Type.Optional(Type.String()), clave: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const { account } = requireSignedIn(request);
      const text = request.body.observacion ?? '';
      try {
        await onceByKey(formClaim(`projects.observation:${account.id}:${request.params.id}`, request.body), (claim) => fileObservation(deps, account.id, request.params.id, text, request.id, claim));
      } catch (error) {
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        const errors = Object.fromEntries(error.fields.map((f) => [f.field, request.t(f.messageKey, f.params)]));
        return render(request, reply, request.params.id, { form: { observacion: text, clave: request.body.clave ?? '' }, errors });
      }
      return reply.redirect(`/proyectos/${request.params.id}?enviado=observacion`, 303);
    },
  );

  app.post(
    '/proyectos/:id/observaciones/:observation/respuesta',
    { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }), observation: Type.String({ format: 'uuid' }) }), body: Type.Object({ respuesta: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      requireSignedIn(request);
      const actor = (await viewer(request)) as Actor & { type: 'person' };
      try {
        await answer(deps, actor, request.params.observation, request.body.respuesta ?? '', request.id);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        return render(request, reply, request.params.id, { errors: { respuesta: request.t('projects.errors.answer') } });
      }
      return reply.redirect(`/proyectos/${request.params.id}?enviado=respuesta`, 303);
    },
  );

  const asPerson = async (request: FastifyRequest): Promise<Actor & { type: 'person' }> => {
    requireSignedIn(request);
    return (await viewer(request)) as Actor & { type: 'person' };
  };

  app.post('/proyectos/:id/avance', { schema: { params: Params, body: Type.Object({ estado: Type.Optional(Type.String()), avance: Type.Optional(Type.String()) }) } }, async (request, reply) => {
    const actor = await asPerson(request);
    const status = (PROJECT_STATUSES as readonly string[]).includes(request.body.estado ?? '') ? (request.body.estado as ProjectStatus) : 'approved';
    const progress = /^\d{1,3}$/.test((request.body.avance ?? '').trim()) ? Number(request.body.avance) : -1;
    try {
      await updateProgress(deps, actor, request.params.id, { status, progress }, request.id);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return render(request, reply, request.params.id, { errors: { avance: request.t('projects.errors.progress') } });
    }
    return reply.redirect(`/proyectos/${request.params.id}?enviado=avance`, 303);
  });

  app.post(
    '/proyectos/:id/hitos',
    {
      schema: {
        params: Params,
        body: Type.Object({
          hito: Type.Optional(Type.String()),
          'fecha-day': Type.Optional(Type.String()),
          'fecha-month': Type.Optional(Type.String()),
          'fecha-year': Type.Optional(Type.String()),
          nota: Type.Optional(Type.String({ maxLength: 1000 })),
        }),
      },
    },
    async (request, reply) => {
      const actor = await asPerson(request);
      const doneOn = isoDay(request.body['fecha-year'], request.body['fecha-month'], request.body['fecha-day']);
      try {
        await reportMilestone(deps, actor, request.params.id, { position: Number(request.body.hito) || 0, doneOn, note: request.body.nota ?? null }, request.id);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        return render(request, reply, request.params.id, { errors: { fecha: request.t('projects.errors.date') } });
      }
      return reply.redirect(`/proyectos/${request.params.id}?enviado=hito`, 303);
    },
  );

  app.get(
    '/proyectos/:id/archivos/:sha256',
    { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }), sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }) } },
    async (request, reply) => {
      const file = (await isProjectFile(deps, request.params.id, request.params.sha256)) ? await readFile(deps.dbRead, request.params.sha256) : undefined;
      if (!file) throw new AppError('PROJECTS_NOT_FOUND');
      return reply.header('content-type', file.mediaType).header('content-disposition', 'inline').header('cache-control', 'public, max-age=31536000, immutable').send(file.content);
    },
  );
}

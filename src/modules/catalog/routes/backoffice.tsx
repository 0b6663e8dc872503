// The publishers' back office (/gestion/tramites): role `publisher` of an agency, granted in
// identity; every change is a POST form with its CSRF token, then a redirect.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { commitmentLines, parseCommitmentLines } from '../commitments.ts';
import { Type } from 'typebox';
import { AppError, type FieldError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { listAgencies } from '../../agencies/index.ts';
import { getRoles, requireSignedIn } from '../../identity/index.ts';
import { publishingAgencies, type Publisher } from '../procedure.policy.ts';
import { contentProblems, createProcedure, getProcedureForEditing, listProceduresForPublisher, publishDraft, retireProcedure, saveDraft } from '../procedure.service.ts';
import type { ProcedureContent } from '../procedure.types.ts';
import { EditProcedurePage, NewProcedurePage, PublisherHome, type EditorErrors, type EditorValues } from '../views/backoffice.views.tsx';

type Body = Record<string, string | string[] | undefined>;
const BodySchema = Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 100_000 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 50 })]));
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''));
const many = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value ? [value] : []);
const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value, null, 2));

export function valuesFromBody(body: Body): EditorValues {
  return {
    agency: one(body.agency),
    name: one(body.name),
    summary: one(body.summary),
    audiences: many(body.audiences),
    topics: many(body.topics),
    lifeEvents: many(body.lifeEvents),
    requirements: one(body.requirements),
    legalBasis: one(body.legalBasis),
    feeKind: one(body.feeKind),
    feeAmount: one(body.feeAmount),
    feeFormula: one(body.feeFormula),
    maxResponseDays: one(body.maxResponseDays),
    tacitOutcome: one(body.tacitOutcome),
    result: one(body.result),
    resultValidity: one(body.resultValidity),
    isOnline: many(body.isOnline).includes('yes'),
    officeVisits: one(body.officeVisits),
    offices: one(body.offices),
    steps: one(body.steps),
    commitments: one(body.commitments),
    form: one(body.form),
    workflow: one(body.workflow),
  };
}

export function valuesFromContent(c: ProcedureContent, agency = ''): EditorValues {
  return {
    agency,
    name: c.name,
    summary: c.summary,
    audiences: c.audiences,
    topics: c.topics,
    lifeEvents: c.lifeEvents,
    requirements: c.requirements.join('\n'),
    legalBasis: c.legalBasis.join('\n'),
    feeKind: c.feeKind,
    feeAmount: c.feeAmount ?? '',
    feeFormula: c.feeFormula ?? '',
    maxResponseDays: String(c.maxResponseDays),
    tacitOutcome: c.tacitOutcome,
    result: c.result,
    resultValidity: c.resultValidity ?? '',
    isOnline: c.isOnline,
    officeVisits: c.officeVisits === null || c.officeVisits === undefined ? '' : String(c.officeVisits),
    offices: c.offices.map((o) => [o.name, o.address, o.hours, ...(o.code ? [o.code] : [])].join(' | ')).join('\n'),
    steps: c.steps.join('\n'),
    commitments: commitmentLines(c.commitments, c.commitmentTargets ?? []),
    form: json(c.form),
    workflow: json(c.workflow),
  };
}

const emptyValues: EditorValues = valuesFromBody({ feeKind: 'free', tacitOutcome: 'none', maxResponseDays: '10' });

/** The content typed in the editor; JSON and numbers that cannot be read become field errors. */
export function contentFromValues(v: EditorValues): { content: ProcedureContent; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const parse = (name: 'form' | 'workflow'): unknown | null => {
    if (!v[name].trim()) return null;
    try {
      return JSON.parse(v[name]) as unknown;
    } catch (error) {
      problems.push({ field: `/${name}`, messageKey: 'catalog.errors.json', params: { reason: (error as Error).message } });
      return null;
    }
  };
  const commitments = parseCommitmentLines(lines(v.commitments));
  if (commitments.bad.length > 0) problems.push({ field: '/commitments', messageKey: 'catalog.errors.commitmentTarget' });
  const days = /^\d{1,4}$/.test(v.maxResponseDays.trim()) ? Number(v.maxResponseDays.trim()) : Number.NaN;
  // Empty: not stated; anything but a whole number is refused by the content check (NaN).
  const visits = v.officeVisits.trim() === '' ? null : /^\d{1,3}$/.test(v.officeVisits.trim()) ? Number(v.officeVisits.trim()) : Number.NaN;
  const content: ProcedureContent = {
    name: v.name,
    summary: v.summary,
    audiences: v.audiences as ProcedureContent['audiences'],
    topics: v.topics as ProcedureContent['topics'],
    lifeEvents: v.lifeEvents as ProcedureContent['lifeEvents'],
    requirements: lines(v.requirements),
    legalBasis: lines(v.legalBasis),
    feeKind: v.feeKind as ProcedureContent['feeKind'],
    feeAmount: v.feeAmount.trim().replace(',', '.') || null,
    feeFormula: v.feeFormula.trim() || null,
    maxResponseDays: days,
    tacitOutcome: v.tacitOutcome as ProcedureContent['tacitOutcome'],
    result: v.result,
    resultValidity: v.resultValidity.trim() || null,
    isOnline: v.isOnline,
    officeVisits: visits,
    offices: lines(v.offices).map((line) => {
      const [name = '', address = '', hours = '', code = ''] = line.split('|').map((s) => s.trim());
      return code ? { code, name, address, hours } : { name, address, hours };
    }),
    steps: lines(v.steps),
    commitments: commitments.commitments,
    commitmentTargets: commitments.targets,
    form: parse('form'),
    workflow: parse('workflow'),
  };
  return { content, problems };
}

/** Field name of the editor that a problem's JSON pointer is about. */
const fieldOf = (pointer: string) => pointer.split('/')[1] || 'name';

function editorErrors(request: FastifyRequest, problems: FieldError[]): EditorErrors {
  const errors: EditorErrors = {};
  for (const p of problems) {
    const field = fieldOf(p.field);
    errors[field] = [...(errors[field] ?? []), request.t(p.messageKey, p.params)];
  }
  return errors;
}

export function registerCatalogBackOffice(app: TamboApp, deps: Deps): void {
  const publisherOf = async (request: FastifyRequest): Promise<Publisher> => {
    const { account } = requireSignedIn(request);
    const actor = { accountId: account.id, roles: await getRoles(deps, account.id) };
    if (publishingAgencies(actor).length === 0) throw new AppError('CATALOG_NOT_PUBLISHER');
    return actor;
  };
  const agenciesOf = async (actor: Publisher) => {
    const mine = publishingAgencies(actor);
    return (await listAgencies(deps)).filter((a) => mine.includes(a.code)).map((a) => ({ code: a.code, name: a.name, acronym: a.acronym }));
  };
  /** Every problem of what was typed: unreadable JSON or numbers first, then the content rules. */
  const checkEditor = (values: EditorValues) => {
    const { content, problems } = contentFromValues(values);
    const unreadable = new Set(problems.map((p) => p.field));
    return { content, problems: [...problems, ...contentProblems(content, deps.country).filter((p) => !unreadable.has(`/${fieldOf(p.field)}`))] };
  };
  const crumbs = (request: FastifyRequest, withHome = true) => [
    { href: '/', label: request.t('portal.home.breadcrumb') },
    ...(withHome ? [{ href: '/gestion/tramites', label: request.t('catalog.office.title') }] : []),
  ];

  app.get('/gestion/tramites', { schema: { hide: true } }, async (request, reply) => {
    const actor = await publisherOf(request);
    return reply.page({
      title: request.t('catalog.office.title'),
      breadcrumbs: crumbs(request, false),
      body: <PublisherHome procedures={await listProceduresForPublisher(deps, actor)} agencies={await agenciesOf(actor)} />,
    });
  });

  const renderNew = async (request: FastifyRequest, reply: FastifyReply, actor: Publisher, values: EditorValues, errors: EditorErrors) => {
    const hasErrors = Object.keys(errors).length > 0;
    return reply.page({
      status: hasErrors ? 400 : 200,
      title: `${hasErrors ? `${request.t('catalog.editor.errorPrefix')} ` : ''}${request.t('catalog.office.new')}`,
      breadcrumbs: crumbs(request),
      body: <NewProcedurePage values={values} errors={errors} agencies={await agenciesOf(actor)} />,
    });
  };

  app.get('/gestion/tramites/nuevo', { schema: { hide: true } }, async (request, reply) => {
    const actor = await publisherOf(request);
    return renderNew(request, reply, actor, { ...emptyValues, agency: publishingAgencies(actor)[0] ?? '' }, {});
  });

  app.post('/gestion/tramites/nuevo', { schema: { hide: true, body: BodySchema } }, async (request, reply) => {
    const actor = await publisherOf(request);
    const values = valuesFromBody(request.body);
    const { content, problems } = checkEditor(values);
    if (!publishingAgencies(actor).includes(values.agency)) problems.push({ field: '/agency', messageKey: 'catalog.errors.agency' });
    if (problems.length > 0) return renderNew(request, reply, actor, values, editorErrors(request, problems));
    const procedure = await createProcedure(deps, actor, values.agency, content, { requestId: request.id });
    return reply.redirect(`/gestion/tramites/${procedure.id}?aviso=saved`, 303);
  });

  const renderEdit = async (request: FastifyRequest, reply: FastifyReply, actor: Publisher, id: string, override?: { values: EditorValues; errors: EditorErrors }) => {
    const editing = await getProcedureForEditing(deps, actor, id);
    const base = editing.draft ?? editing.published ?? editing.versions[0]!;
    const notice = (request.query as { aviso?: string }).aviso;
    const hasErrors = override !== undefined && Object.keys(override.errors).length > 0;
    return reply.page({
      status: hasErrors ? 400 : 200,
      title: `${hasErrors ? `${request.t('catalog.editor.errorPrefix')} ` : ''}${base.name}`,
      breadcrumbs: crumbs(request),
      body: (
        <EditProcedurePage
          procedure={editing.procedure}
          versions={editing.versions}
          draft={editing.draft}
          agency={(await agenciesOf(actor)).find((a) => a.code === editing.procedure.agencyCode)}
          values={override?.values ?? valuesFromContent(base)}
          errors={override?.errors ?? {}}
          notice={notice === 'saved' || notice === 'published' || notice === 'retired' ? notice : undefined}
        />
      ),
    });
  };

  app.get('/gestion/tramites/:id', { schema: { hide: true, params: IdParams, querystring: Type.Object({ aviso: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (request, reply) => {
    const actor = await publisherOf(request);
    return renderEdit(request, reply, actor, request.params.id);
  });

  app.post('/gestion/tramites/:id', { schema: { hide: true, params: IdParams, body: BodySchema } }, async (request, reply) => {
    const actor = await publisherOf(request);
    const values = valuesFromBody(request.body);
    const { content, problems } = checkEditor(values);
    if (problems.length > 0) return renderEdit(request, reply, actor, request.params.id, { values, errors: editorErrors(request, problems) });
    await saveDraft(deps, actor, request.params.id, content, request.id);
    return reply.redirect(`/gestion/tramites/${request.params.id}?aviso=saved`, 303);
  });

  app.post('/gestion/tramites/:id/publicar', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const actor = await publisherOf(request);
    await publishDraft(deps, actor, request.params.id, request.id);
    return reply.redirect(`/gestion/tramites/${request.params.id}?aviso=published`, 303);
  });

  app.post('/gestion/tramites/:id/retirar', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const actor = await publisherOf(request);
    await retireProcedure(deps, actor, request.params.id, request.id);
    return reply.redirect(`/gestion/tramites/${request.params.id}?aviso=retired`, 303);
  });
}

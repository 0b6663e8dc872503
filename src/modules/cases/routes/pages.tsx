// HTML pages: applying (one page of the form at a time, check answers, save and resume),
// Mis trámites, correcting, rating, the public lookup and the officials' back office.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError, type FieldError } from '../../../platform/errors.ts';
import {
  applyPrefill,
  availableTransitions,
  fieldsFromAnswers,
  firstIncompletePage,
  postedGroupItems,
  readPage,
  validateAnswers,
  visibleComponents,
  visiblePages,
  MAX_FILE_BYTES,
  type AnswerContext,
  type AnswerError,
  type Answers,
  type FormDefinition,
  type KnownFacts,
  type FormComponent,
  type FormFields,
  type FormPage,
} from '../../../platform/forms/index.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { summaryItems, type ErrorSummaryItem } from '../../../platform/views/components.tsx';
import { requireSignedIn } from '../../identity/index.ts';
import { loadDraft, loadDraftAnswers, saveDraft } from '../services/drafts.service.ts';
import { answerContextFor, answerContext, getOnlineProcedure, knownFacts, territoryOptionsFor, type OnlineProcedure } from '../services/procedures.service.ts';
import { daysLeft, getCaseForOfficial, getCaseForPerson, getOfficial, listMyCasesWithStatus, listQueueProcedures, listQueueWithClock, lookupStatus } from '../services/queue.service.ts';
import { ALWAYS_KNOWN, fileAssistedApplication, canRegisterAt, registerApplicantAtCounter, submitApplication } from '../services/submission.service.ts';
import { addInternalNote, assignCase, assignCaseToColleague, performOfficialTransition, rateCase, resubmitCase } from '../services/transitions.service.ts';
import { storeUploads, type Upload } from '../services/uploads.service.ts';
import { officialAgencies } from '../case.policy.ts';
import { QUEUE_FILTERS, type QueueFilter } from '../case.types.ts';
import {
  ApplyPageView,
  CheckAnswersView,
  CounterAccountCreatedView,
  CounterAccountView,
  PersonDocumentFields,
  type CounterPersonValues,
  LookupView,
  WholeFormView,
  MyCasesView,
  OfficialCaseView,
  PersonCaseView,
  QueueView,
} from '../views/case.views.tsx';
import { localized } from '../views/form.views.tsx';

type Body = Record<string, string | string[] | undefined>;

function signedIn(request: FastifyRequest, reply: FastifyReply) {
  if (!request.current) {
    reply.redirect(`/ingresar?volver=${encodeURIComponent(request.url)}`, 303);
    return undefined;
  }
  return requireSignedIn(request);
}

function answerErrorText(request: FastifyRequest, errors: AnswerError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field] ??= e.message ? localized(e.message, request.locale) : request.t(`cases.answerError.${e.code}`, e.params ?? {});
  return out;
}

function fieldErrorText(request: FastifyRequest, errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field] ??= request.t(e.messageKey, e.params ?? {});
  return out;
}

const summary = (text: Record<string, string>): ErrorSummaryItem[] => summaryItems(text);

/** Drops the empty "add another" item of each group so it is not read as an incomplete answer. */
function withoutEmptyItems(page: FormPage, body: Body): Body {
  const out = { ...body };
  for (const group of page.components) {
    if (group.type !== 'group') continue;
    for (let i = 0; i < postedGroupItems(group, body); i++) {
      const names = Object.keys(body).filter((n) => n.startsWith(`${group.id}.${i}.`));
      if (names.every((n) => [body[n]].flat().every((v) => !v || !String(v).trim()))) for (const n of names) delete out[n];
    }
  }
  return out;
}

/** Reads every visible page of a form posted at once; only problems reading the fields are returned (the service checks the rest). */
async function readWholeForm(deps: Deps, form: FormDefinition, sent: { fields: Body; uploads: Record<string, Upload> }, previous: Answers, facts: KnownFacts, ctx: AnswerContext) {
  let body = sent.fields;
  let answers: Answers = { ...previous };
  const unreadable: AnswerError[] = [];
  for (const page of visiblePages(form, answers)) {
    body = withoutEmptyItems(page, body);
    const uploaded = await storeUploads(deps, visibleComponents(page, answers), sent.uploads);
    const reading = readPage(form, page, body, answers, { ...ctx, facts, files: uploaded.files });
    answers = { ...answers, ...reading.answers };
    unreadable.push(...uploaded.errors, ...reading.errors.filter((e) => e.code !== 'required'));
  }
  return { body: { ...body, ...Object.assign({}, ...form.pages.map((page) => fieldsOfFiles(page, answers))) }, answers, unreadable };
}

/** Only the names of the files already attached (file inputs cannot show them back). */
function fieldsOfFiles(page: FormPage, answers: Answers): FormFields {
  const fields = fieldsFromAnswers(page, answers);
  return Object.fromEntries(Object.entries(fields).filter(([name]) => name.endsWith('-current')));
}

const itemCounter = (fields: FormFields) => (group: FormComponent) => postedGroupItems(group, fields);

/** A multipart body as fields (texts) and uploads (files). */
export async function parseMultipart(contentType: string, body: Buffer): Promise<{ fields: FormFields; uploads: Record<string, Upload> }> {
  let data: FormData;
  try {
    data = await new Request('http://local/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    throw new AppError('BAD_REQUEST');
  }
  const fields: Record<string, string | string[]> = {};
  const uploads: Record<string, Upload> = {};
  for (const [name, value] of data) {
    if (typeof value !== 'string') {
      uploads[name] = { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
      continue;
    }
    const before = fields[name];
    fields[name] = before === undefined ? value : [...[before].flat(), value];
  }
  return { fields: { ...fields, _csrf: [fields._csrf].flat()[0] }, uploads };
}

/** The posted fields and uploads, whether the form was sent urlencoded or as multipart. */
function posted(request: FastifyRequest): { fields: Body; uploads: Record<string, Upload> } {
  const body = (request.body ?? {}) as Body & { [UPLOADS]?: Record<string, Upload> };
  const { [UPLOADS]: uploads, ...fields } = body;
  return { fields, uploads: uploads ?? {} };
}

const UPLOADS = Symbol('uploads');

export function registerCasePages(root: TamboApp, deps: Deps): void {
  // In their own scope: these pages also take multipart bodies (forms with file fields).
  void root.register(async (scope) => registerScopedPages(scope as unknown as TamboApp, deps));
}

function registerScopedPages(app: TamboApp, deps: Deps): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES * 2 }, async (request: FastifyRequest, body: Buffer) => {
    const { fields, uploads } = await parseMultipart(String(request.headers['content-type']), body);
    return { ...fields, [UPLOADS]: uploads };
  });
  const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
  const PageParams = Type.Object({ slug: Type.String({ maxLength: 200 }), page: Type.String({ maxLength: 64 }) });
  const CodeParams = Type.Object({ code: Type.String({ maxLength: 20 }) });

  const applyBase = (p: OnlineProcedure) => `/solicitar/${p.ref.slug}`;

  async function renderApplyPage(
    request: FastifyRequest,
    reply: FastifyReply,
    procedure: OnlineProcedure,
    page: FormPage,
    answers: Answers,
    fields: FormFields,
    errors: AnswerError[],
    status?: number,
  ) {
    const account = requireSignedIn(request).account;
    const text = answerErrorText(request, errors);
    return reply.page({
      title: `${errors.length > 0 ? `${request.t('cases.errorPrefix')} ` : ''}${localized(page.title, request.locale)}`,
      status: status ?? (errors.length > 0 ? 400 : 200),
      breadcrumbs: [{ href: '/mis-tramites', label: request.t('cases.nav') }],
      body: (
        <ApplyPageView
          procedureName={procedure.ref.name}
          page={page}
          action={`${applyBase(procedure)}/${page.id}`}
          fields={fields}
          errors={summary(text)}
          errorText={text}
          facts={knownFacts(account)}
          answers={answers}
          country={deps.country}
          territories={await territoryOptionsFor(deps, procedure.form)}
          itemCount={itemCounter(fields)}
        />
      ),
    });
  }

  app.get('/solicitar/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const current = signedIn(request, reply);
    if (!current) return reply;
    const procedure = await getOnlineProcedure(deps, request.params.slug);
    const answers = applyPrefill(procedure.form, await loadDraftAnswers(deps, current.account.id, procedure.ref.versionId), knownFacts(current.account));
    const next = firstIncompletePage(procedure.form, answers, await answerContextFor(deps, answers));
    return reply.redirect(`${applyBase(procedure)}/${next ? next.id : 'revisar'}`, 303);
  });

  app.get('/solicitar/:slug/:page', { schema: { params: PageParams } }, async (request, reply) => {
    const current = signedIn(request, reply);
    if (!current) return reply;
    const procedure = await getOnlineProcedure(deps, request.params.slug);
    const facts = knownFacts(current.account);
    const draft = await loadDraft(deps, current.account.id, procedure.ref.versionId);
    const answers = applyPrefill(procedure.form, draft.answers, facts);
    if (request.params.page === 'revisar') {
      const ctx = await answerContextFor(deps, answers);
      const errors = validateAnswers(procedure.form, answers, ctx);
      if (errors.length > 0) return reply.redirect(`${applyBase(procedure)}/${firstIncompletePage(procedure.form, answers, ctx)?.id ?? procedure.form.pages[0]!.id}`, 303);
      return reply.page({
        title: request.t('cases.check.heading'),
        body: (
          <CheckAnswersView
            procedureName={procedure.ref.name}
            form={procedure.form}
            answers={answers}
            action={`${applyBase(procedure)}/revisar`}
            pageHref={(p) => `${applyBase(procedure)}/${p.id}`}
            errors={[]}
          />
        ),
      });
    }
    const page = visiblePages(procedure.form, answers).find((p) => p.id === request.params.page);
    if (!page) throw new AppError('NOT_FOUND');
    const pending = draft.pendingFields[page.id];
    if (!pending) return renderApplyPage(request, reply, procedure, page, answers, fieldsFromAnswers(page, answers), []);
    // Resuming a page left with problems: what was typed, with the problems, as when it was left.
    const reading = readPage(procedure.form, page, pending, draft.answers, { ...(await answerContextFor(deps, pending)), facts });
    return renderApplyPage(request, reply, procedure, page, answers, { ...pending, ...fieldsOfFiles(page, draft.answers) }, reading.errors, 200);
  });

  app.post('/solicitar/:slug/:page', { schema: { params: PageParams } }, async (request, reply) => {
    const current = signedIn(request, reply);
    if (!current) return reply;
    const procedure = await getOnlineProcedure(deps, request.params.slug);
    const facts = knownFacts(current.account);
    const draft = await loadDraftAnswers(deps, current.account.id, procedure.ref.versionId);
    if (request.params.page === 'revisar') {
      try {
        const created = await submitApplication(deps, { slug: procedure.ref.slug, accountId: current.account.id, answers: draft, channel: 'online', requestId: request.id, errorPrefix: 'form' });
        return reply.redirect(`/mis-tramites/${created.trackingCode}?enviado=1`, 303);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        return reply.redirect(`${applyBase(procedure)}`, 303);
      }
    }
    const answers = applyPrefill(procedure.form, draft, facts);
    const page = visiblePages(procedure.form, answers).find((p) => p.id === request.params.page);
    if (!page) throw new AppError('NOT_FOUND');
    const sent = posted(request);
    const body = withoutEmptyItems(page, sent.fields);
    const uploaded = await storeUploads(deps, visibleComponents(page, answers), sent.uploads);
    const reading = readPage(procedure.form, page, body, draft, { ...(await answerContextFor(deps, body)), facts, files: uploaded.files });
    const merged = { ...draft, ...reading.answers };
    const errors = [...uploaded.errors, ...reading.errors.filter((e) => !uploaded.errors.some((u) => u.path === e.path))];
    // Whatever was typed is kept, even with errors: the readable answers, and the page as typed until it is accepted.
    await saveDraft(deps, current.account.id, procedure, merged, { id: page.id, pending: errors.length > 0 ? body : null });
    if (errors.length > 0) return renderApplyPage(request, reply, procedure, page, answers, { ...body, ...fieldsOfFiles(page, merged) }, errors);
    const withFacts = applyPrefill(procedure.form, merged, facts);
    const next = firstIncompletePage(procedure.form, withFacts, await answerContextFor(deps, withFacts));
    return reply.redirect(`${applyBase(procedure)}/${next ? next.id : 'revisar'}`, 303);
  });

  app.get('/mis-tramites', async (request, reply) => {
    const current = signedIn(request, reply);
    if (!current) return reply;
    const rows = await listMyCasesWithStatus(deps, current.account.id);
    const labels = Object.fromEntries(rows.map((row) => [row.case.trackingCode, localized(row.stateLabel, request.locale)]));
    return reply.page({ title: request.t('cases.mine.heading'), body: <MyCasesView cases={rows.map((row) => row.case)} labels={labels} /> });
  });

  async function renderPersonCase(request: FastifyRequest, reply: FastifyReply, code: string, survey = { score: '', comment: '' }, surveyErrors: FieldError[] = []) {
    const current = requireSignedIn(request);
    const view = await getCaseForPerson(deps, current.account.id, code);
    const text = fieldErrorText(request, surveyErrors);
    const canCorrect = availableTransitions(view.procedure.workflow, view.case.state, 'applicant').some((t) => t.applicantEdits);
    return reply.page({
      title: `${surveyErrors.length > 0 ? `${request.t('cases.errorPrefix')} ` : ''}${view.case.procedureName}`,
      status: surveyErrors.length > 0 ? 400 : 200,
      breadcrumbs: [{ href: '/mis-tramites', label: request.t('cases.nav') }],
      body: (
        <PersonCaseView
          c={view.case}
          events={view.events}
          form={view.procedure.form}
          workflow={view.procedure.workflow}
          canCorrect={canCorrect}
          justSubmitted={(request.query as { enviado?: string }).enviado === '1'}
          surveyErrors={summary(text)}
          surveyText={text}
          survey={survey}
        />
      ),
    });
  }

  app.get('/mis-tramites/:code', { schema: { params: CodeParams, querystring: Type.Object({ enviado: Type.Optional(Type.String({ maxLength: 2 })) }) } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    return renderPersonCase(request, reply, request.params.code);
  });

  app.post('/mis-tramites/:code/valoracion', { schema: { params: CodeParams } }, async (request, reply) => {
    const current = signedIn(request, reply);
    if (!current) return reply;
    const body = (request.body ?? {}) as Body;
    const score = String(body.score ?? '');
    const comment = String(body.comment ?? '');
    try {
      await rateCase(deps, current.account.id, request.params.code, /^[1-5]$/.test(score) ? Number(score) : 0, comment, request.id);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return renderPersonCase(request, reply, request.params.code, { score, comment }, error.fields);
    }
    return reply.redirect(`/mis-tramites/${request.params.code}`, 303);
  });

  async function renderCorrect(request: FastifyRequest, reply: FastifyReply, code: string, fields?: FormFields, errors: FieldError[] = []) {
    const current = requireSignedIn(request);
    const view = await getCaseForPerson(deps, current.account.id, code);
    const form = view.procedure.form;
    const answers = view.case.answers;
    const shown = fields ?? Object.assign({}, ...form.pages.map((p) => fieldsFromAnswers(p, answers)));
    const text = fieldErrorText(request, errors);
    return reply.page({
      title: `${errors.length > 0 ? `${request.t('cases.errorPrefix')} ` : ''}${request.t('cases.correct.heading')}`,
      status: errors.length > 0 ? 400 : 200,
      body: (
        <WholeFormView
          caption={view.case.trackingCode}
          heading={request.t('cases.correct.heading')}
          action={`/mis-tramites/${code}/corregir`}
          submitLabel={request.t('cases.correct.submit')}
          form={form}
          answers={answers}
          fields={shown}
          errors={summary(text)}
          errorText={text}
          facts={knownFacts(current.account)}
          country={deps.country}
          territories={await territoryOptionsFor(deps, form)}
          itemCount={itemCounter(shown)}
        />
      ),
    });
  }

  app.get('/mis-tramites/:code/corregir', { schema: { params: CodeParams } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    return renderCorrect(request, reply, request.params.code);
  });

  app.post('/mis-tramites/:code/corregir', { schema: { params: CodeParams } }, async (request, reply) => {
    const current = signedIn(request, reply);
    if (!current) return reply;
    const view = await getCaseForPerson(deps, current.account.id, request.params.code);
    const facts = knownFacts(current.account);
    const { body, answers, unreadable } = await readWholeForm(deps, view.procedure.form, posted(request), view.case.answers, facts, answerContext(deps));
    try {
      if (unreadable.length > 0) throw new AppError('VALIDATION_FAILED', { fields: unreadable.map((e) => ({ field: e.field, messageKey: `cases.answerError.${e.code}`, params: e.params ?? {} })) });
      await resubmitCase(deps, current.account.id, request.params.code, answers, { requestId: request.id, errorPrefix: 'form' });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return renderCorrect(request, reply, request.params.code, body, error.fields);
    }
    return reply.redirect(`/mis-tramites/${request.params.code}`, 303);
  });

  app.get('/seguimiento', { schema: { querystring: Type.Object({ codigo: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) => {
    const code = (request.query.codigo ?? '').trim().toUpperCase();
    let found: { trackingCode: string; procedureName: string; state: string } | undefined;
    let error: string | undefined;
    if (code) {
      try {
        const status = await lookupStatus(deps, code);
        found = { trackingCode: status.trackingCode, procedureName: status.procedureName, state: localized(status.stateLabel, request.locale) };
      } catch (e) {
        if (!isAppError(e) || e.code !== 'CASES_NOT_FOUND') throw e;
        error = request.t('cases.lookup.notFound');
      }
    }
    return reply.page({ title: request.t('cases.lookup.heading'), status: error ? 404 : 200, body: <LookupView code={code} error={error} found={found} /> });
  });

  // ── Back office ──────────────────────────────────────────────────────────────────────

  async function officialOf(request: FastifyRequest) {
    const official = await getOfficial(deps, requireSignedIn(request).account.id);
    if (officialAgencies(official).length === 0) throw new AppError('FORBIDDEN');
    return official;
  }

  app.get(
    '/gestion/expedientes',
    {
      schema: {
        querystring: Type.Object({
          filtro: Type.Optional(Type.String({ maxLength: 20 })),
          procedimiento: Type.Optional(Type.String({ maxLength: 64, description: "A procedure id: only that procedure's cases" })),
        }),
      },
    },
    async (request, reply) => {
      if (!signedIn(request, reply)) return reply;
      const official = await officialOf(request);
      const filter = (QUEUE_FILTERS as readonly string[]).includes(request.query.filtro ?? '') ? (request.query.filtro as QueueFilter) : 'open';
      // Only a procedure of the official's agencies filters; anything else shows them all.
      const procedures = await listQueueProcedures(deps, official);
      const procedureId = procedures.find((p) => p.id === request.query.procedimiento)?.id;
      const rows = await listQueueWithClock(deps, official, filter, procedureId);
      const left = new Map(rows.map((row) => [row.case.id, row.daysLeft]));
      return reply.page({
        title: request.t('cases.queue.heading'),
        body: <QueueView cases={rows.map((row) => row.case)} filter={filter} procedures={procedures} procedureId={procedureId} daysLeft={(c) => left.get(c.id) ?? null} />,
      });
    },
  );

  async function renderOfficialCase(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    errors: FieldError[] = [],
    values: { reason: string; note: string; assignee?: FormFields } = { reason: '', note: '' },
  ) {
    const official = await officialOf(request);
    const view = await getCaseForOfficial(deps, official, code);
    const roles = official.roles.filter((r) => r.agencyCode === view.case.agencyCode).map((r) => r.role);
    const text = fieldErrorText(request, errors);
    return reply.page({
      title: `${errors.length > 0 ? `${request.t('cases.errorPrefix')} ` : ''}${view.case.trackingCode}`,
      status: errors.length > 0 ? 400 : 200,
      breadcrumbs: [{ href: '/gestion/expedientes', label: request.t('cases.queue.heading') }],
      body: (
        <OfficialCaseView
          c={view.case}
          events={view.events}
          form={view.procedure.form}
          workflow={view.procedure.workflow}
          actions={availableTransitions(view.procedure.workflow, view.case.state, 'official', roles)}
          daysLeft={daysLeft(deps, view.case, view.procedure.workflow)}
          errors={summary(text)}
          errorText={text}
          reason={values.reason}
          note={values.note}
          country={deps.country}
          assignee={values.assignee ?? {}}
        />
      ),
    });
  }

  app.get('/gestion/expedientes/:code', { schema: { params: CodeParams } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    return renderOfficialCase(request, reply, request.params.code);
  });

  app.post('/gestion/expedientes/:code/accion', { schema: { params: CodeParams } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const official = await officialOf(request);
    const body = (request.body ?? {}) as Body;
    const reason = String(body.reason ?? '');
    try {
      await performOfficialTransition(deps, official, { code: request.params.code, transition: String(body.transition ?? ''), reason, requestId: request.id });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return renderOfficialCase(request, reply, request.params.code, error.fields, { reason, note: '' });
    }
    return reply.redirect(`/gestion/expedientes/${request.params.code}`, 303);
  });

  app.post('/gestion/expedientes/:code/nota', { schema: { params: CodeParams } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const official = await officialOf(request);
    const note = String(((request.body ?? {}) as Body).note ?? '');
    try {
      await addInternalNote(deps, official, request.params.code, note, request.id);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return renderOfficialCase(request, reply, request.params.code, error.fields, { reason: '', note });
    }
    return reply.redirect(`/gestion/expedientes/${request.params.code}`, 303);
  });

  // An application filed by an official for a person who came in person (assisted channel).
  async function renderAssisted(request: FastifyRequest, reply: FastifyReply, procedure: OnlineProcedure, fields: FormFields, answers: Answers, errors: FieldError[] = []) {
    const text = fieldErrorText(request, errors);
    return reply.page({
      title: `${errors.length > 0 ? `${request.t('cases.errorPrefix')} ` : ''}${request.t('cases.assisted.heading')}`,
      status: errors.length > 0 ? 400 : 200,
      breadcrumbs: [{ href: '/gestion/expedientes', label: request.t('cases.queue.heading') }],
      body: (
        <WholeFormView
          caption={procedure.ref.name}
          heading={request.t('cases.assisted.heading')}
          action={`/gestion/solicitar?tramite=${encodeURIComponent(procedure.ref.slug)}`}
          submitLabel={request.t('cases.assisted.submit')}
          form={procedure.form}
          answers={answers}
          fields={fields}
          errors={summary(text)}
          errorText={text}
          facts={ALWAYS_KNOWN}
          country={deps.country}
          territories={await territoryOptionsFor(deps, procedure.form)}
          itemCount={itemCounter(fields)}
        >
          <PersonDocumentFields prefix="person" legend={request.t('cases.assisted.person')} hint={request.t('cases.assisted.personHint')} country={deps.country} fields={fields} errorText={text} />
          <p>
            <a href={`/gestion/solicitar/cuenta?tramite=${encodeURIComponent(procedure.ref.slug)}`}>{request.t('cases.assisted.createAccount')}</a>
          </p>
        </WholeFormView>
      ),
    });
  }

  const AssistedQuery = Type.Object({ tramite: Type.String({ maxLength: 200 }) });
  app.get('/gestion/solicitar', { schema: { querystring: AssistedQuery } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const official = await officialOf(request);
    const procedure = await getOnlineProcedure(deps, request.query.tramite.trim());
    if (!officialAgencies(official).includes(procedure.ref.agencyCode)) throw new AppError('FORBIDDEN');
    return renderAssisted(request, reply, procedure, {}, {});
  });

  app.post('/gestion/solicitar', { schema: { querystring: AssistedQuery } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const official = await officialOf(request);
    const procedure = await getOnlineProcedure(deps, request.query.tramite);
    const sent = posted(request);
    const { body, answers, unreadable } = await readWholeForm(deps, procedure.form, sent, {}, ALWAYS_KNOWN, answerContext(deps));
    try {
      const created = await fileAssistedApplication(deps, official, {
        slug: procedure.ref.slug,
        documentType: String(sent.fields['person-type'] ?? ''),
        documentNumber: String(sent.fields['person-number'] ?? ''),
        answers,
        unreadable,
        requestId: request.id,
      });
      return reply.redirect(`/gestion/expedientes/${created.trackingCode}`, 303);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return renderAssisted(request, reply, procedure, body, answers, error.fields);
    }
  });

  // A person with no account: an official who is also a registrar of the agency creates it on the spot.
  async function renderCounterAccount(request: FastifyRequest, reply: FastifyReply, procedure: OnlineProcedure, canRegister: boolean, values: CounterPersonValues, errors: FieldError[] = []) {
    const text = fieldErrorText(request, errors);
    reply.header('cache-control', 'no-store');
    return reply.page({
      title: `${errors.length > 0 ? `${request.t('cases.errorPrefix')} ` : ''}${request.t('cases.counterAccount.heading')}`,
      status: errors.length > 0 ? 400 : 200,
      breadcrumbs: [{ href: '/gestion/expedientes', label: request.t('cases.queue.heading') }],
      body: (
        <CounterAccountView country={deps.country} procedureName={procedure.ref.name} slug={procedure.ref.slug} canRegister={canRegister} values={values} errors={summary(text)} errorText={text} />
      ),
    });
  }

  const EMPTY_PERSON: CounterPersonValues = { documentType: '', documentNumber: '', givenName: '', familyName: '', birthDate: {}, email: '', phone: '', office: '', documentChecked: false };
  app.get('/gestion/solicitar/cuenta', { schema: { querystring: AssistedQuery } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const official = await officialOf(request);
    const procedure = await getOnlineProcedure(deps, request.query.tramite.trim());
    if (!officialAgencies(official).includes(procedure.ref.agencyCode)) throw new AppError('FORBIDDEN');
    return renderCounterAccount(request, reply, procedure, canRegisterAt(official, procedure.ref.agencyCode), EMPTY_PERSON);
  });

  app.post('/gestion/solicitar/cuenta', { schema: { querystring: AssistedQuery } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const official = await officialOf(request);
    const procedure = await getOnlineProcedure(deps, request.query.tramite.trim());
    if (!officialAgencies(official).includes(procedure.ref.agencyCode)) throw new AppError('FORBIDDEN');
    if (!canRegisterAt(official, procedure.ref.agencyCode)) return renderCounterAccount(request, reply, procedure, false, EMPTY_PERSON);
    const b = (request.body ?? {}) as Body;
    const one = (name: string) => String([b[name]].flat()[0] ?? '');
    const values: CounterPersonValues = {
      documentType: one('documentType'),
      documentNumber: one('documentNumber'),
      givenName: one('givenName'),
      familyName: one('familyName'),
      birthDate: { day: one('birthDate-day'), month: one('birthDate-month'), year: one('birthDate-year') },
      email: one('email'),
      phone: one('phone'),
      office: one('office'),
      documentChecked: [b.documentChecked].flat().includes('yes'),
    };
    const pad = (value: string | undefined, size: number) => (value ?? '').trim().padStart(size, '0');
    const { day, month, year } = values.birthDate;
    const birthDate = day?.trim() && month?.trim() && year?.trim() ? `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` : '';
    try {
      const { account, temporaryPassword } = await registerApplicantAtCounter(deps, official, procedure.ref.slug, { ...values, birthDate }, request.id);
      reply.header('cache-control', 'no-store');
      return reply.page({
        title: request.t('cases.counterAccount.created', { name: `${account.givenName} ${account.familyName}` }),
        body: (
          <CounterAccountCreatedView
            slug={procedure.ref.slug}
            name={`${account.givenName} ${account.familyName}`}
            document={`${account.documentType} ${account.documentNumber}`}
            temporaryPassword={temporaryPassword}
          />
        ),
      });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return renderCounterAccount(request, reply, procedure, true, values, error.fields);
    }
  });

  app.post('/gestion/expedientes/:code/asignar', { schema: { params: CodeParams } }, async (request, reply) => {
    if (!signedIn(request, reply)) return reply;
    const official = await officialOf(request);
    const body = (request.body ?? {}) as Body;
    const type = String(body['assignee-type'] ?? '');
    const number = String(body['assignee-number'] ?? '');
    try {
      // Without a colleague's document, the official takes the case.
      if (!type && !number) await assignCase(deps, official, request.params.code, official.accountId, request.id);
      else await assignCaseToColleague(deps, official, request.params.code, type, number, request.id);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return renderOfficialCase(request, reply, request.params.code, error.fields, { reason: '', note: '', assignee: { 'assignee-type': type, 'assignee-number': number } });
    }
    return reply.redirect(`/gestion/expedientes/${request.params.code}`, 303);
  });
}

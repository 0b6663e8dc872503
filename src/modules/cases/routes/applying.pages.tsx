// Pages of the person: applying (one page of the form at a time, check answers, save and resume),
// Mis trámites, correcting, rating, and the public lookup.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError, type FieldError } from '../../../platform/errors.ts';
import {
  applyPrefill,
  availableTransitions,
  fieldsFromAnswers,
  firstIncompletePage,
  readPage,
  validateAnswers,
  visibleComponents,
  visiblePages,
  type AnswerError,
  type Answers,
  type FormFields,
  type FormPage,
  type KnownFacts,
  isPrefilled,
} from '../../../platform/forms/index.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { loadDraft, loadDraftAnswers, saveDraft } from '../services/drafts.service.ts';
import { answerContextFor, answerContext, getOnlineProcedure, territoryOptionsFor, type OnlineProcedure } from '../services/procedures.service.ts';
import { caseFacts, prefilledFacts, type PrefilledFacts } from '../services/prefill.service.ts';
import { ACTING_FOR_COOKIE } from '../../registries/index.ts';
import type { Account } from '../../identity/index.ts';
import { getCaseForPerson, listMyCasesWithStatus, lookupStatus } from '../services/queue.service.ts';
import { findOpenDuplicate, submitApplication } from '../services/submission.service.ts';
import type { Case } from '../case.types.ts';
import { rateCase, resubmitCase } from '../services/transitions.service.ts';
import { storeUploads } from '../services/uploads.service.ts';
import { representedUnits, unitFiledFor } from '../services/units.service.ts';
import { ApplyPageView } from '../views/apply.views.tsx';
import { CheckAnswersView, LookupView, WholeFormView, MyCasesView, PersonCaseView } from '../views/case.views.tsx';
import { correctionRequest } from '../views/case.views.tsx';
import { CORRECTION_COMMENT, CorrectionAnswerFields, CorrectionRequest, correctionDocuments } from '../views/correction.views.tsx';
import { localized } from '../views/form.views.tsx';
import { procedureNameIn } from '../../catalog/index.ts';

import { answerErrorText, CodeParams, componentsOf, fieldErrorText, fieldsOfFiles, itemCounter, posted, readWholeForm, signedIn, summary, withoutEmptyItems, type Body } from './page-helpers.ts';

export function registerApplyingPages(app: TamboApp, deps: Deps): void {
  const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
  const PageParams = Type.Object({ slug: Type.String({ maxLength: 200 }), page: Type.String({ maxLength: 64 }) });

  const applyBase = (p: OnlineProcedure) => `/solicitar/${p.ref.slug}`;
  /** The units the person represents now: their cases are hers to see and act on. */
  const unitsOf = async (account: Account) => (await representedUnits(deps, account)).map((u) => u.key);
  const prefillFor = (request: FastifyRequest, account: Account, procedure: OnlineProcedure) => prefilledFacts(deps, account, procedure, { chosenUnit: request.cookies[ACTING_FOR_COOKIE] });
  /** The fields of the page filled from a registry, not editable, for which the body carried a value anyway. */
  const ignoredFields = (page: FormPage, answers: Answers, facts: KnownFacts, body: FormFields) =>
    visibleComponents(page, answers)
      .filter((c) => typeof c.prefill === 'object' && isPrefilled(c, facts))
      .filter((c) => Object.keys(body).some((name) => (name === c.id || name.startsWith(`${c.id}-`)) && [body[name]].flat().some((v) => (v ?? '').trim() !== '')))
      .map((c) => c.id);

  async function renderApplyPage(
    request: FastifyRequest,
    reply: FastifyReply,
    procedure: OnlineProcedure,
    page: FormPage,
    answers: Answers,
    fields: FormFields,
    errors: AnswerError[],
    prefill: PrefilledFacts,
    options: { status?: number; ignored?: string[] } = {},
  ) {
    const text = answerErrorText(request, errors, componentsOf(procedure.form));
    return reply.page({
      title: `${errors.length > 0 ? `${request.t('cases.errorPrefix')} ` : ''}${localized(page.title, request.language)} · ${procedureNameIn(procedure.ref, request.language)}`,
      status: options.status ?? (errors.length > 0 ? 400 : 200),
      breadcrumbs: [{ href: '/mis-tramites', label: request.t('cases.nav') }],
      body: (
        <ApplyPageView
          procedureName={procedureNameIn(procedure.ref, request.language)}
          page={page}
          action={`${applyBase(procedure)}/${page.id}`}
          fields={fields}
          errors={summary(text)}
          errorText={text}
          facts={prefill.facts}
          notes={prefill.notes}
          ignored={options.ignored}
          answers={answers}
          country={deps.country}
          territories={await territoryOptionsFor(deps, procedure.form)}
          itemCount={itemCounter(fields)}
        />
      ),
    });
  }

  async function renderCheck(request: FastifyRequest, reply: FastifyReply, procedure: OnlineProcedure, answers: Answers, duplicate: Case | undefined, prefill: PrefilledFacts) {
    return reply.page({
      title: `${request.t('cases.check.heading')} · ${procedureNameIn(procedure.ref, request.language)}`,
      breadcrumbs: [{ href: '/mis-tramites', label: request.t('cases.nav') }],
      body: (
        <CheckAnswersView
          procedureName={procedureNameIn(procedure.ref, request.language)}
          form={procedure.form}
          answers={answers}
          action={`${applyBase(procedure)}/revisar`}
          pageHref={(p) => `${applyBase(procedure)}/${p.id}`}
          errors={[]}
          duplicate={duplicate}
          notes={prefill.notes}
        />
      ),
    });
  }

  app.get('/solicitar/:slug', { schema: { params: SlugParams } }, async (request, reply) => {
    const current = signedIn(request, reply);
    if (!current) return reply;
    const procedure = await getOnlineProcedure(deps, request.params.slug);
    const { facts } = await prefillFor(request, current.account, procedure);
    const answers = applyPrefill(procedure.form, await loadDraftAnswers(deps, current.account.id, procedure.ref.versionId), facts);
    const next = firstIncompletePage(procedure.form, answers, await answerContextFor(deps, answers));
    return reply.redirect(`${applyBase(procedure)}/${next ? next.id : 'revisar'}`, 303);
  });

  app.get('/solicitar/:slug/:page', { schema: { params: PageParams } }, async (request, reply) => {
    const current = signedIn(request, reply);
    if (!current) return reply;
    const procedure = await getOnlineProcedure(deps, request.params.slug);
    const prefill = await prefillFor(request, current.account, procedure);
    const facts = prefill.facts;
    const draft = await loadDraft(deps, current.account.id, procedure.ref.versionId);
    const answers = applyPrefill(procedure.form, draft.answers, facts);
    if (request.params.page === 'revisar') {
      const ctx = await answerContextFor(deps, answers);
      const errors = validateAnswers(procedure.form, answers, ctx);
      if (errors.length > 0) return reply.redirect(`${applyBase(procedure)}/${firstIncompletePage(procedure.form, answers, ctx)?.id ?? procedure.form.pages[0]!.id}`, 303);
      return renderCheck(request, reply, procedure, answers, await findOpenDuplicate(deps, current.account, procedure, draft.answers, facts), prefill);
    }
    const page = visiblePages(procedure.form, answers).find((p) => p.id === request.params.page);
    if (!page) throw new AppError('NOT_FOUND');
    const pending = draft.pendingFields[page.id];
    if (!pending) return renderApplyPage(request, reply, procedure, page, answers, fieldsFromAnswers(page, answers), [], prefill);
    // Resuming a page left with problems: what was typed, as it was left. The problems belong to the
    // submission that caused them: the page opens without them, and sending it shows any left.
    return renderApplyPage(request, reply, procedure, page, answers, { ...pending, ...fieldsOfFiles(page, draft.answers) }, [], prefill);
  });

  app.post('/solicitar/:slug/:page', { schema: { params: PageParams } }, async (request, reply) => {
    const current = signedIn(request, reply);
    if (!current) return reply;
    const procedure = await getOnlineProcedure(deps, request.params.slug);
    const prefill = await prefillFor(request, current.account, procedure);
    const facts = prefill.facts;
    const draft = await loadDraftAnswers(deps, current.account.id, procedure.ref.versionId);
    if (request.params.page === 'revisar') {
      // The same answers already sent and still open: sending again needs the warning seen (its form names that case).
      const duplicate = await findOpenDuplicate(deps, current.account, procedure, draft, facts);
      if (duplicate && String([(request.body as Body | undefined)?.duplicado].flat()[0] ?? '') !== duplicate.trackingCode)
        return renderCheck(request, reply, procedure, applyPrefill(procedure.form, draft, facts), duplicate, prefill);
      try {
        // Acting for a unit (chosen at /empresa, still represented): the case is the unit's.
        const unit = await unitFiledFor(deps, current.account, request.cookies[ACTING_FOR_COOKIE]);
        const created = await submitApplication(deps, {
          slug: procedure.ref.slug,
          accountId: current.account.id,
          unitKey: unit?.key,
          answers: draft,
          channel: 'online',
          requestId: request.id,
          errorPrefix: 'form',
        });
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
    const uploaded = await storeUploads(deps, visibleComponents(page, answers), sent.uploads, sent.rejected);
    const reading = readPage(procedure.form, page, body, draft, { ...(await answerContextFor(deps, body)), facts, files: uploaded.files });
    const merged = { ...draft, ...reading.answers };
    const errors = [...uploaded.errors, ...reading.errors.filter((e) => !uploaded.errors.some((u) => u.path === e.path))];
    // Whatever was typed is kept, even with errors: the readable answers, and the page as typed until it is accepted.
    await saveDraft(deps, current.account.id, procedure, merged, { id: page.id, pending: errors.length > 0 ? body : null });
    if (errors.length > 0)
      return renderApplyPage(request, reply, procedure, page, answers, { ...body, ...fieldsOfFiles(page, merged) }, errors, prefill, { ignored: ignoredFields(page, answers, facts, body) });
    // A value sent for a field that comes from a registry and is not editable is ignored, and the page says so.
    const ignored = ignoredFields(page, answers, facts, body);
    if (ignored.length > 0) return renderApplyPage(request, reply, procedure, page, answers, fieldsFromAnswers(page, applyPrefill(procedure.form, merged, facts)), [], prefill, { ignored });
    const withFacts = applyPrefill(procedure.form, merged, facts);
    const next = firstIncompletePage(procedure.form, withFacts, await answerContextFor(deps, withFacts));
    return reply.redirect(`${applyBase(procedure)}/${next ? next.id : 'revisar'}`, 303);
  });

  app.get('/mis-tramites', async (request, reply) => {
    const current = signedIn(request, reply);
    if (!current) return reply;
    const units = await representedUnits(deps, current.account);
    const rows = await listMyCasesWithStatus(
      deps,
      current.account.id,
      units.map((u) => u.key),
    );
    const labels = Object.fromEntries(rows.map((row) => [row.case.trackingCode, localized(row.stateLabel, request.language)]));
    const unitNames = Object.fromEntries(units.map((u) => [u.key, u.name]));
    return reply.page({ title: request.t('cases.mine.heading'), body: <MyCasesView cases={rows.map((row) => row.case)} labels={labels} unitNames={unitNames} /> });
  });

  async function renderPersonCase(request: FastifyRequest, reply: FastifyReply, code: string, survey = { score: '', comment: '' }, surveyErrors: FieldError[] = []) {
    const current = requireSignedIn(request);
    const units = await representedUnits(deps, current.account);
    const found = await getCaseForPerson(
      deps,
      current.account.id,
      code,
      units.map((u) => u.key),
    );
    const unitName = units.find((u) => u.key === found.case.unitKey)?.name;
    const view = { ...found, case: { ...found.case, procedureName: procedureNameIn(found.procedure.ref, request.language) } };
    const text = fieldErrorText(request, surveyErrors);
    const canCorrect = availableTransitions(view.procedure.workflow, view.case.state, 'applicant').some((t) => t.applicantEdits);
    const query = request.query as { enviado?: string; corregido?: string };
    // The title says what just happened (sent, corrected), then which case it is.
    const happened = query.enviado === '1' ? 'cases.person.submittedTitle' : query.corregido === '1' ? 'cases.correct.sentTitle' : null;
    return reply.page({
      title: `${surveyErrors.length > 0 ? `${request.t('cases.errorPrefix')} ` : ''}${happened ? `${request.t(happened)} · ` : ''}${view.case.procedureName} (${view.case.trackingCode})`,
      status: surveyErrors.length > 0 ? 400 : 200,
      breadcrumbs: [{ href: '/mis-tramites', label: request.t('cases.nav') }],
      body: (
        <PersonCaseView
          c={view.case}
          unitName={unitName}
          events={view.events}
          form={view.procedure.form}
          workflow={view.procedure.workflow}
          canCorrect={canCorrect}
          justSubmitted={query.enviado === '1'}
          justCorrected={query.corregido === '1'}
          surveyErrors={summary(text)}
          surveyText={text}
          survey={survey}
        />
      ),
    });
  }

  app.get(
    '/mis-tramites/:code',
    { schema: { params: CodeParams, querystring: Type.Object({ enviado: Type.Optional(Type.String({ maxLength: 2 })), corregido: Type.Optional(Type.String({ maxLength: 2 })) }) } },
    async (request, reply) => {
      if (!signedIn(request, reply)) return reply;
      return renderPersonCase(request, reply, request.params.code);
    },
  );

  app.post('/mis-tramites/:code/valoracion', { schema: { params: CodeParams } }, async (request, reply) => {
    const current = signedIn(request, reply);
    if (!current) return reply;
    const body = (request.body ?? {}) as Body;
    const score = String(body.score ?? '');
    const comment = String(body.comment ?? '');
    try {
      await rateCase(deps, current.account.id, request.params.code, /^[1-5]$/.test(score) ? Number(score) : 0, comment, request.id, await unitsOf(current.account));
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return renderPersonCase(request, reply, request.params.code, { score, comment }, error.fields);
    }
    return reply.redirect(`/mis-tramites/${request.params.code}`, 303);
  });

  const documentsOf = (request: FastifyRequest) => correctionDocuments((n) => request.t('cases.correct.document', { n }));

  async function renderCorrect(request: FastifyRequest, reply: FastifyReply, code: string, fields?: FormFields, errors: FieldError[] = []) {
    const current = requireSignedIn(request);
    const view = await getCaseForPerson(deps, current.account.id, code, await unitsOf(current.account));
    const form = view.procedure.form;
    const answers = view.case.answers;
    const shown = fields ?? Object.assign({}, ...form.pages.map((p) => fieldsFromAnswers(p, answers)));
    const documents = documentsOf(request);
    const text = fieldErrorText(request, errors, componentsOf(form, documents));
    return reply.page({
      title: `${errors.length > 0 ? `${request.t('cases.errorPrefix')} ` : ''}${request.t('cases.correct.title', { procedure: view.case.procedureName, code })}`,
      status: errors.length > 0 ? 400 : 200,
      breadcrumbs: [
        { href: '/mis-tramites', label: request.t('cases.nav') },
        { href: `/mis-tramites/${code}`, label: view.case.procedureName },
      ],
      body: (
        <WholeFormView
          caption={`${view.case.procedureName} · ${view.case.trackingCode}`}
          heading={request.t('cases.correct.heading')}
          action={`/mis-tramites/${code}/corregir`}
          submitLabel={request.t('cases.correct.submit')}
          form={form}
          answers={answers}
          fields={shown}
          errors={summary(text)}
          errorText={text}
          facts={(await caseFacts(deps.db, current.account, form, view.case.id)).facts}
          country={deps.country}
          territories={await territoryOptionsFor(deps, form)}
          itemCount={itemCounter(shown)}
          intro={<CorrectionRequest text={correctionRequest(view.events, view.case.state)} />}
          footer={{
            components: documents,
            content: <CorrectionAnswerFields comment={String([shown[CORRECTION_COMMENT]].flat()[0] ?? '')} documents={documents} errorText={text} country={deps.country} />,
          }}
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
    const unitKeys = await unitsOf(current.account);
    const view = await getCaseForPerson(deps, current.account.id, request.params.code, unitKeys);
    const { facts } = await caseFacts(deps.db, current.account, view.procedure.form, view.case.id);
    const sent = posted(request);
    const { body, answers, unreadable } = await readWholeForm(deps, view.procedure.form, sent, view.case.answers, facts, answerContext(deps));
    // The documents of the answer: each checked by content against its field, stored, in the order of the fields.
    const documents = await storeUploads(deps, documentsOf(request), sent.uploads, sent.rejected);
    const comment = String([sent.fields[CORRECTION_COMMENT]].flat()[0] ?? '');
    try {
      const problems = [...unreadable, ...documents.errors];
      if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { fields: problems.map((e) => ({ field: e.field, messageKey: `cases.answerError.${e.code}`, params: e.params ?? {} })) });
      await resubmitCase(deps, current.account.id, request.params.code, answers, {
        requestId: request.id,
        errorPrefix: 'form',
        comment,
        commentField: CORRECTION_COMMENT,
        attachments: Object.values(documents.files),
        unitKeys,
      });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return renderCorrect(request, reply, request.params.code, { ...body, [CORRECTION_COMMENT]: comment }, error.fields);
    }
    return reply.redirect(`/mis-tramites/${request.params.code}?corregido=1`, 303);
  });

  app.get('/seguimiento', { schema: { querystring: Type.Object({ codigo: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (request, reply) => {
    const code = (request.query.codigo ?? '').trim().toUpperCase();
    let found: { trackingCode: string; procedureName: string; state: string } | undefined;
    let error: string | undefined;
    if (code) {
      try {
        const status = await lookupStatus(deps, code);
        found = { trackingCode: status.trackingCode, procedureName: status.procedureName, state: localized(status.stateLabel, request.language) };
      } catch (e) {
        if (!isAppError(e) || e.code !== 'CASES_NOT_FOUND') throw e;
        error = request.t('cases.lookup.notFound');
      }
    }
    return reply.page({ title: request.t('cases.lookup.heading'), status: error ? 404 : 200, body: <LookupView code={code} error={error} found={found} /> });
  });
}

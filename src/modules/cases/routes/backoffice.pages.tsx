// The officials' back office: the queue, a case (transitions, notes, assignment), and filing at the
// counter for a person who came in person (with an account created on the spot when needed).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError, type FieldError } from '../../../platform/errors.ts';
import { availableTransitions, type Answers, type FormFields } from '../../../platform/forms/index.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { answerContext, findCounterProcedures, getOnlineProcedure, territoryOptionsFor, type OnlineProcedure } from '../services/procedures.service.ts';
import { daysLeft, getCaseForOfficial, getOfficial, listQueueProcedures, listQueueWithClock } from '../services/queue.service.ts';
import { ALWAYS_KNOWN, fileAssistedApplication, canRegisterAt, registerApplicantAtCounter } from '../services/submission.service.ts';
import { addInternalNote, assignableColleagues, assignCase, performOfficialTransition } from '../services/transitions.service.ts';
import { officialAgencies, rolesIn } from '../case.policy.ts';
import { QUEUE_FILTERS, type QueueFilter } from '../case.types.ts';
import { CounterAccountCreatedView, CounterAccountView, PersonDocumentFields, type CounterPersonValues, WholeFormView, OfficialCaseView, reasonField } from '../views/case.views.tsx';
import { QueueView } from '../views/queue.views.tsx';
import { CounterSearchView } from '../views/counter.views.tsx';
import { localized } from '../views/form.views.tsx';

import { CodeParams, componentsOf, fieldErrorText, itemCounter, posted, readWholeForm, signedIn, summary, type Body } from './page-helpers.ts';

export function registerBackOfficePages(app: TamboApp, deps: Deps): void {
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
          desde: Type.Optional(Type.String({ maxLength: 400, description: 'Where the previous page stopped (its "more" link)' })),
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
      const page = await listQueueWithClock(deps, official, filter, procedureId, { cursor: request.query.desde, cursorField: 'desde' });
      const left = new Map(page.items.map((row) => [row.case.id, row.daysLeft]));
      const labels = new Map(page.items.map((row) => [row.case.id, localized(row.stateLabel, request.language)]));
      return reply.page({
        title: request.t('cases.queue.heading'),
        body: (
          <QueueView
            cases={page.items.map((row) => row.case)}
            filter={filter}
            procedures={procedures}
            procedureId={procedureId}
            daysLeft={(c) => left.get(c.id) ?? null}
            next={page.next}
            isFirstPage={request.query.desde === undefined}
            stateLabel={(c) => labels.get(c.id) ?? c.state}
          />
        ),
      });
    },
  );

  async function renderOfficialCase(
    request: FastifyRequest,
    reply: FastifyReply,
    code: string,
    errors: FieldError[] = [],
    values: { reason?: string; reasonFor?: string; note?: string; assignee?: string } = {},
  ) {
    const official = await officialOf(request);
    const view = await getCaseForOfficial(deps, official, code);
    const roles = rolesIn(official, view.case.agencyCode);
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
          daysLeft={await daysLeft(deps, view.case, view.procedure.workflow)}
          errors={summary(text)}
          errorText={text}
          reason={values.reason ?? ''}
          reasonFor={values.reasonFor ?? ''}
          note={values.note ?? ''}
          colleagues={await assignableColleagues(deps, view.case.agencyCode)}
          assignee={values.assignee ?? ''}
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
    const transition = String(body.transition ?? '');
    // Each action's form has its own reason field; an error goes back to that field only.
    const field = reasonField(transition);
    const reason = String(body[field] ?? '');
    try {
      await performOfficialTransition(deps, official, { code: request.params.code, transition, reason, requestId: request.id });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      const fields = error.fields.map((f) => (f.field === 'reason' ? { ...f, field } : f));
      return renderOfficialCase(request, reply, request.params.code, fields, { reason, reasonFor: transition });
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
      return renderOfficialCase(request, reply, request.params.code, error.fields, { note });
    }
    return reply.redirect(`/gestion/expedientes/${request.params.code}`, 303);
  });

  // An application filed by an official for a person who came in person (assisted channel).
  async function renderAssisted(request: FastifyRequest, reply: FastifyReply, procedure: OnlineProcedure, fields: FormFields, answers: Answers, errors: FieldError[] = []) {
    const text = fieldErrorText(request, errors, componentsOf(procedure.form));
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
    const typed = request.query.tramite.trim();
    const procedure = await getOnlineProcedure(deps, typed).catch((error: unknown) => {
      if (isAppError(error) && error.code === 'CASES_PROCEDURE_NOT_ONLINE') return undefined;
      throw error;
    });
    if (procedure) {
      if (!officialAgencies(official).includes(procedure.ref.agencyCode)) throw new AppError('FORBIDDEN');
      return renderAssisted(request, reply, procedure, {}, {});
    }
    // Not a procedure's address: what was typed is part of a name, searched in the catalog.
    const found = await findCounterProcedures(deps, officialAgencies(official), typed);
    if (found.length === 1) return reply.redirect(`/gestion/solicitar?tramite=${encodeURIComponent(found[0]!.slug)}`, 303);
    const error = found.length === 0 ? request.t(typed ? 'cases.assisted.notFound' : 'cases.assisted.procedureRequired') : undefined;
    return reply.page({
      title: `${error ? `${request.t('cases.errorPrefix')} ` : ''}${request.t('cases.assisted.searchTitle', { typed })}`,
      status: error ? 400 : 200,
      breadcrumbs: [{ href: '/gestion/expedientes', label: request.t('cases.queue.heading') }],
      body: <CounterSearchView typed={typed} found={found} error={error} />,
    });
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
    const assignee = String([body.assignee].flat()[0] ?? '').trim();
    try {
      // Without a colleague chosen from the list, the official takes the case.
      await assignCase(deps, official, request.params.code, assignee || official.accountId, request.id);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return renderOfficialCase(request, reply, request.params.code, error.fields, { assignee });
    }
    return reply.redirect(`/gestion/expedientes/${request.params.code}`, 303);
  });
}

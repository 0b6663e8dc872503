import type { CountryProfile } from '../../../platform/country/index.ts';
import type { AnswerValue, Answers, FormComponent, FormDefinition, FormFields, FormPage, KnownFacts, WorkflowDefinition, WorkflowTransition } from '../../../platform/forms/index.ts';
import { isPrefilled, visibleComponents, visiblePages } from '../../../platform/forms/index.ts';
import type { PrefillNotes } from '../services/prefill.service.ts';
import type { ComponentChildren } from 'preact';
import {
  Button,
  Checkboxes,
  DateField,
  ErrorSummary,
  Form,
  InsetText,
  Notice,
  Panel,
  Radios,
  Select,
  SummaryList,
  Table,
  Tag,
  TextArea,
  TextField,
  type DateParts,
  type ErrorSummaryItem,
} from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { LinkedText } from '../../../platform/views/linked-text.tsx';
import { Timeline } from './case-timeline.views.tsx';
import type { AssistedRegistrationInput } from '../../identity/index.ts';
import type { Case, CaseEvent } from '../case.types.ts';
import { FormFieldsView, PostForm, localized, type TerritoryChoices } from './form.views.tsx';

export function formatAnswer(component: FormComponent, value: AnswerValue | undefined, language: string, yes: string, no: string): string {
  if (value === undefined || value === '') return '—';
  if (component.type === 'yesNo') return value ? yes : no;
  if ('options' in component) {
    const label = (v: string) => {
      const option = component.options.find((o) => o.value === v);
      return option ? localized(option.label, language) : v;
    };
    return Array.isArray(value) ? (value as string[]).map(label).join(', ') || '—' : label(String(value));
  }
  if (component.type === 'group') {
    return (value as Array<Record<string, AnswerValue>>).map((item) => component.components.map((m) => formatAnswer(m, item[m.id], language, yes, no)).join(' · ')).join(' / ') || '—';
  }
  if (typeof value === 'object') {
    const v = value as unknown as Record<string, unknown>;
    if ('number' in v) return `${String(v.type)} ${String(v.number)}`;
    if ('line1' in v) return [v.line1, v.line2, v.territory].filter(Boolean).join(', ');
    if ('sha256' in v) return String(v.name);
  }
  return String(value);
}

export function AnswersList(props: { form: FormDefinition; answers: Answers; changeHref?: (page: FormPage) => string; notes?: PrefillNotes }) {
  const { t, language } = useView();
  const supplied = (component: FormComponent) => (props.notes?.[component.id]?.outcome === 'supplied' ? props.notes[component.id]!.source : undefined);
  const locked = (component: FormComponent) => component.prefill !== undefined && (typeof component.prefill === 'string' || (!component.prefill.editable && supplied(component) !== undefined));
  const rows = visiblePages(props.form, props.answers).flatMap((page) =>
    visibleComponents(page, props.answers).map((component) => {
      const value = formatAnswer(component, props.answers[component.id], language, t('cases.form.yes'), t('cases.form.no'));
      const source = supplied(component);
      return {
        key: localized(component.label, language),
        value: source ? `${value} · ${t('cases.apply.fromSource', { source })}` : value,
        change: props.changeHref && !locked(component) ? { href: props.changeHref(page), label: localized(component.label, language) } : undefined,
      };
    }),
  );
  return <SummaryList rows={rows} />;
}

export function CheckAnswersView(props: {
  procedureName: string;
  form: FormDefinition;
  answers: Answers;
  action: string;
  pageHref: (page: FormPage) => string;
  errors: ErrorSummaryItem[];
  /** The person's open application with the same answers: sending again needs this page's form (which names it). */
  duplicate?: Case;
  notes?: PrefillNotes;
}) {
  const { t, format } = useView();
  const dup = props.duplicate;
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <span class="caption">{props.procedureName}</span>
      <h1>{t('cases.check.heading')}</h1>
      {dup ? (
        <Notice>
          {t('cases.check.duplicate', { date: format.dateTime(dup.submittedAt), code: dup.trackingCode })}{' '}
          <a href={`/mis-tramites/${dup.trackingCode}`}>{t('cases.check.duplicateLink', { code: dup.trackingCode })}</a>
        </Notice>
      ) : null}
      <AnswersList form={props.form} answers={props.answers} changeHref={props.pageHref} notes={props.notes} />
      <h2>{t('cases.check.declarationTitle')}</h2>
      <p>{t('cases.check.declaration')}</p>
      <Form action={props.action}>
        {dup ? <input type="hidden" name="duplicado" value={dup.trackingCode} /> : null}
        <Button preventDoubleClick>{t(dup ? 'cases.check.submitAgain' : 'cases.check.submit')}</Button>
      </Form>
    </>
  );
}

/** What the institution asks to correct: the text of the step that brought the case to its current state. */
export function correctionRequest(events: CaseEvent[], state: string): string | null {
  const latest = events.filter((e) => e.kind === 'transition').at(-1);
  return latest?.toState === state ? latest.text : null;
}

export function stateTone(c: Case): 'success' | 'danger' | 'warning' | 'info' {
  if (c.outcome === 'approved') return 'success';
  if (c.outcome === 'rejected') return 'danger';
  return c.pausedOn ? 'warning' : 'info';
}

function StateTag(props: { c: Case; workflow?: WorkflowDefinition }) {
  const { language } = useView();
  const state = props.workflow?.states.find((s) => s.id === props.c.state);
  return <Tag tone={stateTone(props.c)}>{state ? localized(state.label, language) : props.c.state}</Tag>;
}

export function MyCasesView(props: { cases: Case[]; labels: Record<string, string>; unitNames?: Record<string, string> }) {
  const { t, format } = useView();
  return (
    <>
      <h1>{t('cases.mine.heading')}</h1>
      {props.cases.length === 0 ? (
        <p>{t('cases.mine.empty')}</p>
      ) : (
        <Table
          caption={t('cases.mine.heading')}
          captionHidden
          columns={[{ label: t('cases.field.code') }, { label: t('cases.field.procedure') }, { label: t('cases.field.submitted') }, { label: t('cases.field.status') }]}
          rows={props.cases.map((c) => [
            <a href={`/mis-tramites/${c.trackingCode}`}>{c.trackingCode}</a>,
            c.unitKey ? (
              <>
                {c.procedureName}
                <br />
                <span class="hint">{t('cases.mine.forUnit', { unit: props.unitNames?.[c.unitKey] ?? c.unitKey, key: c.unitKey })}</span>
              </>
            ) : (
              c.procedureName
            ),
            <time dateTime={c.submittedAt.toISOString()}>{format.shortDate(c.submittedAt)}</time>,
            <Tag tone={stateTone(c)}>{props.labels[c.trackingCode] ?? c.state}</Tag>,
          ])}
        />
      )}
    </>
  );
}

export function PersonCaseView(props: {
  c: Case;
  /** The name of the economic unit the case belongs to (empresa digital), when it is one's. */
  unitName?: string | undefined;
  events: CaseEvent[];
  form: FormDefinition;
  workflow: WorkflowDefinition;
  canCorrect: boolean;
  justSubmitted: boolean;
  justCorrected?: boolean;
  surveyErrors: ErrorSummaryItem[];
  surveyText: Record<string, string>;
  survey: { score: string; comment: string };
}) {
  const { t } = useView();
  const { c } = props;
  // Each reason belongs to one step: the decision's to the outcome, the correction request's to
  // the correction still asked (never an earlier request once the case moved on).
  const transitions = props.events.filter((e) => e.kind === 'transition').reverse();
  const decided = new Set(props.workflow.states.filter((s) => s.outcome).map((s) => s.id));
  const decisionReason = transitions.find((e) => e.toState !== null && decided.has(e.toState))?.text ?? '';
  const correctionReason = correctionRequest(props.events, c.state);
  return (
    <>
      <ErrorSummary errors={props.surveyErrors} />
      {props.justSubmitted ? (
        <Panel title={t('cases.person.submittedTitle')} tone="success">
          <p>{t('cases.person.submittedCode')}</p>
          <p class="tracking-code">
            <strong>{c.trackingCode}</strong>
          </p>
        </Panel>
      ) : null}
      {props.justCorrected ? (
        <Panel title={t('cases.correct.sentTitle')} tone="success">
          <p>{t('cases.correct.sentText')}</p>
        </Panel>
      ) : null}
      <span class="caption">{c.trackingCode}</span>
      <h1>{c.procedureName}</h1>
      {c.unitKey ? <p>{t('cases.person.forUnit', { unit: props.unitName ?? c.unitKey, key: c.unitKey })}</p> : null}
      <p>
        {t('cases.field.status')}: <StateTag c={c} workflow={props.workflow} />
      </p>
      {c.outcome ? <InsetText>{t(c.outcome === 'approved' ? 'cases.person.approved' : 'cases.person.rejected', { reason: decisionReason })}</InsetText> : null}
      {props.canCorrect ? (
        <Panel title={t('cases.person.correctionTitle')} tone="warning">
          {correctionReason ? (
            <p>
              <LinkedText text={correctionReason} />
            </p>
          ) : null}
          <Button href={`/mis-tramites/${c.trackingCode}/corregir`}>{t('cases.person.correct')}</Button>
        </Panel>
      ) : null}
      {c.outcome && c.satisfaction === null ? (
        <>
          <h2>{t('cases.survey.heading')}</h2>
          <Form action={`/mis-tramites/${c.trackingCode}/valoracion`}>
            <Radios
              name="score"
              label={t('cases.survey.score')}
              inline
              options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))}
              value={props.survey.score}
              error={props.surveyText.score}
            />
            <TextArea name="comment" label={t('cases.survey.comment')} optional value={props.survey.comment} error={props.surveyText.comment} />
            <Button>{t('cases.survey.submit')}</Button>
          </Form>
        </>
      ) : null}
      {c.satisfaction !== null ? <p>{t('cases.survey.thanks', { score: c.satisfaction })}</p> : null}
      <h2>{t('cases.person.timeline')}</h2>
      <Timeline events={props.events} workflow={props.workflow} documentsHref={`/mis-tramites/${c.trackingCode}`} />
      <h2>{t('cases.person.answers')}</h2>
      <AnswersList form={props.form} answers={c.answers} />
    </>
  );
}

/** Every page of the form at once: the correction of a case, or an application filed at the counter. */
export function WholeFormView(props: {
  caption: string;
  heading: string;
  action: string;
  submitLabel: string;
  form: FormDefinition;
  answers: Answers;
  fields: FormFields;
  errors: ErrorSummaryItem[];
  errorText: Record<string, string>;
  facts: KnownFacts;
  country: CountryProfile;
  territories: TerritoryChoices;
  itemCount: (group: FormComponent) => number;
  children?: ComponentChildren;
  /** Shown under the heading, before the form (what the institution asks). */
  intro?: ComponentChildren;
  /** Fields after the form's pages (the person's comment and documents), with their components. */
  footer?: { components: FormComponent[]; content: ComponentChildren };
}) {
  const { language } = useView();
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <span class="caption">{props.caption}</span>
      <h1>{props.heading}</h1>
      {props.intro}
      <PostForm action={props.action} components={[...props.form.pages.flatMap((page) => page.components), ...(props.footer?.components ?? [])]}>
        {props.children}
        {visiblePages(props.form, props.answers).map((page) => (
          <section key={page.id}>
            <h2>{localized(page.title, language)}</h2>
            <FormFieldsView
              components={visibleComponents(page, props.answers).filter((c) => !isPrefilled(c, props.facts))}
              fields={props.fields}
              errors={props.errorText}
              country={props.country}
              territories={props.territories}
              itemCount={props.itemCount}
            />
          </section>
        ))}
        {props.footer?.content}
        <Button preventDoubleClick>{props.submitLabel}</Button>
      </PostForm>
    </>
  );
}

/** A person named by identity document: who an application at the counter is for, or the colleague a case is assigned to. */
export function PersonDocumentFields(props: { prefix: string; legend: string; hint: string; country: CountryProfile; fields: FormFields; errorText: Record<string, string> }) {
  const { t, language } = useView();
  const one = (name: string) => String([props.fields[name]].flat()[0] ?? '');
  const type = `${props.prefix}-type`;
  const number = `${props.prefix}-number`;
  return (
    <fieldset class="fieldset">
      <legend class="fieldset__legend fieldset__legend--m">{props.legend}</legend>
      <p class="hint">{props.hint}</p>
      <Select
        name={type}
        label={t('cases.form.documentType')}
        options={props.country.identityDocuments.map((d) => ({ value: d.code, label: localized(d.name, language) }))}
        value={one(type)}
        placeholder={t('cases.form.choose')}
        error={props.errorText[type]}
      />
      <TextField name={number} label={t('cases.form.documentNumber')} value={one(number)} width="20" error={props.errorText[number]} />
    </fieldset>
  );
}

/** What the official typed to create a person's account at the counter (kept on errors). */
export type CounterPersonValues = Omit<AssistedRegistrationInput, 'birthDate' | 'agencyCode' | 'notes'> & { birthDate: DateParts };

/** Creating, at the counter, the account of a person who has none (only for the agency's registrars). */
export function CounterAccountView(props: {
  country: CountryProfile;
  procedureName: string;
  slug: string;
  canRegister: boolean;
  values: CounterPersonValues;
  errors: ErrorSummaryItem[];
  errorText: Record<string, string>;
}) {
  const { t, language } = useView();
  const back = `/gestion/solicitar?tramite=${encodeURIComponent(props.slug)}`;
  const v = props.values;
  const e = props.errorText;
  if (!props.canRegister) {
    return (
      <>
        <span class="caption">{props.procedureName}</span>
        <h1>{t('cases.counterAccount.heading')}</h1>
        <Notice>{t('cases.counterAccount.askRegistrar')}</Notice>
        <Button href={back} variant="secondary">
          {t('cases.counterAccount.back')}
        </Button>
      </>
    );
  }
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <span class="caption">{props.procedureName}</span>
      <h1>{t('cases.counterAccount.heading')}</h1>
      <p>{t('cases.counterAccount.intro')}</p>
      <Form action={`/gestion/solicitar/cuenta?tramite=${encodeURIComponent(props.slug)}`}>
        <Select
          name="documentType"
          label={t('cases.form.documentType')}
          options={props.country.identityDocuments.map((d) => ({ value: d.code, label: localized(d.name, language) }))}
          value={v.documentType}
          placeholder={t('cases.form.choose')}
          error={e.documentType}
        />
        <TextField name="documentNumber" label={t('cases.form.documentNumber')} value={v.documentNumber} width="20" spellcheck={false} autocomplete="off" error={e.documentNumber} />
        <TextField name="givenName" label={t('cases.counterAccount.givenName')} value={v.givenName} error={e.givenName} />
        <TextField name="familyName" label={t('cases.counterAccount.familyName')} value={v.familyName} error={e.familyName} />
        <DateField name="birthDate" label={t('cases.counterAccount.birthDate')} value={v.birthDate} error={e.birthDate} />
        <TextField name="email" type="email" label={t('cases.counterAccount.email')} value={v.email} optional spellcheck={false} error={e.email} />
        <TextField name="phone" type="tel" label={t('cases.counterAccount.phone')} value={v.phone} optional width="20" error={e.phone} />
        <TextField name="office" label={t('cases.counterAccount.office')} value={v.office} error={e.office} />
        <Checkboxes
          name="documentChecked"
          label={t('cases.counterAccount.documentChecked')}
          options={[{ value: 'yes', label: t('cases.counterAccount.documentCheckedOption') }]}
          values={v.documentChecked ? ['yes'] : []}
          error={e.documentChecked}
        />
        <Button preventDoubleClick>{t('cases.counterAccount.submit')}</Button>
      </Form>
      <p>
        <a href={back}>{t('cases.counterAccount.back')}</a>
      </p>
    </>
  );
}

/** The account was created: its temporary password, shown this once, and the way back to the application. */
export function CounterAccountCreatedView(props: { slug: string; name: string; document: string; temporaryPassword: string }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('cases.counterAccount.created', { name: props.name })}</h1>
      <Notice>{t('cases.counterAccount.temporaryOnce')}</Notice>
      <SummaryList rows={[{ key: t('cases.counterAccount.document'), value: props.document }]} />
      <div class="field">
        <label class="label" for="campo-temporaryPassword">
          {t('cases.counterAccount.temporaryPassword')}
        </label>
        <input class="input" id="campo-temporaryPassword" type="text" readOnly value={props.temporaryPassword} autocomplete="off" spellcheck={false} />
      </div>
      <Button href={`/gestion/solicitar?tramite=${encodeURIComponent(props.slug)}`}>{t('cases.counterAccount.continue')}</Button>
    </>
  );
}

export function LookupView(props: { code: string; error?: string; found?: { trackingCode: string; procedureName: string; state: string } }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={props.error ? [{ fieldId: 'campo-codigo', message: props.error }] : []} />
      <h1>{t('cases.lookup.heading')}</h1>
      <Form action="/seguimiento" method="get">
        <TextField name="codigo" label={t('cases.lookup.code')} hint={t('cases.lookup.hint')} value={props.code} width="20" spellcheck={false} error={props.error} />
        <Button>{t('cases.lookup.submit')}</Button>
      </Form>
      {props.found ? (
        <Panel title={props.found.trackingCode}>
          <p>{props.found.procedureName}</p>
          <p>
            {t('cases.field.status')}: <strong>{props.found.state}</strong>
          </p>
        </Panel>
      ) : null}
    </>
  );
}

/** The name of an action's own reason field on the official's case page. */
export const reasonField = (transitionId: string) => `reason-${transitionId}`;

export function OfficialCaseView(props: {
  c: Case;
  events: CaseEvent[];
  form: FormDefinition;
  workflow: WorkflowDefinition;
  actions: WorkflowTransition[];
  daysLeft: number | null;
  errors: ErrorSummaryItem[];
  errorText: Record<string, string>;
  reason: string;
  /** The action whose reason field `reason` fills (the one just sent). */
  reasonFor: string;
  note: string;
  /** The officials of the case's agency who may handle it, by name. */
  colleagues: Array<{ id: string; name: string }>;
  assignee: string;
}) {
  const { t, language, format } = useView();
  const { c } = props;
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <span class="caption">{c.trackingCode}</span>
      <h1>{c.procedureName}</h1>
      {c.unitKey ? <p>{t('cases.official.forUnit', { key: c.unitKey })}</p> : null}
      <p>
        {t('cases.field.status')}: <StateTag c={c} workflow={props.workflow} /> {c.channel === 'assisted' ? <Tag tone="neutral">{t('cases.official.assisted')}</Tag> : null}
      </p>
      <p>
        {props.daysLeft === null
          ? t('cases.official.clockStopped')
          : props.daysLeft < 0
            ? t('cases.queue.overdue', { days: -props.daysLeft })
            : t('cases.official.daysLeft', { days: props.daysLeft, due: c.dueDate ? format.date(c.dueDate) : '' })}
      </p>
      {c.assigneeId === null ? (
        <Form action={`/gestion/expedientes/${c.trackingCode}/asignar`}>
          <Button variant="secondary">{t('cases.official.takeMine')}</Button>
        </Form>
      ) : null}
      {props.actions.length > 0 ? (
        <>
          <h2>{t('cases.official.actions')}</h2>
          {/* One form per action, each with its own reason field: an error shows on that field only. */}
          {props.actions.map((a) => {
            const field = reasonField(a.id);
            const label = localized(a.label, language);
            return (
              <Form key={a.id} action={`/gestion/expedientes/${c.trackingCode}/accion`}>
                <input type="hidden" name="transition" value={a.id} />
                {a.reason === 'required' || a.reason === 'optional' ? (
                  <TextArea
                    name={field}
                    label={t('cases.official.reasonFor', { action: label })}
                    hint={t(a.reason === 'required' ? 'cases.official.reasonHint' : 'cases.official.reasonOptionalHint')}
                    optional={a.reason === 'optional'}
                    value={props.reasonFor === a.id ? props.reason : ''}
                    error={props.errorText[field]}
                  />
                ) : null}
                <Button variant={a.to === 'rejected' ? 'warning' : a.to === 'approved' ? 'primary' : 'secondary'}>{label}</Button>
              </Form>
            );
          })}
        </>
      ) : null}
      <h2>{t('cases.person.answers')}</h2>
      <AnswersList form={props.form} answers={c.answers} />
      <h2>{t('cases.person.timeline')}</h2>
      <Timeline events={props.events} workflow={props.workflow} documentsHref={`/gestion/expedientes/${c.trackingCode}`} />
      <h2>{t('cases.official.noteTitle')}</h2>
      <Form action={`/gestion/expedientes/${c.trackingCode}/nota`}>
        <TextArea name="note" label={t('cases.official.note')} value={props.note} error={props.errorText.note} />
        <Button variant="secondary">{t('cases.official.addNote')}</Button>
      </Form>
      <h2>{t('cases.official.assignTitle')}</h2>
      <Form action={`/gestion/expedientes/${c.trackingCode}/asignar`}>
        <Select
          name="assignee"
          label={t('cases.official.assignLegend')}
          hint={t('cases.official.assignHint')}
          placeholder={t('cases.official.assignPlaceholder')}
          value={props.assignee}
          options={props.colleagues.map((p) => ({ value: p.id, label: p.name }))}
          error={props.errorText.assignee}
        />
        <Button variant="secondary">{t('cases.official.assign')}</Button>
      </Form>
    </>
  );
}

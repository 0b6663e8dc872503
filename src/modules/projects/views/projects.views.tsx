// Public project pages: the list with filters, and a project with milestones, ledger and observations.
import { Button, DateField, ErrorSummary, Form, fieldId, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { type ProjectedMap, TerritoryMap } from '../../territories/index.ts';
import { useView } from '../../../platform/views/context.ts';
import { PROJECT_STATUSES, type Milestone, type Observation, type Project, type TotalLine, type Transfer } from '../projects.types.ts';
import { fileUrl } from '../projects.schemas.ts';
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import type { ComponentChildren } from 'preact';

export function useMoney(): (minor: number, currency: string) => string {
  const { format } = useView();
  return (minor, currency) => format.number(minor / 100, { style: 'currency', currency, currencyDisplay: 'code' });
}

export function ProjectListPage(props: { projects: Project[]; total: number; territory: string; territories: Array<{ code: string; name: string }>; map: ProjectedMap | undefined }) {
  const { t } = useView();
  const money = useMoney();
  return (
    <>
      <h1>{t('projects.list.heading')}</h1>
      <p>{t('projects.list.lead')}</p>
      <Form method="get" action="/proyectos">
        <Select
          name="territorio"
          label={t('projects.list.territory')}
          optional
          value={props.territory}
          placeholder={t('projects.list.allTerritories')}
          options={props.territories.map((o) => ({ value: o.code, label: o.name }))}
        />
        <Button type="submit" variant="secondary">
          {t('projects.list.filter')}
        </Button>
      </Form>
      <p>{t('projects.list.count', { count: props.total })}</p>
      {props.map ? <TerritoryMap map={props.map} id="mapa-proyectos" title={t('projects.map.title')} description={t('projects.map.description')} /> : null}
      {props.projects.length > 0 ? (
        <Table
          caption={t('projects.list.caption')}
          columns={[
            { label: t('projects.field.title') },
            { label: t('projects.field.territory') },
            { label: t('projects.field.budget'), numeric: true },
            { label: t('projects.field.status') },
            { label: t('projects.field.progress'), numeric: true },
          ]}
          rows={props.projects.map((p) => [
            <a href={`/proyectos/${p.id}`} key="t">
              {p.title}
            </a>,
            p.territoryCode,
            money(p.budgetMinor, p.currency),
            <Tag key="s">{t(`projects.status.${p.status}`)}</Tag>,
            `${p.progress} %`,
          ])}
        />
      ) : null}
    </>
  );
}

export interface ProjectPageProps {
  project: Project;
  milestones: Milestone[];
  transfers: Transfer[];
  total: TotalLine | undefined;
  observations: Observation[];
  signedIn: boolean;
  manages: boolean;
  form: { observacion: string; clave?: string };
  errors: Record<string, string>;
  sent?: 'observation' | 'answer' | 'progress' | 'milestone';
  /** More sections after the transfer ledger (the budget and spending of a plan's project). */
  children?: ComponentChildren;
}

export function ProjectPage(props: ProjectPageProps) {
  const { t, format } = useView();
  const money = useMoney();
  const p = props.project;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{p.title}</h1>
      {props.sent ? (
        <p role="status" class="notice">
          {t(`projects.sent.${props.sent}`)}
        </p>
      ) : null}
      <p>{p.description}</p>
      <SummaryList
        rows={[
          { key: t('projects.field.kind'), value: t(`projects.kind.${p.kind}`) },
          { key: t('projects.field.territory'), value: p.territoryCode },
          ...(p.circuitCode ? [{ key: t('projects.field.circuit'), value: p.circuitCode }] : []),
          { key: t('projects.field.executor'), value: p.executorTerritoryCode ?? p.executorAgencyCode ?? '' },
          { key: t('projects.field.budget'), value: money(p.budgetMinor, p.currency) },
          { key: t('projects.field.transferred'), value: money(props.total?.totalMinor ?? 0, p.currency) },
          { key: t('projects.field.status'), value: t(`projects.status.${p.status}`) },
          { key: t('projects.field.progress'), value: `${p.progress} %` },
        ]}
      />
      <h2>{t('projects.milestones.heading')}</h2>
      <Table
        caption={t('projects.milestones.heading')}
        captionHidden
        columns={[{ label: t('projects.milestones.title') }, { label: t('projects.milestones.done') }, { label: t('projects.milestones.evidence') }]}
        rows={props.milestones.map((m) => [
          m.title,
          m.doneOn ? format.date(new Date(`${m.doneOn}T12:00:00Z`)) : t('projects.milestones.pending'),
          m.evidenceSha256 ? (
            <a key="e" href={fileUrl(p.id, m.evidenceSha256)!}>
              {t('projects.milestones.evidenceLink')}
            </a>
          ) : (
            (m.evidenceNote ?? '')
          ),
        ])}
      />
      {props.manages ? <ManageForms project={p} milestones={props.milestones} errors={props.errors} /> : null}
      <h2>{t('projects.ledger.heading')}</h2>
      <p>{t('projects.ledger.lead')}</p>
      <LedgerTable
        caption={t('projects.ledger.heading')}
        columns={[t('projects.ledger.account'), t('projects.ledger.kind')]}
        rows={props.transfers.map((e) => ({
          seq: e.seq,
          valueDate: e.valueDate,
          cells: [`${e.bankName} ${e.accountReference}`, e.kind === 'correction' ? `${t('projects.ledger.correction')}: ${e.reason ?? ''}` : t('projects.ledger.deposit')],
          amountMinor: e.amountMinor,
          currency: e.currency,
        }))}
        totals={[{ label: t('projects.ledger.total'), amountMinor: props.total?.totalMinor ?? 0, currency: p.currency }]}
      />
      {props.children}
      <h2>{t('projects.observation.heading')}</h2>
      <ObservationList observations={props.observations} answerAction={props.manages ? (o) => `/proyectos/${p.id}/observaciones/${o.id}/respuesta` : undefined} />
      {props.signedIn ? (
        <Form action={`/proyectos/${p.id}/observaciones#resumen-errores`}>
          <FormKey value={props.form.clave} />
          <TextArea name="observacion" label={t('projects.observation.label')} hint={t('projects.observation.hint')} value={props.form.observacion} error={props.errors.observacion} rows={5} />
          <Button type="submit">{t('projects.observation.submit')}</Button>
        </Form>
      ) : (
        <p>
          <a href={`/ingresar?volver=/proyectos/${p.id}`}>{t('projects.observation.signIn')}</a>
        </p>
      )}
    </>
  );
}

/** A ledger's entries (number, value date, the given columns, amount) and its total lines; one table for the project's transfers and the communal bank's ledgers. */
export function LedgerTable(props: {
  caption: string;
  columns: string[];
  rows: Array<{ seq: number; valueDate: string; cells: ComponentChildren[]; amountMinor: number; currency: string }>;
  totals?: Array<{ label: string; amountMinor: number; currency: string }>;
}) {
  const { t, format } = useView();
  const money = useMoney();
  const blanks = props.columns.map(() => '');
  return (
    <Table
      caption={props.caption}
      captionHidden
      columns={[
        { label: t('projects.ledger.seq'), numeric: true },
        { label: t('projects.ledger.date') },
        ...props.columns.map((label) => ({ label })),
        { label: t('projects.ledger.amount'), numeric: true },
      ]}
      rows={[
        ...props.rows.map((r) => [String(r.seq), format.date(new Date(`${r.valueDate}T12:00:00Z`)), ...r.cells, money(r.amountMinor, r.currency)]),
        ...(props.totals ?? []).map((l) => ['', ...blanks, <strong key="t">{l.label}</strong>, <strong key="v">{money(l.amountMinor, l.currency)}</strong>]),
      ]}
    />
  );
}

/** Observations in public: when, the overdue mark, the text, the answer or its due date, and (for who answers) the answer form. */
export function ObservationList<O extends Pick<Observation, 'id' | 'createdAt' | 'body' | 'answer' | 'dueAt'>>(props: {
  observations: O[];
  about?: (o: O) => string;
  answerAction?: (o: O) => string;
}) {
  const { t, format } = useView();
  const now = new Date();
  return (
    <>
      {props.observations.length === 0 ? <p>{t('projects.observation.none')}</p> : null}
      {props.observations.map((o) => (
        <article key={o.id} class="panel" id={fieldId(`observacion-${o.id}`)}>
          <p>
            <strong>{format.dateTime(o.createdAt)}</strong> {props.about ? `${props.about(o)} ` : null}
            {o.answer === null && o.dueAt < now ? <Tag tone="danger">{t('projects.observation.overdue')}</Tag> : null}
          </p>
          <p>{o.body}</p>
          {o.answer !== null ? (
            <p>
              <strong>{t('projects.observation.answer')}</strong> {o.answer}
            </p>
          ) : (
            <p>{t('projects.observation.dueBy', { due: format.date(o.dueAt) })}</p>
          )}
          {o.answer === null && props.answerAction ? (
            <Form action={props.answerAction(o)}>
              <TextArea name="respuesta" label={t('projects.observation.answerLabel')} rows={3} />
              <Button type="submit">{t('projects.observation.answerSubmit')}</Button>
            </Form>
          ) : null}
        </article>
      ))}
    </>
  );
}

/** An official's page: the unanswered observations of the projects they manage, each with its answer form (what was typed kept on an error). */
export function PendingObservationsPage(props: { pending: Array<{ observation: Observation; project: Project }>; errors: Record<string, string>; typed: Record<string, string>; answered: boolean }) {
  const { t, format } = useView();
  const now = new Date();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('projects.pending.heading')}</h1>
      {props.answered ? (
        <p role="status" class="notice">
          {t('projects.pending.answered')}
        </p>
      ) : null}
      <p>{t('projects.pending.lead')}</p>
      {props.pending.length === 0 ? <p>{t('projects.pending.none')}</p> : null}
      {props.pending.map(({ observation: o, project }) => (
        <article key={o.id} class="panel" id={`observacion-${o.id}`}>
          <h2>
            <a href={`/proyectos/${project.id}`}>{t('projects.pending.project', { title: project.title })}</a>
          </h2>
          <p>
            <strong>{format.dateTime(o.createdAt)}</strong> {o.dueAt < now ? <Tag tone="danger">{t('projects.observation.overdue')}</Tag> : null}
          </p>
          <p>{o.body}</p>
          <p>{t('projects.observation.dueBy', { due: format.date(o.dueAt) })}</p>
          <Form action={`/proyectos/observaciones-pendientes/${o.id}#resumen-errores`}>
            <TextArea name={`respuesta-${o.id}`} label={t('projects.observation.answerLabel')} value={props.typed[o.id]} error={props.errors[`respuesta-${o.id}`]} rows={3} />
            <Button type="submit">{t('projects.observation.answerSubmit')}</Button>
          </Form>
        </article>
      ))}
    </>
  );
}

/** What the executing organisation reports: status and progress, a milestone done (with a note). */
function ManageForms(props: { project: Project; milestones: Milestone[]; errors: Record<string, string> }) {
  const { t } = useView();
  const p = props.project;
  const pending = props.milestones.filter((m) => m.doneOn === null);
  return (
    <section aria-labelledby="gestion">
      <h2 id="gestion">{t('projects.manage.heading')}</h2>
      <Form action={`/proyectos/${p.id}/avance`}>
        <Select name="estado" label={t('projects.field.status')} value={p.status} options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.status.${s}`) }))} />
        <TextField name="avance" label={t('projects.manage.progress')} value={String(p.progress)} inputmode="numeric" width="3" error={props.errors.avance} />
        <Button type="submit">{t('projects.manage.saveProgress')}</Button>
      </Form>
      {pending.length > 0 ? (
        <Form action={`/proyectos/${p.id}/hitos`}>
          <Select name="hito" label={t('projects.milestones.title')} options={pending.map((m) => ({ value: String(m.position), label: m.title }))} />
          <DateField name="fecha" label={t('projects.manage.doneOn')} hint={t('projects.manage.doneOnHint')} error={props.errors.fecha} />
          <TextArea name="nota" label={t('projects.manage.note')} optional rows={2} />
          <Button type="submit">{t('projects.manage.saveMilestone')}</Button>
        </Form>
      ) : null}
    </section>
  );
}

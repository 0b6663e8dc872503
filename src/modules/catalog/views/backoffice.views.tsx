// The publishers' back office: their agencies' procedures, and the editor of a draft version.
import { Button, ButtonGroup, Checkboxes, ErrorSummary, Form, Panel, Radios, Select, Table, Tag, TextArea, TextField, fieldId, type ErrorSummaryItem } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Procedure, ProcedureStatus, ProcedureVersion, VersionStatus } from '../procedure.types.ts';
import { AUDIENCES, FEE_KINDS, LIFE_EVENTS, TACIT_OUTCOMES, TOPICS } from '../procedure.types.ts';
import type { AgencyName } from '../procedure.types.ts';

/** The editor's fields as typed (lists one item per line; JSON as text). */
export interface EditorValues {
  agency: string;
  name: string;
  summary: string;
  audiences: string[];
  topics: string[];
  lifeEvents: string[];
  requirements: string;
  legalBasis: string;
  feeKind: string;
  feeAmount: string;
  feeFormula: string;
  maxResponseDays: string;
  officeVisits: string;
  tacitOutcome: string;
  result: string;
  resultValidity: string;
  isOnline: boolean;
  offices: string;
  steps: string;
  commitments: string;
  form: string;
  workflow: string;
}

/** Field name → messages. */
export type EditorErrors = Record<string, string[]>;

const statusTone = { draft: 'info', published: 'success', retired: 'neutral', superseded: 'neutral' } as const;

export function StatusTag(props: { status: ProcedureStatus | VersionStatus }) {
  const { t } = useView();
  return <Tag tone={statusTone[props.status]}>{t(`catalog.status.${props.status}`)}</Tag>;
}

export function PublisherHome(props: { procedures: Array<Procedure & { latest: ProcedureVersion }>; agencies: AgencyName[] }) {
  const { t } = useView();
  const names = new Map(props.agencies.map((a) => [a.code, a.acronym]));
  return (
    <>
      <h1>{t('catalog.office.title')}</h1>
      <p class="lead">{t('catalog.office.lead', { agencies: props.agencies.map((a) => a.acronym).join(', ') })}</p>
      <Button href="/gestion/tramites/nuevo">{t('catalog.office.new')}</Button>
      <Table
        caption={t('catalog.office.tableCaption')}
        columns={[
          { label: t('catalog.office.columns.name') },
          { label: t('catalog.office.columns.agency') },
          { label: t('catalog.office.columns.status') },
          { label: t('catalog.office.columns.version'), numeric: true },
        ]}
        rows={props.procedures.map((p) => [
          <a href={`/gestion/tramites/${p.id}`}>{p.latest.name}</a>,
          names.get(p.agencyCode) ?? p.agencyCode,
          <>
            <StatusTag status={p.status} />
            {p.latest.status === 'draft' && p.status !== 'draft' ? (
              <>
                {' '}
                <Tag tone="warning">{t('catalog.office.pendingDraft')}</Tag>
              </>
            ) : null}
          </>,
          p.latest.version,
        ])}
      />
    </>
  );
}

function joinErrors(errors: EditorErrors, name: string): string | undefined {
  const list = errors[name];
  return list && list.length > 0 ? list.join(' · ') : undefined;
}

export function editorSummary(errors: EditorErrors): ErrorSummaryItem[] {
  return Object.entries(errors).flatMap(([name, messages]) => messages.map((message) => ({ fieldId: fieldId(name), message })));
}

export function ProcedureEditor(props: { action: string; values: EditorValues; errors: EditorErrors; agencies?: AgencyName[]; submitLabel: string }) {
  const { t } = useView();
  const v = props.values;
  const e = (name: string) => joinErrors(props.errors, name);
  const options = (values: readonly string[], label: (value: string) => string) => values.map((value) => ({ value, label: label(value) }));
  return (
    <Form action={`${props.action}#resumen-errores`}>
      {props.agencies ? (
        <Select name="agency" label={t('catalog.editor.agency')} value={v.agency} error={e('agency')} options={props.agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.acronym})` }))} />
      ) : null}
      <TextField name="name" label={t('catalog.editor.name')} value={v.name} error={e('name')} />
      <TextArea name="summary" label={t('catalog.editor.summary')} hint={t('catalog.editor.summaryHint')} value={v.summary} error={e('summary')} rows={3} />
      <Checkboxes name="audiences" label={t('catalog.editor.audiences')} values={v.audiences} error={e('audiences')} options={options(AUDIENCES, (value) => t(`catalog.audience.${value}`))} />
      <Checkboxes name="topics" label={t('catalog.editor.topics')} values={v.topics} error={e('topics')} options={options(TOPICS, (value) => t(`catalog.topic.${value}`))} />
      <Checkboxes
        name="lifeEvents"
        label={t('catalog.editor.lifeEvents')}
        values={v.lifeEvents}
        error={e('lifeEvents')}
        optional
        options={options(LIFE_EVENTS, (value) => t(`catalog.lifeEvent.${value}`))}
      />
      <TextArea name="requirements" label={t('catalog.editor.requirements')} hint={t('catalog.editor.oneLine')} value={v.requirements} error={e('requirements')} optional />
      <TextArea name="legalBasis" label={t('catalog.editor.legalBasis')} hint={t('catalog.editor.oneLine')} value={v.legalBasis} error={e('legalBasis')} optional rows={3} />
      <Radios name="feeKind" label={t('catalog.editor.feeKind')} value={v.feeKind} error={e('feeKind')} options={options(FEE_KINDS, (value) => t(`catalog.editor.feeKinds.${value}`))} />
      <TextField name="feeAmount" label={t('catalog.editor.feeAmount')} hint={t('catalog.editor.feeAmountHint')} value={v.feeAmount} error={e('feeAmount')} optional inputmode="decimal" width="10" />
      <TextField name="feeFormula" label={t('catalog.editor.feeFormula')} value={v.feeFormula} error={e('feeFormula')} optional />
      <TextField
        name="maxResponseDays"
        label={t('catalog.editor.maxResponseDays')}
        value={v.maxResponseDays}
        error={e('maxResponseDays')}
        inputmode="numeric"
        width="4"
        suffix={t('catalog.editor.days')}
      />
      <TextField
        name="officeVisits"
        label={t('catalog.editor.officeVisits')}
        hint={t('catalog.editor.officeVisitsHint')}
        value={v.officeVisits}
        error={e('officeVisits')}
        optional
        inputmode="numeric"
        width="4"
      />
      <Radios name="tacitOutcome" label={t('catalog.editor.tacitOutcome')} value={v.tacitOutcome} error={e('tacitOutcome')} options={options(TACIT_OUTCOMES, (value) => t(`catalog.tacit.${value}`))} />
      <TextField name="result" label={t('catalog.editor.result')} value={v.result} error={e('result')} />
      <TextField name="resultValidity" label={t('catalog.editor.resultValidity')} value={v.resultValidity} error={e('resultValidity')} optional />
      <Checkboxes
        name="isOnline"
        label={t('catalog.editor.channels')}
        values={v.isOnline ? ['yes'] : []}
        error={e('isOnline')}
        optional
        options={[{ value: 'yes', label: t('catalog.editor.isOnline') }]}
      />
      <TextArea name="offices" label={t('catalog.editor.offices')} hint={t('catalog.editor.officesHint')} value={v.offices} error={e('offices')} optional rows={3} />
      <TextArea name="steps" label={t('catalog.editor.steps')} hint={t('catalog.editor.oneLine')} value={v.steps} error={e('steps')} />
      <TextArea name="commitments" label={t('catalog.editor.commitments')} hint={t('catalog.editor.commitmentsHint')} value={v.commitments} error={e('commitments')} optional rows={3} />
      <TextArea name="form" label={t('catalog.editor.form')} hint={t('catalog.editor.formHint')} value={v.form} error={e('form')} optional rows={12} spellcheck={false} />
      <TextArea name="workflow" label={t('catalog.editor.workflow')} hint={t('catalog.editor.workflowHint')} value={v.workflow} error={e('workflow')} optional rows={12} spellcheck={false} />
      <Button preventDoubleClick>{props.submitLabel}</Button>
    </Form>
  );
}

export function NewProcedurePage(props: { values: EditorValues; errors: EditorErrors; agencies: AgencyName[] }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={editorSummary(props.errors)} />
      <h1>{t('catalog.office.new')}</h1>
      <p>{t('catalog.editor.draftNote')}</p>
      <ProcedureEditor action="/gestion/tramites/nuevo" values={props.values} errors={props.errors} agencies={props.agencies} submitLabel={t('catalog.editor.create')} />
    </>
  );
}

export function EditProcedurePage(props: {
  procedure: Procedure;
  versions: ProcedureVersion[];
  draft: ProcedureVersion | undefined;
  agency: AgencyName | undefined;
  values: EditorValues;
  errors: EditorErrors;
  notice: 'saved' | 'published' | 'retired' | undefined;
}) {
  const { t } = useView();
  const p = props.procedure;
  return (
    <>
      <ErrorSummary errors={editorSummary(props.errors)} />
      {props.notice ? (
        <Panel tone="success" title={t(`catalog.office.notice.${props.notice}`)}>
          <p>{t('catalog.office.noticeAudit')}</p>
        </Panel>
      ) : null}
      <h1>{props.values.name || p.slug}</h1>
      <p>
        {props.agency?.name ?? p.agencyCode} · <StatusTag status={p.status} />
      </p>
      {p.status === 'published' ? (
        <p>
          <a href={`/tramites/${p.slug}`}>{t('catalog.office.publicPage')}</a>
        </p>
      ) : null}
      <h2>{t('catalog.office.versions')}</h2>
      <Table
        caption={t('catalog.office.versions')}
        captionHidden
        columns={[{ label: t('catalog.office.columns.version'), numeric: true }, { label: t('catalog.office.columns.status') }, { label: t('catalog.office.columns.name') }]}
        rows={props.versions.map((v) => [v.version, <StatusTag status={v.status} />, v.name])}
      />
      {props.draft ? (
        <Form action={`/gestion/tramites/${p.id}/publicar`}>
          <p>{t('catalog.office.publishHint', { version: props.draft.version })}</p>
          <Button>{t('catalog.office.publish', { version: props.draft.version })}</Button>
        </Form>
      ) : null}
      {p.status === 'published' ? (
        <Form action={`/gestion/tramites/${p.id}/retirar`}>
          <ButtonGroup>
            <Button variant="warning">{t('catalog.office.retire')}</Button>
          </ButtonGroup>
        </Form>
      ) : null}
      <h2>{props.draft ? t('catalog.office.editDraft', { version: props.draft.version }) : t('catalog.office.newDraft')}</h2>
      {props.draft ? null : <p>{t('catalog.office.newDraftHint')}</p>}
      <ProcedureEditor action={`/gestion/tramites/${p.id}`} values={props.values} errors={props.errors} submitLabel={t('catalog.editor.save')} />
    </>
  );
}

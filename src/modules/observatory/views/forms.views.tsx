// The forms of the plans model: an entity's yearly report (per line what was done and its
// evidence, figures of the reported indicators it answers for), the administrators' indicator
// edit and evaluation note. Plain forms with an error summary linked to the fields.
import { Button, ErrorSummary, FileField, Form, Radios, Select, summaryItems, Table, TextArea, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Indicator, Line, Plan, YearlyReport } from '../observatory.types.ts';
import type { IndicatorInput } from '../plans.service.ts';

export type FormErrors = Record<string, string | undefined>;

export interface ReportValues {
  year: string;
  lines: Record<string, { done: string; evidence: string }>;
  figures: Record<string, string>;
}

export function ReportFormPage(props: {
  plan: Plan;
  agencyCode: string;
  agencies: Array<{ code: string; name: string }>;
  lines: Line[];
  indicators: Indicator[];
  filed: YearlyReport[];
  values: ReportValues;
  errors: FormErrors;
}) {
  const { t, csrfToken } = useView();
  const agencyName = props.agencies.find((a) => a.code === props.agencyCode)?.name ?? props.agencyCode;
  const action = `/observatorio/planes/${props.plan.code}/informe?entidad=${props.agencyCode}`;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('observatory.report.heading', { agency: agencyName })}</h1>
      <p class="lead">{t('observatory.report.lead', { plan: props.plan.title })}</p>
      {props.agencies.length > 1 ? (
        <p>
          {props.agencies
            .filter((a) => a.code !== props.agencyCode)
            .map((a) => (
              <a key={a.code} href={`/observatorio/planes/${props.plan.code}/informe?entidad=${a.code}`}>
                {t('observatory.report.switch', { agency: a.name })}
              </a>
            ))}
        </p>
      ) : null}
      {props.filed.length > 0 ? <p>{t('observatory.report.filed', { years: props.filed.map((r) => String(r.year)).join(', ') })}</p> : null}
      <form action={action} method="post" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={csrfToken()} />
        <TextField name="year" label={t('observatory.report.year')} hint={t('observatory.report.yearHint')} value={props.values.year} error={props.errors.year} width="4" inputmode="numeric" />
        {props.lines.map((line) => (
          <fieldset key={line.id} class="fieldset">
            <legend class="fieldset__legend">{line.title}</legend>
            <TextArea
              name={`done-${line.position}`}
              optional
              label={t('observatory.report.done')}
              hint={t('observatory.report.doneHint')}
              value={props.values.lines[line.id]?.done ?? ''}
              error={props.errors[`done-${line.position}`]}
              rows={3}
            />
            <TextField
              name={`evidence-${line.position}`}
              optional
              label={t('observatory.report.evidence')}
              hint={t('observatory.report.evidenceHint')}
              value={props.values.lines[line.id]?.evidence ?? ''}
              error={props.errors[`evidence-${line.position}`]}
            />
            <FileField
              accept="application/pdf,image/png,image/jpeg"
              multiple
              optional
              name={`files-${line.position}`}
              label={t('observatory.report.files')}
              hint={t('observatory.report.filesHint')}
              error={props.errors[`files-${line.position}`]}
            />
          </fieldset>
        ))}
        {props.indicators.length > 0 ? <h2>{t('observatory.report.figures')}</h2> : null}
        {props.indicators.map((indicator) => (
          <TextField
            key={indicator.id}
            name={`figure-${indicator.code}`}
            optional
            label={indicator.name}
            hint={t(`observatory.unit.${indicator.unit}`)}
            value={props.values.figures[indicator.code] ?? ''}
            error={props.errors[`figure-${indicator.code}`]}
            width="10"
            inputmode="decimal"
          />
        ))}
        <Button preventDoubleClick>{t('observatory.report.submit')}</Button>
      </form>
    </>
  );
}

/** What the indicator form holds, as typed (the service's input). */
export type IndicatorValues = IndicatorInput;

export function EditIndicatorPage(props: { plan: Plan; indicator: Indicator; values: IndicatorValues; errors: FormErrors; figures: string[] }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('observatory.edit.heading', { name: props.indicator.name })}</h1>
      <Form action={`/observatorio/planes/${props.plan.code}/indicadores/${props.indicator.code}/editar`}>
        <TextField name="name" label={t('observatory.edit.name')} value={props.values.name} error={props.errors.name} />
        <Select
          name="unit"
          label={t('observatory.edit.unit')}
          value={props.values.unit}
          error={props.errors.unit}
          options={['percent', 'count', 'points'].map((u) => ({ value: u, label: t(`observatory.unit.${u}`) }))}
        />
        <Radios
          name="direction"
          label={t('observatory.edit.direction')}
          value={props.values.direction}
          error={props.errors.direction}
          options={['increase', 'decrease'].map((d) => ({ value: d, label: t(`observatory.direction.${d}`) }))}
        />
        <TextField name="baseline" optional label={t('observatory.baseline')} value={props.values.baseline} error={props.errors.baseline} width="10" inputmode="decimal" />
        <TextField name="baselineYear" optional label={t('observatory.edit.baselineYear')} value={props.values.baselineYear} error={props.errors.baselineYear} width="4" inputmode="numeric" />
        <TextField name="responsibleAgency" label={t('observatory.edit.agency')} value={props.values.responsibleAgency} error={props.errors.responsibleAgency} width="10" />
        <TextArea
          name="formula"
          optional
          label={t('observatory.edit.formula')}
          hint={t('observatory.edit.formulaHint', { figures: props.figures.join(', ') })}
          value={props.values.formula}
          error={props.errors.formula}
          rows={3}
          spellcheck={false}
        />
        <TextField name="targetYear" label={t('observatory.edit.targetYear')} value={props.values.targetYear} error={props.errors.targetYear} width="4" inputmode="numeric" />
        <TextField
          name="target"
          optional
          label={t('observatory.column.target')}
          hint={t('observatory.edit.targetHint')}
          value={props.values.target}
          error={props.errors.target}
          width="10"
          inputmode="decimal"
        />
        <Button preventDoubleClick>{t('observatory.edit.submit')}</Button>
      </Form>
      <Table
        caption={t('observatory.edit.targets')}
        columns={[{ label: t('observatory.history.year') }, { label: t('observatory.column.target'), numeric: true }]}
        rows={Object.entries(props.indicator.targets).map(([year, value]) => [year, String(value)])}
      />
    </>
  );
}

export function EvaluationForm(props: { plan: Plan; values: { kind: string; year: string; note: string }; errors: FormErrors }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('observatory.evaluationForm.heading', { plan: props.plan.title })}</h1>
      <Form action={`/observatorio/planes/${props.plan.code}/evaluaciones`}>
        <Radios
          name="kind"
          label={t('observatory.evaluationForm.kind')}
          value={props.values.kind}
          error={props.errors.kind}
          options={['mid_term', 'final'].map((k) => ({ value: k, label: t(`observatory.kind.${k}`) }))}
        />
        <TextField name="year" label={t('observatory.report.year')} value={props.values.year} error={props.errors.year} width="4" inputmode="numeric" />
        <TextArea name="note" label={t('observatory.evaluationForm.note')} value={props.values.note} error={props.errors.note} rows={6} />
        <Button preventDoubleClick>{t('observatory.evaluationForm.submit')}</Button>
      </Form>
    </>
  );
}

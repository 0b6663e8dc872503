// The administrators' page of a plan's structure: add a strategic line, add an indicator to a
// line. Two plain forms under one error summary linked to the fields.
import { Button, ErrorSummary, Form, Select, summaryItems, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Line, Plan } from '../observatory.types.ts';
import type { LineIndicatorInput, LineInput } from '../structure.service.ts';
import type { FormErrors } from './forms.views.tsx';

export function StructurePage(props: { plan: Plan; lines: Line[]; line: LineInput; indicator: LineIndicatorInput; errors: FormErrors }) {
  const { t } = useView();
  const { plan, errors } = props;
  const base = `/observatorio/planes/${plan.code}/estructura`;
  return (
    <>
      <ErrorSummary errors={summaryItems(errors)} />
      <h1>{t('observatory.structure.heading', { plan: plan.title })}</h1>
      <h2>{t('observatory.structure.lineHeading')}</h2>
      <Form action={`${base}/lineas`}>
        <TextField name="axis" label={t('observatory.structure.axis')} value={props.line.axis} error={errors.axis} />
        <TextField name="title" label={t('observatory.structure.lineTitle')} value={props.line.title} error={errors.title} />
        <Button preventDoubleClick>{t('observatory.structure.lineSubmit')}</Button>
      </Form>
      {props.lines.length > 0 && (
        <>
          <h2>{t('observatory.structure.indicatorHeading')}</h2>
          <Form action={`${base}/indicadores`}>
            <Select name="line" label={t('observatory.structure.line')} value={props.indicator.line} error={errors.line} options={props.lines.map((l) => ({ value: l.id, label: l.title }))} />
            <TextField name="name" label={t('observatory.edit.name')} value={props.indicator.name} error={errors.name} />
            <Select
              name="unit"
              label={t('observatory.edit.unit')}
              value={props.indicator.unit}
              error={errors.unit}
              options={['percent', 'count', 'points'].map((u) => ({ value: u, label: t(`observatory.unit.${u}`) }))}
            />
            <TextField name="baseline" label={t('observatory.structure.baseline')} value={props.indicator.baseline} error={errors.baseline} width="10" inputmode="decimal" />
            <TextField name="target" label={t('observatory.structure.target')} value={props.indicator.target} error={errors.target} width="10" inputmode="decimal" />
            <TextField name="targetYear" label={t('observatory.edit.targetYear')} value={props.indicator.targetYear} error={errors.targetYear} width="4" inputmode="numeric" />
            <Button preventDoubleClick>{t('observatory.structure.indicatorSubmit')}</Button>
          </Form>
        </>
      )}
    </>
  );
}

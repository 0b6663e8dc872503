// The administrators' pages of a plan's structure: the lines in order (each moves up or down and
// opens its own page), add a strategic line, add an indicator to a line; a line's page renames
// it, edits and adds its goals, retires its indicators or the line. Plain forms under one error
// summary linked to the fields.
import { Button, Checkboxes, ErrorSummary, Form, Select, summaryItems, TextArea, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { LineDetail } from '../plan-editing.service.ts';
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
      {props.lines.length > 0 && <LineList plan={plan} lines={props.lines} />}
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

/** The active lines in order: each one's page, and a move up or down from the position shown. */
function LineList(props: { plan: Plan; lines: Line[] }) {
  const { t } = useView();
  const base = `/observatorio/planes/${props.plan.code}/estructura/lineas`;
  const move = (line: Line, direction: 'up' | 'down') => (
    <Form action={`${base}/${line.id}/mover`}>
      <input type="hidden" name="from" value={String(line.position)} />
      <input type="hidden" name="direction" value={direction} />
      <Button variant="secondary">{t(`observatory.structure.move.${direction}`, { title: line.title })}</Button>
    </Form>
  );
  return (
    <>
      <h2>{t('observatory.structure.linesHeading')}</h2>
      <ol>
        {props.lines.map((line, i) => (
          <li key={line.id}>
            <a href={`${base}/${line.id}`}>{line.title}</a>
            {line.axis !== '' && <> ({line.axis})</>}
            {i > 0 && move(line, 'up')}
            {i < props.lines.length - 1 && move(line, 'down')}
          </li>
        ))}
      </ol>
    </>
  );
}

export interface LineValues {
  axis: string;
  title: string;
  newGoal: string;
  /** A goal's text by its position, as typed. */
  goals: Record<string, string>;
}

/** One line: rename it, its goals (edit, add), its indicators (retire), retire the line. */
export function LinePage(props: { detail: LineDetail; values: LineValues; errors: FormErrors }) {
  const { t } = useView();
  const { plan, line, goals, indicators } = props.detail;
  const { values, errors } = props;
  const base = `/observatorio/planes/${plan.code}/estructura/lineas/${line.id}`;
  return (
    <>
      <ErrorSummary errors={summaryItems(errors)} />
      <h1>{t('observatory.lineEdit.heading', { line: line.title })}</h1>
      <p>
        <a href={`/observatorio/planes/${plan.code}/estructura`}>{t('observatory.lineEdit.back', { plan: plan.title })}</a>
      </p>
      <Form action={base}>
        <TextField name="axis" label={t('observatory.structure.axis')} value={values.axis} error={errors.axis} />
        <TextField name="title" label={t('observatory.structure.lineTitle')} value={values.title} error={errors.title} />
        <Button preventDoubleClick>{t('observatory.lineEdit.save')}</Button>
      </Form>
      <h2>{t('observatory.lineEdit.goalsHeading')}</h2>
      {goals.map((goal) => (
        <Form key={goal.id} action={`${base}/metas/${goal.position}`}>
          <TextArea
            name={`goal-${goal.position}`}
            label={t('observatory.lineEdit.goal', { n: goal.position })}
            value={values.goals[String(goal.position)] ?? goal.title}
            error={errors[`goal-${goal.position}`]}
            rows={2}
          />
          <Button variant="secondary" preventDoubleClick>
            {t('observatory.lineEdit.goalSave', { n: goal.position })}
          </Button>
        </Form>
      ))}
      <Form action={`${base}/metas`}>
        <TextArea name="newGoal" label={t('observatory.lineEdit.newGoal')} value={values.newGoal} error={errors.newGoal} rows={2} />
        <Button preventDoubleClick>{t('observatory.lineEdit.goalAdd')}</Button>
      </Form>
      <h2>{t('observatory.lineEdit.indicatorsHeading')}</h2>
      {indicators.length === 0 && <p>{t('observatory.lineEdit.noIndicators')}</p>}
      {indicators.map((indicator) => (
        <Form key={indicator.id} action={`${base}/indicadores/${indicator.code}/retirar`}>
          <Checkboxes
            name={`retire-${indicator.code}`}
            label={indicator.name}
            hint={t('observatory.lineEdit.retireIndicatorHint')}
            error={errors[`retire-${indicator.code}`]}
            options={[{ value: 'yes', label: t('observatory.lineEdit.retireIndicatorConfirm', { name: indicator.name }) }]}
          />
          <Button variant="warning">{t('observatory.lineEdit.retireIndicator', { name: indicator.name })}</Button>
        </Form>
      ))}
      <h2>{t('observatory.lineEdit.retireHeading')}</h2>
      <Form action={`${base}/retirar`}>
        <Checkboxes
          name="confirm"
          label={t('observatory.lineEdit.retireLabel')}
          hint={t('observatory.lineEdit.retireHint')}
          error={errors.confirm}
          options={[{ value: 'yes', label: t('observatory.lineEdit.retireConfirm', { line: line.title }) }]}
        />
        <Button variant="warning">{t('observatory.lineEdit.retire')}</Button>
      </Form>
    </>
  );
}

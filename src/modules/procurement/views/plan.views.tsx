// The annual procurement plan of an entity (/compras/plan/:agency): its items by quarter with the
// estimated total, links to the other years, and the officers' form to add an item.
import { Button, ErrorSummary, Form, Select, Table, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { PlanItem } from '../procurement.queries.ts';
import { cpvLabel } from '../procurement.types.ts';
import { AmountField, CpvSelect } from './procurement.views.tsx';

export function PlanPage(props: {
  agency: { code: string; name: string };
  year: number;
  items: PlanItem[];
  total: number;
  currency: string;
  officer: boolean;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { t, format, locale } = useView();
  const v = props.values;
  const e = props.errors;
  const money = (n: number) => `${format.number(n, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${props.currency}`;
  const base = `/compras/plan/${props.agency.code}`;
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>{t('procurement.plan.heading', { agency: props.agency.name, year: props.year })}</h1>
      <p>{t('procurement.plan.lead')}</p>
      <p>
        <a href={`${base}?anio=${props.year - 1}`}>{props.year - 1}</a> · <a href={`${base}?anio=${props.year + 1}`}>{props.year + 1}</a>
      </p>
      {props.items.length === 0 ? (
        <p>{t('procurement.plan.none')}</p>
      ) : (
        <Table
          caption={t('procurement.plan.caption', { total: money(props.total) })}
          columns={[
            { label: t('procurement.plan.quarter') },
            { label: t('procurement.field.cpv') },
            { label: t('procurement.plan.description') },
            { label: t('procurement.plan.amount'), numeric: true },
          ]}
          rows={props.items.map((i) => [`T${i.quarter}`, `${i.cpvCode} ${cpvLabel(i.cpvCode, locale)}`, i.description, money(i.estimatedAmount)])}
        />
      )}
      {props.officer ? (
        <>
          <h2>{t('procurement.plan.add')}</h2>
          <Form action={`${base}#resumen-errores`}>
            <TextField name="year" label={t('procurement.plan.year')} value={v.year ?? String(props.year)} error={e.year} inputmode="numeric" width="4" />
            <Select
              name="quarter"
              label={t('procurement.plan.quarter')}
              value={v.quarter}
              error={e.quarter}
              options={[1, 2, 3, 4].map((n) => ({ value: String(n), label: t('procurement.plan.quarterN', { n }) }))}
            />
            <CpvSelect value={v.cpvCode} error={e.cpvCode} />
            <TextField name="description" label={t('procurement.plan.description')} value={v.description} error={e.description} />
            <AmountField name="estimatedAmount" label={t('procurement.plan.amountIn', { currency: props.currency })} value={v.estimatedAmount} error={e.estimatedAmount} />
            <Button type="submit">{t('procurement.plan.submit')}</Button>
          </Form>
        </>
      ) : null}
    </>
  );
}

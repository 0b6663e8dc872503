// The money of plan projects (issue 25): a project's budget by year and source and its spending
// ledger, and a plan's projects rolled up to its strategic lines (an SVG chart beside its table).
import { BarChart } from '../../../platform/views/charts/index.ts';
import { Table } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { BudgetItem, PlanRollup, Spending } from '../spending.types.ts';
import { LedgerTable, useMoney } from './projects.views.tsx';

/** Share of the budget spent, in whole percent (null without budget). */
const executed = (budgetMinor: number, spentMinor: number) => (budgetMinor > 0 ? Math.round((spentMinor / budgetMinor) * 1000) / 10 : null);

export function ProjectMoney(props: { currency: string; budget: BudgetItem[]; spending: Spending[] }) {
  const { t } = useView();
  const money = useMoney();
  const spent = props.spending.reduce((sum, s) => sum + s.amountMinor, 0);
  return (
    <section aria-labelledby="dinero">
      <h2 id="dinero">{t('projects.money.heading')}</h2>
      {props.budget.length > 0 ? (
        <Table
          caption={t('projects.money.budget')}
          columns={[{ label: t('projects.money.year') }, { label: t('projects.money.source') }, { label: t('projects.ledger.amount'), numeric: true }]}
          rows={props.budget.map((b) => [String(b.year), b.source, money(b.amountMinor, props.currency)])}
        />
      ) : null}
      <p>{t('projects.money.lead')}</p>
      <LedgerTable
        caption={t('projects.money.spending')}
        columns={[t('projects.money.source'), t('projects.money.what')]}
        rows={props.spending.map((s) => ({
          seq: s.seq,
          valueDate: s.valueDate,
          cells: [s.source, s.kind === 'correction' ? `${t('projects.ledger.correction')}: ${s.description}` : s.description],
          amountMinor: s.amountMinor,
          currency: s.currency,
        }))}
        totals={[{ label: t('projects.money.spent'), amountMinor: spent, currency: props.currency }]}
      />
    </section>
  );
}

export function PlanRollupPage(props: { rollup: PlanRollup }) {
  const { t, format } = useView();
  const money = useMoney();
  const { rollup } = props;
  const percent = (value: number | null) => (value === null ? '—' : `${format.number(value)} %`);
  const totals = (list: PlanRollup['totals'], pick: 'budgetMinor' | 'spentMinor') => (list.length === 0 ? '—' : list.map((l) => money(l[pick], l.currency)).join(' · '));
  return (
    <>
      <h1>{t('projects.plan.title', { plan: rollup.planTitle })}</h1>
      <p class="lead">{t('projects.plan.lead')}</p>
      <BarChart
        id="ejecucion-lineas"
        title={t('projects.plan.chart')}
        description={t('projects.plan.chartDescription')}
        points={rollup.lines.map((l) => ({ label: String(l.position), value: l.totals.length === 1 ? (executed(l.totals[0]!.budgetMinor, l.totals[0]!.spentMinor) ?? 0) : 0 }))}
      />
      <Table
        id="lineas"
        caption={t('projects.plan.table')}
        rowHeaders
        columns={[
          { label: t('projects.plan.line') },
          { label: t('projects.plan.projects'), numeric: true },
          { label: t('projects.field.budget'), numeric: true },
          { label: t('projects.money.spent'), numeric: true },
          { label: t('projects.plan.executed'), numeric: true },
          { label: t('projects.field.progress'), numeric: true },
        ]}
        rows={[
          ...rollup.lines.map((l) => [
            l.title,
            format.number(l.projects.length),
            totals(l.totals, 'budgetMinor'),
            totals(l.totals, 'spentMinor'),
            l.totals.length === 1 ? percent(executed(l.totals[0]!.budgetMinor, l.totals[0]!.spentMinor)) : '—',
            percent(l.progress),
          ]),
          [
            <strong key="p">{t('projects.plan.whole')}</strong>,
            format.number(rollup.lines.reduce((sum, l) => sum + l.projects.length, 0)),
            totals(rollup.totals, 'budgetMinor'),
            totals(rollup.totals, 'spentMinor'),
            rollup.totals.length === 1 ? percent(executed(rollup.totals[0]!.budgetMinor, rollup.totals[0]!.spentMinor)) : '—',
            percent(rollup.progress),
          ],
        ]}
      />
      {rollup.lines
        .filter((l) => l.projects.length > 0)
        .map((l) => (
          <section key={l.lineId} aria-labelledby={`linea-${l.position}`}>
            <h2 id={`linea-${l.position}`}>{l.title}</h2>
            <Table
              caption={t('projects.plan.lineProjects', { line: l.title })}
              captionHidden
              columns={[
                { label: t('projects.field.title') },
                { label: t('projects.field.budget'), numeric: true },
                { label: t('projects.money.spent'), numeric: true },
                { label: t('projects.field.progress'), numeric: true },
              ]}
              rows={l.projects.map((p) => [<a href={`/proyectos/${p.projectId}`}>{p.title}</a>, money(p.budgetMinor, p.currency), money(p.spentMinor, p.currency), `${p.progress} %`])}
            />
          </section>
        ))}
    </>
  );
}

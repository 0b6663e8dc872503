// A procedure's simplification history in public (issue #25): each published version's burden on
// the person (steps, requirements, cost, days, visits to an office) and what it saved against the
// version before, with the total since the first.
import { SummaryList, Table } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Saving, SimplificationHistory } from '../simplification.service.ts';

export function SimplificationPage(props: { name: string; history: SimplificationHistory; money: (amount: number) => string }) {
  const { t, format } = useView();
  const { history } = props;
  const cost = (value: number | null) => (value === null ? t('catalog.simplification.byFormula') : props.money(value));
  const saved = (s: Saving | null) =>
    s === null ? ['—', '—', '—', '—', '—'] : [format.number(s.steps), format.number(s.requirements), s.cost === null ? '—' : props.money(s.cost), format.number(s.days), format.number(s.visits)];
  // What each version asks of the person: the columns of both tables.
  const measures = (['steps', 'requirements', 'cost', 'days', 'visits'] as const).map((key) => ({ label: t(`catalog.simplification.${key}`), numeric: true }));
  return (
    <>
      <h1>{t('catalog.simplification.title', { name: props.name })}</h1>
      <p class="lead">{t('catalog.simplification.lead')}</p>
      <SummaryList
        rows={[
          { key: t('catalog.simplification.steps'), value: format.number(history.total.steps) },
          { key: t('catalog.simplification.requirements'), value: format.number(history.total.requirements) },
          { key: t('catalog.simplification.cost'), value: history.total.cost === null ? '—' : props.money(history.total.cost) },
          { key: t('catalog.simplification.days'), value: format.number(history.total.days) },
          { key: t('catalog.simplification.visits'), value: format.number(history.total.visits) },
        ]}
      />
      <Table
        id="versiones"
        caption={t('catalog.simplification.versions')}
        rowHeaders
        columns={[{ label: t('catalog.simplification.version') }, { label: t('catalog.simplification.published') }, ...measures]}
        rows={history.versions.map((v) => [
          String(v.version),
          v.publishedAt ? format.date(v.publishedAt) : '—',
          format.number(v.steps),
          format.number(v.requirements),
          cost(v.cost),
          format.number(v.days),
          format.number(v.visits),
        ])}
      />
      <Table
        id="ahorro"
        caption={t('catalog.simplification.savings')}
        rowHeaders
        columns={[{ label: t('catalog.simplification.version') }, ...measures]}
        rows={history.versions.map((v) => [String(v.version), ...saved(v.saving)])}
      />
    </>
  );
}

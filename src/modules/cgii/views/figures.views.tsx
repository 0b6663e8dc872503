// The bulletin's response times: the median hours to first response and to containment by month
// (two bar charts, each beside the table of the same figures) and by sector (a table).
import { BarChart } from '../../../platform/views/charts/index.ts';
import { Table } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { MedianRow } from '../figures.service.ts';

export function ResponseTimes(props: { months: MedianRow[]; sectors: MedianRow[] }) {
  const { t, format } = useView();
  const hours = (value: number | null, n: number) => (value === null ? '—' : t('cgii.times.hours', { hours: Math.round(value * 10) / 10, count: n }));
  const monthLabel = (m: string) => m;
  const columns = (first: string) => [{ label: first }, { label: t('cgii.times.firstResponse'), numeric: true }, { label: t('cgii.times.containment'), numeric: true }];
  const cells = (r: MedianRow) => [hours(r.firstResponse, r.firstResponseCount), hours(r.containment, r.containmentCount)];
  const sectorLabel = (s: string) => (s === 'other' ? t('cgii.times.otherSector') : t(`agencies.levelGroup.${s}`));
  return (
    <section aria-labelledby="tiempos">
      <h2 id="tiempos">{t('cgii.times.heading')}</h2>
      <p>{t('cgii.times.lead')}</p>
      {props.months.length === 0 ? (
        <p>{t('cgii.none')}</p>
      ) : (
        <>
          {(['firstResponse', 'containment'] as const).map((kind) => {
            const points = props.months.flatMap((m) => (m[kind] === null ? [] : [{ label: monthLabel(m.key), value: m[kind] as number }]));
            return (
              <BarChart
                key={kind}
                id={`mediana-${kind}`}
                title={t(`cgii.times.${kind}Chart`)}
                description={points.map((p) => `${p.label}: ${format.number(p.value, { maximumFractionDigits: 1 })} h`).join('; ')}
                points={points}
              />
            );
          })}
          <Table caption={t('cgii.times.byMonth')} id="tiempos-por-mes" columns={columns(t('cgii.times.month'))} rows={props.months.map((m) => [monthLabel(m.key), ...cells(m)])} rowHeaders />
          <Table caption={t('cgii.times.bySector')} id="tiempos-por-sector" columns={columns(t('cgii.times.sector'))} rows={props.sectors.map((s) => [sectorLabel(s.key), ...cells(s)])} rowHeaders />
        </>
      )}
    </section>
  );
}

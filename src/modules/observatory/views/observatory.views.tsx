// The public Observatorio: each plan's lines, goals and indicators with where each stands
// (value, target, progress as an SVG bar with the same figures in the table), an indicator's
// history year by year, the entities' yearly reports and the evaluation notes.
import { Details, SummaryList, Table, Tag } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Evaluation, IndicatorStatus, PlanView, YearlyReport } from '../observatory.types.ts';
import type { IndicatorHistory } from '../plans.service.ts';

export function useFigure() {
  const { t, format } = useView();
  return (value: number | null, unit: string) =>
    value === null ? t('observatory.value.none') : unit === 'percent' ? t('observatory.value.percent', { value }) : format.number(value, { maximumFractionDigits: 2 });
}

/** A horizontal bar of the progress towards the target, named for screen readers. */
export function ProgressBar(props: { progress: number | null; label: string }) {
  const width = props.progress === null ? 0 : Math.round(props.progress * 100);
  return (
    <svg class="observatory-progress" viewBox="0 0 100 12" width="120" height="14" role="img" aria-label={props.label} focusable="false">
      <title>{props.label}</title>
      <rect x="0" y="0" width="100" height="12" fill="#f3f2f1" stroke="#505a5f" stroke-width="0.5" />
      <rect x="0" y="0" width={width} height="12" fill={width >= 100 ? '#00703c' : '#1d70b8'} />
    </svg>
  );
}

function progressText(t: ReturnType<typeof useView>['t'], progress: number | null): string {
  return progress === null ? t('observatory.progress.none') : t('observatory.progress.label', { percent: Math.round(progress * 100) });
}

export function IndicatorTable(props: { caption: string; planCode: string; statuses: IndicatorStatus[]; canEdit?: boolean }) {
  const { t } = useView();
  const figure = useFigure();
  return (
    <Table
      caption={props.caption}
      rowHeaders
      columns={[
        { label: t('observatory.column.indicator') },
        { label: t('observatory.column.value', { year: String(props.statuses[0]?.year ?? '') }), numeric: true },
        { label: t('observatory.column.target'), numeric: true },
        { label: t('observatory.column.progress') },
        { label: t('observatory.column.source') },
      ]}
      rows={props.statuses.map((s) => {
        const label = progressText(t, s.progress);
        return [
          <>
            <a href={`/observatorio/planes/${props.planCode}/indicadores/${s.indicator.code}`}>{s.indicator.name}</a>
            {props.canEdit ? (
              <>
                {' '}
                <a href={`/observatorio/planes/${props.planCode}/indicadores/${s.indicator.code}/editar`}>{t('observatory.edit.link', { name: s.indicator.name })}</a>
              </>
            ) : null}
          </>,
          figure(s.value, s.indicator.unit),
          s.target === null ? t('observatory.value.none') : t('observatory.target.inYear', { value: figure(s.target, s.indicator.unit), year: String(s.targetYear ?? '') }),
          <>
            <ProgressBar progress={s.progress} label={label} /> <span>{label}</span>
          </>,
          <Tag tone={s.indicator.source === 'computed' ? 'info' : 'neutral'}>{t(`observatory.source.${s.indicator.source}`)}</Tag>,
        ];
      })}
    />
  );
}

export function PlanPage(props: { view: PlanView; reports: YearlyReport[]; evaluations: Evaluation[]; canEdit: boolean; reportFor: string[]; agencyNames: Record<string, string> }) {
  const { t, format } = useView();
  const { plan } = props.view;
  const observatory = props.view.lines.flatMap((l) => l.goals.flatMap((g) => g.indicators)).filter((s) => s.indicator.observatory);
  return (
    <>
      <h1>{t('observatory.heading')}</h1>
      <p class="lead">{t('observatory.lead')}</p>
      <h2>{plan.title}</h2>
      <p>{plan.description}</p>
      <p>
        <a href={`/observatorio/planes/${plan.code}/indicadores.csv`}>{t('observatory.csv')}</a>
        {' · '}
        <a href={`/api/v1/plans/${plan.id}/indicators`}>{t('observatory.api')}</a>
        {' · '}
        <a href="/observatorio/entidades">{t('observatory.levelsNav')}</a>
        {' · '}
        <a href="/observatorio/ranking">{t('observatory.ranking.title')}</a>
        {' · '}
        <a href="/gobiernos">{t('observatory.governments.title')}</a>
        {props.reportFor.length > 0 ? (
          <>
            {' · '}
            <a href={`/observatorio/planes/${plan.code}/informe`}>{t('observatory.report.link')}</a>
          </>
        ) : null}
      </p>
      {observatory.length > 0 ? (
        <section aria-labelledby="observatorio-indicadores">
          <h2 id="observatorio-indicadores">{t('observatory.indicators.heading')}</h2>
          <IndicatorTable caption={t('observatory.indicators.caption', { year: String(props.view.year) })} planCode={plan.code} statuses={observatory} canEdit={props.canEdit} />
        </section>
      ) : null}
      <h2>{t('observatory.goals.heading')}</h2>
      {props.view.lines.map((line) => (
        <section key={line.id} aria-labelledby={`linea-${line.position}`}>
          <h3 id={`linea-${line.position}`}>
            {line.title} <span class="hint">{line.axis}</span>
          </h3>
          {line.goals.map((goal) => (
            <div key={goal.id}>
              <p>
                <strong>{t('observatory.goalLabel')}</strong> {goal.title}
              </p>
              {goal.indicators.length > 0 ? (
                <IndicatorTable caption={t('observatory.goal.caption', { goal: goal.title })} planCode={plan.code} statuses={goal.indicators} canEdit={props.canEdit} />
              ) : null}
            </div>
          ))}
        </section>
      ))}
      <h2 id="informes">{t('observatory.reports.heading')}</h2>
      {props.reports.length === 0 ? (
        <p>{t('observatory.reports.none')}</p>
      ) : (
        props.reports.map((report) => (
          <Details key={report.id} summary={t('observatory.reports.summary', { agency: props.agencyNames[report.agencyCode] ?? report.agencyCode, year: String(report.year) })}>
            <p>{t('observatory.reports.submitted', { date: format.date(report.submittedAt) })}</p>
            <SummaryList
              rows={report.lines.map((l) => ({
                key: props.view.lineTitles[l.lineId] ?? '',
                value: (
                  <>
                    <p>{l.done}</p>
                    {l.evidence ? <p>{t('observatory.reports.evidence', { evidence: l.evidence })}</p> : null}
                    {report.files
                      .filter((f) => f.lineId === l.lineId)
                      .map((f) => (
                        <p key={f.position}>
                          <a href={`/observatorio/informes/${report.id}/archivos/${f.position}`}>{t('observatory.reports.file', { name: f.filename, kb: Math.max(1, Math.round(f.size / 1024)) })}</a>
                        </p>
                      ))}
                  </>
                ),
              }))}
            />
          </Details>
        ))
      )}
      <h2 id="evaluaciones">{t('observatory.evaluations.heading')}</h2>
      {props.canEdit ? (
        <p>
          <a href={`/observatorio/planes/${plan.code}/evaluaciones`}>{t('observatory.evaluations.add')}</a> ·{' '}
          <a href={`/observatorio/planes/${plan.code}/estructura`}>{t('observatory.structure.link')}</a>
        </p>
      ) : null}
      {props.evaluations.length === 0 ? (
        <p>{t('observatory.evaluations.none')}</p>
      ) : (
        props.evaluations.map((e) => (
          <section key={e.id}>
            <h3>{t(`observatory.evaluation.${e.kind}`, { year: String(e.year) })}</h3>
            <p>{e.note}</p>
          </section>
        ))
      )}
    </>
  );
}

export function IndicatorPage(props: { history: IndicatorHistory }) {
  const { t } = useView();
  const figure = useFigure();
  const { status, years, plan } = props.history;
  const indicator = status.indicator;
  const label = progressText(t, status.progress);
  return (
    <>
      <h1>{indicator.name}</h1>
      <SummaryList
        rows={[
          { key: t('observatory.column.value', { year: String(status.year) }), value: figure(status.value, indicator.unit) },
          {
            key: t('observatory.column.target'),
            value: status.target === null ? t('observatory.value.none') : t('observatory.target.inYear', { value: figure(status.target, indicator.unit), year: String(status.targetYear ?? '') }),
          },
          {
            key: t('observatory.column.progress'),
            value: (
              <>
                <ProgressBar progress={status.progress} label={label} /> {label}
              </>
            ),
          },
          {
            key: t('observatory.baseline'),
            value:
              indicator.baseline === null
                ? t('observatory.value.none')
                : t('observatory.target.inYear', { value: figure(indicator.baseline, indicator.unit), year: String(indicator.baselineYear ?? '') }),
          },
          { key: t('observatory.column.source'), value: t(`observatory.sourceLong.${indicator.source}`, { agency: indicator.responsibleAgency }) },
        ]}
      />
      <h2>{t('observatory.history.heading')}</h2>
      <Table
        caption={t('observatory.history.caption', { name: indicator.name })}
        rowHeaders
        columns={[
          { label: t('observatory.history.year') },
          { label: t('observatory.history.value'), numeric: true },
          { label: t('observatory.column.target'), numeric: true },
          { label: t('observatory.history.origin') },
        ]}
        rows={years.map((y) => [String(y.year), figure(y.value, indicator.unit), y.target === null ? '—' : figure(y.target, indicator.unit), y.origin ? t(`observatory.origin.${y.origin}`) : '—'])}
      />
      <p>
        <a href={`/observatorio/planes/${plan.code}`}>{t('observatory.back', { plan: plan.title })}</a>
      </p>
    </>
  );
}

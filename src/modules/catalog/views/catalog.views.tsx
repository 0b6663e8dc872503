// Public pages of the catalog: search with filters, and one page per procedure.
import { Button, Form, Notice, Pagination, Select, SummaryList, Table, Tag, TextField, type ChoiceOption } from '../../../platform/views/components.tsx';
import { type CommitmentMetric, type CommitmentResult, measureCommitments } from '../commitments.ts';
import { useView } from '../../../platform/views/context.ts';
import type { AgencyStatistics, StoredStatistics } from '../procedure.service.ts';
import { AUDIENCES, LIFE_EVENTS, TOPICS, type AgencyName, type PublishedProcedure } from '../procedure.types.ts';

/** Search parameters as they appear in the page's address. */
export interface SearchParams {
  q: string;
  institucion: string;
  tema: string;
  hecho: string;
  para: string;
}

export function searchHref(params: SearchParams, page: number): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  if (page > 1) query.set('pagina', String(page));
  const text = query.toString();
  return text ? `/tramites?${text}` : '/tramites';
}

export function ProcedureSearchPage(props: {
  params: SearchParams;
  agencies: AgencyName[];
  items: PublishedProcedure[];
  total: number;
  page: number;
  pageSize: number;
  correctedQuery: string | null;
}) {
  const { t } = useView();
  const agencyNames = new Map(props.agencies.map((a) => [a.code, a]));
  const options = (values: readonly string[], label: (value: string) => string): ChoiceOption[] => values.map((value) => ({ value, label: label(value) }));
  const totalPages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <>
      <h1>{t('catalog.search.title')}</h1>
      <p class="lead">{t('catalog.search.lead')}</p>
      <div class="procedure-search" role="search">
        <Form action="/tramites" method="get">
          <TextField name="q" type="search" label={t('catalog.search.label')} hint={t('catalog.search.hint')} value={props.params.q} autocomplete="off" />
          <div class="procedure-filters">
            <Select
              name="institucion"
              label={t('catalog.filters.agency')}
              placeholder={t('catalog.filters.any')}
              value={props.params.institucion}
              options={props.agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.acronym})` }))}
            />
            <Select name="tema" label={t('catalog.filters.topic')} placeholder={t('catalog.filters.any')} value={props.params.tema} options={options(TOPICS, (value) => t(`catalog.topic.${value}`))} />
            <Select
              name="hecho"
              label={t('catalog.filters.lifeEvent')}
              placeholder={t('catalog.filters.any')}
              value={props.params.hecho}
              options={options(LIFE_EVENTS, (value) => t(`catalog.lifeEvent.${value}`))}
            />
            <Select
              name="para"
              label={t('catalog.filters.audience')}
              placeholder={t('catalog.filters.any')}
              value={props.params.para}
              options={options(AUDIENCES, (value) => t(`catalog.audience.${value}`))}
            />
          </div>
          <Button>{t('catalog.search.submit')}</Button>
        </Form>
      </div>
      <h2 id="resultados">{t('catalog.search.results', { count: props.total })}</h2>
      {props.correctedQuery ? <Notice tone="info">{t('catalog.search.corrected', { query: props.correctedQuery })}</Notice> : null}
      {props.items.length === 0 ? (
        <p>{t('catalog.search.none')}</p>
      ) : (
        <ul class="procedure-list" aria-labelledby="resultados">
          {props.items.map((p) => (
            <li key={p.slug} class="procedure-list__item">
              <h3 class="procedure-list__name">
                <a href={`/tramites/${p.slug}`}>{p.name}</a>
              </h3>
              <p class="procedure-list__agency">{agencyNames.get(p.agencyCode)?.name ?? p.agencyCode}</p>
              <p>{p.summary}</p>
              {p.isOnline ? <Tag tone="success">{t('catalog.procedure.online')}</Tag> : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination currentPage={props.page} totalPages={totalPages} href={(page) => searchHref(props.params, page)} label={t('catalog.search.pagination')} />
    </>
  );
}

function List(props: { items: string[]; ordered?: boolean }) {
  if (props.ordered)
    return (
      <ol>
        {props.items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ol>
    );
  return (
    <ul>
      {props.items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

export interface ProcedurePageProps {
  procedure: PublishedProcedure;
  agency: AgencyName | undefined;
  fee: string;
  publishedOn: string;
  /** The last day of the legal time for an application made today. */
  answerBy: string;
  statistics: StoredStatistics | undefined;
  agencyStatistics: AgencyStatistics | undefined;
  formatNumber: (value: number, style?: 'percent') => string;
  startHref: string | null;
}

export function ProcedurePage(props: ProcedurePageProps) {
  const { t } = useView();
  const p = props.procedure;
  const s = props.statistics;
  const orDash = (value: number | null, style?: 'percent') => (value === null ? t('catalog.statistics.none') : props.formatNumber(value, style));
  return (
    <>
      <h1>{p.name}</h1>
      <p class="lead">{p.summary}</p>
      {p.isOnline ? (
        <p>
          <Tag tone="success">{t('catalog.procedure.online')}</Tag>
        </p>
      ) : null}
      {props.startHref ? <Button href={props.startHref}>{t('catalog.procedure.start')}</Button> : null}
      <SummaryList
        rows={[
          {
            key: t('catalog.procedure.agency'),
            value: props.agency ? <a href={`/instituciones#institucion-${props.agency.code}`}>{`${props.agency.name} (${props.agency.acronym})`}</a> : p.agencyCode,
          },
          { key: t('catalog.procedure.audience'), value: p.audiences.map((a) => t(`catalog.audience.${a}`)).join(', ') },
          { key: t('catalog.procedure.fee'), value: props.fee },
          { key: t('catalog.procedure.maxResponse'), value: t('catalog.procedure.businessDaysUntil', { days: p.maxResponseDays, date: props.answerBy }) },
          { key: t('catalog.procedure.whenTimePasses'), value: t(`catalog.tacit.${p.tacitOutcome}`) },
          { key: t('catalog.procedure.result'), value: p.result },
          ...(p.resultValidity ? [{ key: t('catalog.procedure.validity'), value: p.resultValidity }] : []),
          { key: t('catalog.procedure.topics'), value: p.topics.map((topic) => t(`catalog.topic.${topic}`)).join(', ') },
        ]}
      />
      <p>
        <a href={`/tramites/${p.slug}/simplificacion`}>{t('catalog.simplification.link')}</a>
      </p>
      {p.requirements.length > 0 ? (
        <>
          <h2>{t('catalog.procedure.requirements')}</h2>
          <List items={p.requirements} />
        </>
      ) : null}
      <h2>{t('catalog.procedure.steps')}</h2>
      <List items={p.steps} ordered />
      <h2>{t('catalog.procedure.channels')}</h2>
      {p.isOnline ? <p>{t('catalog.procedure.channelOnline')}</p> : null}
      {p.offices.length > 0 ? (
        <ul class="office-list">
          {p.offices.map((o, i) => (
            <li key={i}>
              <strong>{o.code ? <a href={`/oficinas#oficina-${o.code}`}>{o.name}</a> : o.name}</strong>
              <br />
              {o.address}
              <br />
              {t('catalog.procedure.hours', { hours: o.hours })}
            </li>
          ))}
        </ul>
      ) : null}
      {p.commitments.length > 0 ? (
        <>
          <h2>{t('catalog.procedure.commitments')}</h2>
          {(p.commitmentTargets ?? []).length === 0 ? <List items={p.commitments} /> : <CommitmentTable results={measureCommitments(p.commitments, p.commitmentTargets ?? [], s)} />}
        </>
      ) : null}
      {p.legalBasis.length > 0 ? (
        <>
          <h2>{t('catalog.procedure.legalBasis')}</h2>
          <List items={p.legalBasis} />
        </>
      ) : null}
      <h2>{t('catalog.statistics.title')}</h2>
      {s ? (
        <>
          <SummaryList
            rows={[
              { key: t('catalog.statistics.applications'), value: props.formatNumber(s.applications) },
              { key: t('catalog.statistics.completed'), value: props.formatNumber(s.completed) },
              {
                key: t('catalog.statistics.median'),
                value: s.medianDaysToComplete === null ? t('catalog.statistics.none') : t('catalog.procedure.businessDays', { days: props.formatNumber(s.medianDaysToComplete) }),
              },
              { key: t('catalog.statistics.withinLegalTime'), value: orDash(s.shareWithinLegalTime, 'percent') },
              {
                key: t('catalog.statistics.satisfaction'),
                value:
                  s.satisfactionAverage === null
                    ? t('catalog.statistics.none')
                    : t('catalog.statistics.satisfactionValue', { average: props.formatNumber(s.satisfactionAverage), count: s.satisfactionCount }),
              },
            ]}
          />
          <p>
            <a href="/api/v1/procedure-statistics">{t('catalog.statistics.openData')}</a>
          </p>
        </>
      ) : (
        <p>{t('catalog.statistics.notYet')}</p>
      )}
      {props.agencyStatistics ? (
        <>
          <h2>{t('catalog.statistics.agencyTitle', { agency: props.agency?.acronym ?? p.agencyCode })}</h2>
          <SummaryList
            rows={[
              { key: t('catalog.statistics.procedures'), value: props.formatNumber(props.agencyStatistics.procedures) },
              { key: t('catalog.statistics.applications'), value: props.formatNumber(props.agencyStatistics.applications) },
              { key: t('catalog.statistics.completed'), value: props.formatNumber(props.agencyStatistics.completed) },
              { key: t('catalog.statistics.withinLegalTime'), value: orDash(props.agencyStatistics.shareWithinLegalTime, 'percent') },
              {
                key: t('catalog.statistics.satisfaction'),
                value:
                  props.agencyStatistics.satisfactionAverage === null
                    ? t('catalog.statistics.none')
                    : t('catalog.statistics.satisfactionValue', { average: props.formatNumber(props.agencyStatistics.satisfactionAverage), count: props.agencyStatistics.satisfactionCount }),
              },
            ]}
          />
        </>
      ) : null}
      <p class="procedure-version">{t('catalog.procedure.version', { version: p.version, date: props.publishedOn })}</p>
    </>
  );
}

/** Each service-charter commitment with its target and what the procedure's figures say. */
function CommitmentTable(props: { results: CommitmentResult[] }) {
  const { t, format } = useView();
  const value = (metric: CommitmentMetric, n: number) => t(`catalog.commitment.value.${metric}`, { n: format.number(n) });
  return (
    <Table
      id="compromisos"
      caption={t('catalog.procedure.commitments')}
      captionHidden
      columns={[{ label: t('catalog.commitment.text') }, { label: t('catalog.commitment.target') }, { label: t('catalog.commitment.actual') }, { label: t('catalog.commitment.met') }]}
      rows={props.results.map((r) => [
        r.text,
        r.target ? value(r.target.metric, r.target.target) : '—',
        r.target && r.actual !== null ? value(r.target.metric, r.actual) : '—',
        r.met === null ? r.target ? t('catalog.commitment.noData') : '—' : <Tag tone={r.met ? 'success' : 'warning'}>{t(r.met ? 'catalog.commitment.yes' : 'catalog.commitment.no')}</Tag>,
      ])}
    />
  );
}

// The /datos pages: the catalog search with facets, and a dataset's page (metadata,
// downloads, API addresses, preview of the first rows with column types, a chart and its table).
import { Button, SummaryList, Table, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Preview } from '../browse.service.ts';
import { downloadPath } from '../ckan.ts';
import { LICENSE_BY_ID, type Dataset, type Theme } from '../open-data.types.ts';
import { BarChart } from './chart.tsx';

type Facet = { param: string; items: Array<{ name: string; title: string; count: number }> };

function searchHref(q: string, selected: Record<string, string>, change: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  for (const [key, value] of Object.entries({ ...selected, ...change })) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `/datos?${query}` : '/datos';
}

export function CatalogSearch(props: { q: string; selected: Record<string, string>; count: number; page: number; pages: number; datasets: Dataset[]; facets: Facet[] }) {
  const { t, format } = useView();
  const { q, selected } = props;
  return (
    <>
      <h1>{t('open_data.search.title')}</h1>
      <p class="lead">{t('open_data.search.lead')}</p>
      <form method="get" action="/datos" role="search">
        {Object.entries(selected).map(([key, value]) => (
          <input key={key} type="hidden" name={key} value={value} />
        ))}
        <TextField name="q" type="search" label={t('open_data.search.label')} hint={t('open_data.search.hint')} value={q} optional />
        <Button type="submit">{t('open_data.search.submit')}</Button>
      </form>
      <div class="open-data-layout">
        <nav class="open-data-facets" aria-label={t('open_data.search.facets')}>
          {props.facets.map((facet) => (
            <section key={facet.param}>
              <h2 class="heading-s">{t(`open_data.facet.${facet.param}`)}</h2>
              <ul class="list">
                {selected[facet.param] ? (
                  <li>
                    <a href={searchHref(q, selected, { [facet.param]: undefined })}>
                      {t('open_data.search.remove', { value: facet.items.find((i) => i.name === selected[facet.param])?.title ?? selected[facet.param]! })}
                    </a>
                  </li>
                ) : (
                  facet.items.map((item) => (
                    <li key={item.name}>
                      <a href={searchHref(q, selected, { [facet.param]: item.name })}>{t('open_data.search.facetItem', { title: item.title, count: item.count })}</a>
                    </li>
                  ))
                )}
              </ul>
            </section>
          ))}
        </nav>
        <div class="open-data-results">
          <h2 aria-live="polite">{t('open_data.search.count', { count: props.count })}</h2>
          <ul class="list open-data-list">
            {props.datasets.map((d) => (
              <li key={d.id}>
                <h3 class="heading-s">
                  <a href={`/datos/${d.name}`}>{d.title}</a>
                </h3>
                <p>{d.organization.title}</p>
                <p class="hint">{t('open_data.search.meta', { formats: [...new Set(d.resources.map((r) => r.format))].join(', '), modified: format.date(d.metadataModified) })}</p>
              </li>
            ))}
          </ul>
          {props.pages > 1 ? (
            <nav aria-label={t('open_data.search.pagination')}>
              <p>
                {props.page > 1 ? <a href={searchHref(q, selected, { pagina: String(props.page - 1) })}>{t('open_data.search.previous')}</a> : null}{' '}
                {t('open_data.search.pageOf', { page: props.page, pages: props.pages })}{' '}
                {props.page < props.pages ? <a href={searchHref(q, selected, { pagina: String(props.page + 1) })}>{t('open_data.search.next')}</a> : null}
              </p>
            </nav>
          ) : null}
        </div>
      </div>
    </>
  );
}

export function DatasetPage(props: { dataset: Dataset; themes: Map<string, Theme>; preview: Preview | undefined; base: string; versions: Array<{ version: string; changedAt: Date; note: string }> }) {
  const { t, format } = useView();
  const d = props.dataset;
  const license = LICENSE_BY_ID.get(d.licenseId);
  const api = `${props.base}/api/3/action/package_show?id=${d.name}`;
  const cell = (value: unknown, field: { id: string; type: string }) => {
    if (value === null || value === undefined) return '';
    // A year is a label, not an amount: never grouped (2019, not 2.019).
    if (/^(anio|year)$/.test(field.id)) return String(value);
    if (field.type === 'int' || field.type === 'numeric') return format.number(Number(value));
    return String(value).replace(/T00:00:00$/, '');
  };
  const chart = props.preview?.chart;
  return (
    <>
      <p class="caption">{d.organization.title}</p>
      <h1>{d.title}</h1>
      <p class="lead">{d.notes}</p>
      <h2>{t('open_data.dataset.downloads')}</h2>
      <ul class="list">
        {d.resources.map((r) => (
          <li key={r.id}>
            <a href={r.url ?? downloadPath(d, r)} download={r.url ? undefined : ''}>
              {t('open_data.dataset.download', { name: r.name })}
            </a>
            {r.size !== null ? ` (${t('open_data.dataset.size', { kb: Math.max(1, Math.round(r.size / 1024)) })})` : null}
          </li>
        ))}
      </ul>
      {props.preview ? (
        <>
          <h2>{t('open_data.dataset.preview')}</h2>
          <Table
            caption={t('open_data.dataset.previewCaption', { count: props.preview.rows.length, total: props.preview.resource.datastoreRows ?? 0 })}
            columns={props.preview.fields.map((f) => ({ label: `${f.label} (${t(`open_data.type.${f.type}`)})`, numeric: f.type === 'int' || f.type === 'numeric' }))}
            rows={props.preview.rows.map((row) => props.preview!.fields.map((f) => cell(row[f.id], f)))}
          />
          {chart ? (
            <>
              <h2>{t('open_data.dataset.chart', { value: chart.value.label, by: chart.by.label })}</h2>
              <BarChart
                id="grafico"
                title={t('open_data.dataset.chart', { value: chart.value.label, by: chart.by.label })}
                description={t('open_data.dataset.chartDescription', { unit: chart.value.unit || '—' })}
                points={chart.points.map((p) => ({ label: p.x.replace(/-01$/, ''), value: p.y }))}
              />
              <Table
                caption={t('open_data.dataset.chartTable')}
                rowHeaders
                columns={[{ label: chart.by.label }, { label: chart.value.unit ? `${chart.value.label} (${chart.value.unit})` : chart.value.label, numeric: true }]}
                rows={chart.points.map((p) => [p.x, format.number(p.y, { maximumFractionDigits: 1 })])}
              />
            </>
          ) : null}
          <h2>{t('open_data.dataset.dictionary')}</h2>
          <Table
            caption={t('open_data.dataset.dictionaryCaption')}
            captionHidden
            rowHeaders
            columns={[{ label: t('open_data.dataset.column') }, { label: t('open_data.dataset.type') }, { label: t('open_data.dataset.meaning') }, { label: t('open_data.dataset.unit') }]}
            rows={props.preview.fields.map((f) => [f.id, t(`open_data.type.${f.type}`), [f.label, f.notes].filter(Boolean).join('. '), f.unit])}
          />
        </>
      ) : null}
      <h2>{t('open_data.dataset.metadata')}</h2>
      <SummaryList
        rows={[
          { key: t('open_data.dataset.publisher'), value: d.organization.title },
          { key: t('open_data.dataset.license'), value: license?.url ? <a href={license.url}>{license.title}</a> : (license?.title ?? d.licenseId) },
          { key: t('open_data.dataset.themes'), value: d.themes.map((name) => props.themes.get(name)?.title ?? name).join(', ') },
          { key: t('open_data.dataset.keywords'), value: d.tags.join(', ') },
          {
            key: t('open_data.dataset.temporal'),
            value: d.temporalStart && d.temporalEnd ? t('open_data.dataset.period', { from: format.date(d.temporalStart), to: format.date(d.temporalEnd) }) : '—',
          },
          { key: t('open_data.dataset.spatial'), value: d.spatial ?? t('open_data.dataset.wholeCountry') },
          { key: t('open_data.dataset.frequency'), value: t(`open_data.frequency.${d.frequency}`) },
          { key: t('open_data.dataset.contact'), value: <a href={`mailto:${d.contactEmail}`}>{d.contactName}</a> },
          { key: t('open_data.dataset.version'), value: t('open_data.dataset.versionValue', { version: d.version, date: format.dateTime(d.metadataModified) }) },
          ...(d.provenance ? [{ key: t('open_data.dataset.provenance'), value: d.provenance }] : []),
        ]}
      />
      {props.versions.length > 1 ? (
        <Table
          caption={t('open_data.dataset.history')}
          columns={[{ label: t('open_data.dataset.version') }, { label: t('open_data.dataset.changed') }]}
          rows={props.versions.map((v) => [v.version, format.dateTime(v.changedAt)])}
        />
      ) : null}
      <h2>{t('open_data.dataset.api')}</h2>
      <ul class="list">
        <li>
          {t('open_data.dataset.ckan')} <code>{api}</code>
        </li>
        {props.preview ? (
          <li>
            {t('open_data.dataset.datastore')} <code>{`${props.base}/api/3/action/datastore_search?resource_id=${props.preview.resource.id}`}</code>
          </li>
        ) : null}
        <li>
          {t('open_data.dataset.dcat')} <a href={`/dataset/${d.name}.ttl`}>Turtle</a>, <a href={`/dataset/${d.name}.jsonld`}>JSON-LD</a>, <a href={`/dataset/${d.name}.rdf`}>RDF/XML</a>
        </li>
      </ul>
    </>
  );
}

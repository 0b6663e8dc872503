// Lists of reports: the public list with its filters and map, and the queues.
import { Button, ButtonGroup, ErrorSummary, Form, Select, TextField, summaryItems, type ChoiceOption } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Report } from '../report.types.ts';
import { type FormErrors, type Formatting, type FormValues, ReportMap, ReportTable, str } from './report-common.views.tsx';

export function ReportListPage(props: {
  /** The country's name for the reports and its one-line lead (the profile's terms). */
  title: string;
  lead: string;
  reports: Report[];
  format: Formatting;
  values: FormValues;
  territories: ChoiceOption[];
  categories: ChoiceOption[];
  agencies: ChoiceOption[];
  nextHref: string | null;
  errors: FormErrors;
  mapPoints: string;
  tileUrl: string | null;
  links: Array<{ href: string; labelKey: string }>;
}) {
  const { t } = useView();
  const v = props.values;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{props.title}</h1>
      <p class="lead">{props.lead}</p>
      <ButtonGroup>
        <Button href="/reportes/nuevo">{t('reports.list.new')}</Button>
        <Button href="/reportes/estadisticas" variant="secondary">
          {t('reports.stats.title')}
        </Button>
        <Button href="/reportes/alertas" variant="secondary">
          {t('reports.alerts.title')}
        </Button>
      </ButtonGroup>
      <p>
        <a href="/reportes/categorias">{t('reports.list.categories')}</a>
      </p>
      {props.links.length > 0 ? (
        <nav aria-label={t('reports.list.yourPages')}>
          <ul>
            {props.links.map((link) => (
              <li key={link.href}>
                <a href={link.href}>{t(link.labelKey)}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <details class="details" open={Object.values(v).some((x) => x)}>
        <summary class="details__summary">{t('reports.list.filters')}</summary>
        <div class="details__text">
          <Form method="get" action="/reportes">
            <Select name="territorio" label={t('reports.field.territory')} options={props.territories} value={str(v.territorio)} placeholder={t('reports.list.any')} optional />
            <Select name="categoria" label={t('reports.field.category')} options={props.categories} value={str(v.categoria)} placeholder={t('reports.list.any')} optional />
            <Select name="institucion" label={t('reports.field.agency')} options={props.agencies} value={str(v.institucion)} placeholder={t('reports.list.any')} optional />
            <Select
              name="estado"
              label={t('reports.field.status')}
              options={(['received', 'in_progress', 'resolved', 'rejected', 'duplicate'] as const).map((s) => ({ value: s, label: t(`reports.status.${s}`) }))}
              value={str(v.estado)}
              placeholder={t('reports.list.any')}
              optional
            />
            <TextField name="desde" label={t('reports.list.from')} hint={t('reports.list.dateHint')} value={str(v.desde)} optional width="10" error={props.errors.desde} />
            <TextField name="hasta" label={t('reports.list.to')} hint={t('reports.list.dateHint')} value={str(v.hasta)} optional width="10" error={props.errors.hasta} />
            <Button variant="secondary">{t('reports.list.apply')}</Button>
          </Form>
        </div>
      </details>
      <ReportMap mode="show" tileUrl={props.tileUrl} points={props.mapPoints} id="mapa-reportes" />
      <h2>{t('reports.list.results')}</h2>
      <ReportTable reports={props.reports} format={props.format} caption={t('reports.list.results')} />
      {props.nextHref ? (
        <p>
          <a href={props.nextHref}>{t('reports.list.next')}</a>
        </p>
      ) : null}
    </>
  );
}

export function QueuePage(props: { title: string; lead: string; reports: Report[]; format: Formatting }) {
  return (
    <>
      <h1>{props.title}</h1>
      <p class="lead">{props.lead}</p>
      <ReportTable reports={props.reports} format={props.format} caption={props.title} />
    </>
  );
}

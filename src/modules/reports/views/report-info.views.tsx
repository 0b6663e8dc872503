// Statistics, alerts, the agency's webhook, and who handles each category.
import { Button, Checkboxes, Form, Select, SummaryList, Table, TextField, type ChoiceOption } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { type Category, type ReportStats, textIn } from '../report.types.ts';
import { arr, ChoiceSelect, type FormErrors, FormPageHead, type FormValues, str } from './report-common.views.tsx';

export function StatsPage(props: {
  stats: ReportStats;
  scopeLabel: string;
  territories: ChoiceOption[];
  agencies: ChoiceOption[];
  values: FormValues;
  byTerritory: Array<{ label: string; stats: ReportStats }>;
  byAgency: Array<{ label: string; stats: ReportStats }>;
}) {
  const { t, format } = useView();
  const s = props.stats;
  const pct = (x: number | null) => (x === null ? t('reports.stats.none') : format.number(x, { style: 'percent', maximumFractionDigits: 1 }));
  const hours = (x: number | null) => (x === null ? t('reports.stats.none') : t('reports.stats.hours', { hours: x }));
  const columns = [
    { label: '' },
    { label: t('reports.stats.received'), numeric: true },
    { label: t('reports.stats.resolved'), numeric: true },
    { label: t('reports.stats.median'), numeric: true },
    { label: t('reports.stats.inTime'), numeric: true },
    { label: t('reports.stats.reopened'), numeric: true },
  ];
  const rows = (list: Array<{ label: string; stats: ReportStats }>) =>
    list.map((x) => [x.label, format.number(x.stats.received), format.number(x.stats.resolved), hours(x.stats.medianResponseHours), pct(x.stats.shareInTime), format.number(x.stats.reopened)]);
  return (
    <>
      <h1>{t('reports.stats.title')}</h1>
      <p class="lead">{t('reports.stats.lead')}</p>
      <Form method="get" action="/reportes/estadisticas">
        <Select name="territorio" label={t('reports.field.territory')} options={props.territories} value={str(props.values.territorio)} placeholder={t('reports.stats.allCountry')} optional />
        <Select name="institucion" label={t('reports.field.agency')} options={props.agencies} value={str(props.values.institucion)} placeholder={t('reports.list.any')} optional />
        <Button variant="secondary">{t('reports.stats.show')}</Button>
      </Form>
      <h2>{props.scopeLabel}</h2>
      <SummaryList
        rows={[
          { key: t('reports.stats.received'), value: format.number(s.received) },
          { key: t('reports.stats.resolved'), value: format.number(s.resolved) },
          { key: t('reports.stats.answered'), value: format.number(s.answered) },
          { key: t('reports.stats.median'), value: s.medianResponseHours === null ? t('reports.stats.none') : t('reports.stats.hours', { hours: s.medianResponseHours }) },
          { key: t('reports.stats.inTime'), value: pct(s.shareInTime) },
          { key: t('reports.stats.reopened'), value: format.number(s.reopened) },
        ]}
      />
      <Table caption={t('reports.stats.byTerritory')} columns={[{ label: t('reports.field.territory') }, ...columns.slice(1)]} rows={rows(props.byTerritory)} rowHeaders />
      <Table caption={t('reports.stats.byAgency')} columns={[{ label: t('reports.field.agency') }, ...columns.slice(1)]} rows={rows(props.byAgency)} rowHeaders />
      <p>
        <a href={`/api/v1/report-stats${props.values.territorio ? `?territory=${str(props.values.territorio)}` : props.values.institucion ? `?agency=${str(props.values.institucion)}` : ''}`}>
          {t('reports.stats.openData')}
        </a>
      </p>
    </>
  );
}

export function AlertsPage(props: { subscriptions: Array<{ id: number; label: string }>; territories: ChoiceOption[]; errors: FormErrors; values: FormValues; notice?: string }) {
  const { t } = useView();
  return (
    <>
      <FormPageHead errors={props.errors} notice={props.notice} titleKey="reports.alerts.title" leadKey="reports.alerts.lead" />
      {props.subscriptions.length > 0 ? (
        <ul class="alert-list">
          {props.subscriptions.map((s) => (
            <li key={s.id}>
              {s.label}
              <Form action={`/reportes/alertas/${s.id}/eliminar`}>
                <Button variant="secondary">{t('reports.alerts.remove')}</Button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('reports.alerts.none')}</p>
      )}
      <h2>{t('reports.alerts.byTerritory')}</h2>
      <Form action="/reportes/alertas">
        <input type="hidden" name="tipo" value="territorio" />
        <ChoiceSelect name="territorio" label={t('reports.field.territory')} options={props.territories} values={props.values} errors={props.errors} />
        <Button>{t('reports.alerts.subscribe')}</Button>
      </Form>
      <h2>{t('reports.alerts.byRadius')}</h2>
      <Form action="/reportes/alertas">
        <input type="hidden" name="tipo" value="radio" />
        <TextField name="lat" label={t('reports.new.lat')} value={str(props.values.lat)} inputmode="decimal" width="20" error={props.errors.lat} />
        <TextField name="lon" label={t('reports.new.lon')} value={str(props.values.lon)} inputmode="decimal" width="20" error={props.errors.lon} />
        <TextField name="radio" label={t('reports.alerts.radius')} value={str(props.values.radio)} inputmode="numeric" width="10" suffix="m" error={props.errors.radio} />
        <Button>{t('reports.alerts.subscribe')}</Button>
      </Form>
    </>
  );
}

export interface WebhookLogEntry {
  createdAt: Date;
  topic: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

export function WebhookPage(props: {
  agencies: ChoiceOption[];
  current: Array<{ agency: string; url: string; isActive: boolean; deliveries: WebhookLogEntry[] }>;
  errors: FormErrors;
  values: FormValues;
  notice?: string;
  generatedSecret?: string;
  /** Dates on the country's clock. */
  dateTime: (d: Date) => string;
}) {
  const { t } = useView();
  return (
    <>
      <FormPageHead errors={props.errors} notice={props.notice} titleKey="reports.webhook.title" leadKey="reports.webhook.lead" />
      {props.generatedSecret ? (
        <section aria-labelledby="secreto-generado">
          <h2 id="secreto-generado">{t('reports.webhook.generatedTitle')}</h2>
          <p>{t('reports.webhook.generatedText')}</p>
          <p>
            <code>{props.generatedSecret}</code>
          </p>
        </section>
      ) : null}
      {props.current.length > 0 ? (
        <Table
          caption={t('reports.webhook.current')}
          columns={[{ label: t('reports.field.agency') }, { label: t('reports.webhook.url') }, { label: t('reports.webhook.state') }]}
          rows={props.current.map((w) => [w.agency, w.url, w.isActive ? t('reports.webhook.active') : t('reports.webhook.paused')])}
        />
      ) : null}
      {props.current
        .filter((w) => w.deliveries.length > 0)
        .map((w) => (
          <Table
            key={w.agency}
            caption={t('reports.webhook.log', { agency: w.agency })}
            columns={[
              { label: t('reports.webhook.logWhen') },
              { label: t('reports.webhook.logTopic') },
              { label: t('reports.webhook.state') },
              { label: t('reports.webhook.logAttempts') },
              { label: t('reports.webhook.logAnswer') },
            ]}
            rows={w.deliveries.map((d) => [
              props.dateTime(d.createdAt),
              d.topic,
              t(`reports.webhook.status.${d.status}`),
              String(d.attempts),
              d.lastError ?? (d.lastStatusCode ? String(d.lastStatusCode) : ''),
            ])}
          />
        ))}
      <Form action="/reportes/integracion">
        <ChoiceSelect name="institucion" label={t('reports.field.agency')} options={props.agencies} values={props.values} errors={props.errors} />
        <TextField name="url" label={t('reports.webhook.url')} hint={t('reports.webhook.urlHint')} value={str(props.values.url)} type="url" spellcheck={false} error={props.errors.url} />
        <TextField name="secreto" label={t('reports.webhook.secret')} hint={t('reports.webhook.secretHint')} type="password" autocomplete="new-password" error={props.errors.secreto} optional />
        <Checkboxes name="activo" label={t('reports.webhook.state')} options={[{ value: 'si', label: t('reports.webhook.activeOption') }]} values={arr(props.values.activo)} optional />
        <Button>{t('reports.webhook.save')}</Button>
      </Form>
    </>
  );
}

export function CategoriesPage(props: { categories: Category[]; rules: Array<{ categoryCode: string; territory: string; agency: string }> }) {
  const { t, language } = useView();
  const yesNo = (value: boolean) => (value ? t('reports.categories.yes') : t('reports.categories.no'));
  return (
    <>
      <h1>{t('reports.categories.title')}</h1>
      <p class="lead">{t('reports.categories.lead')}</p>
      {props.categories.map((c) => {
        const rules = props.rules.filter((r) => r.categoryCode === c.code);
        return (
          <section key={c.code} aria-labelledby={`categoria-${c.code}`}>
            <h2 id={`categoria-${c.code}`}>{textIn(c.name, language)}</h2>
            <p>{textIn(c.description, language)}</p>
            <SummaryList
              rows={[
                { key: t('reports.categories.legalDays'), value: t('reports.categories.days', { days: c.legalResponseDays }) },
                { key: t('reports.categories.contestDays'), value: t('reports.categories.days', { days: c.contestDays }) },
                { key: t('reports.categories.anonymous'), value: yesNo(c.anonymousAllowed) },
                {
                  key: t('reports.categories.routing'),
                  value: c.isAgencyComplaint ? (
                    t('reports.categories.namedAgency')
                  ) : rules.length === 0 ? (
                    t('reports.categories.triageOnly')
                  ) : (
                    <ul>
                      {rules.map((r) => (
                        <li key={r.territory}>{t('reports.categories.rule', { territory: r.territory, agency: r.agency })}</li>
                      ))}
                    </ul>
                  ),
                },
              ]}
            />
          </section>
        );
      })}
    </>
  );
}

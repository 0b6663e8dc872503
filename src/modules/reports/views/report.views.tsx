// Pages of reports. No view ever receives the reporter's identity or contact: the public
// report type does not carry them.
import type { ComponentChildren } from 'preact';
import {
  Button,
  ButtonGroup,
  Checkboxes,
  ErrorSummary,
  Form,
  InsetText,
  Notice,
  Panel,
  Radios,
  Select,
  SummaryList,
  Table,
  Tag,
  TextArea,
  TextField,
  summaryItems,
  type ChoiceOption,
} from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { Category, Report, ReportStats, ReportStatus, TimelineEntry } from '../report.types.ts';

export type FormErrors = Record<string, string | undefined>;
export type FormValues = Record<string, string | string[] | undefined>;

export interface Formatting {
  dateTime: (d: Date) => string;
  territoryName: (code: string | null) => string;
  categoryName: (code: string) => string;
}

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const arr = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

const STATUS_TONE: Record<ReportStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger'> = {
  received: 'info',
  in_progress: 'warning',
  resolved: 'success',
  rejected: 'danger',
  duplicate: 'neutral',
};

export function StatusTag(props: { status: ReportStatus }) {
  const { t } = useView();
  return <Tag tone={STATUS_TONE[props.status]}>{t(`reports.status.${props.status}`)}</Tag>;
}

function OverdueTag() {
  const { t } = useView();
  return <Tag tone="danger">{t('reports.overdue')}</Tag>;
}

// ---------------------------------------------------------------------------------------
// New report: 1. category, 2. details, 3. check duplicates, add photos, send

export function CategoryChoicePage(props: { categories: Category[]; error?: string }) {
  const { t, locale } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems({ categoria: props.error })} />
      <Form method="get" action="/reportes/nuevo">
        <Radios
          name="categoria"
          label={t('reports.new.categoryQuestion')}
          isPageHeading
          error={props.error}
          options={props.categories.map((c) => ({ value: c.code, label: c.name[locale], hint: c.description[locale] }))}
        />
        <Button>{t('reports.new.continue')}</Button>
      </Form>
    </>
  );
}

function QuestionField(props: { category: Category; code: string; values: FormValues; errors: FormErrors }) {
  const { t, locale } = useView();
  const q = props.category.questions.find((x) => x.code === props.code)!;
  const name = `respuesta.${q.code}`;
  const common = { name, label: q.description[locale], optional: !q.required, error: props.errors[name] };
  const options: ChoiceOption[] = q.values.map((v) => ({ value: v.key, label: v.name[locale] }));
  switch (q.datatype) {
    case 'singlevaluelist':
      return <Radios {...common} options={options} value={str(props.values[name])} />;
    case 'multivaluelist':
      return <Checkboxes {...common} options={options} values={arr(props.values[name])} />;
    case 'text':
      return <TextArea {...common} value={str(props.values[name])} rows={3} />;
    case 'number':
      return <TextField {...common} value={str(props.values[name])} inputmode="decimal" width="10" />;
    case 'datetime':
      return <TextField {...common} value={str(props.values[name])} hint={t('reports.new.dateHint')} width="20" />;
    default:
      return <TextField {...common} value={str(props.values[name])} />;
  }
}

export interface DetailsProps {
  category: Category;
  values: FormValues;
  errors: FormErrors;
  territories: ChoiceOption[];
  councils: ChoiceOption[];
  agencies: ChoiceOption[];
  isSignedIn: boolean;
  signInHref: string;
  tileUrl: string | null;
}

/** The map (progressive enhancement, only with MAP_TILE_URL): hidden until the script draws it. */
export function ReportMap(props: { mode: 'pick' | 'show'; tileUrl: string | null; points?: string; id: string }) {
  const { t, asset } = useView();
  if (!props.tileUrl) return null;
  return (
    <>
      <div
        class="report-map"
        id={props.id}
        data-report-map={props.mode}
        data-tiles={props.tileUrl}
        data-points={props.points}
        data-zoom-in={t('reports.map.zoomIn')}
        data-zoom-out={t('reports.map.zoomOut')}
        hidden
      />
      <script src={asset('js/reports-map.js')} defer />
    </>
  );
}

export function ReportDetailsPage(props: DetailsProps) {
  const { t, locale } = useView();
  const c = props.category;
  const v = props.values;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <span class="caption">{c.name[locale]}</span>
      <h1>{t('reports.new.detailsTitle')}</h1>
      {!props.isSignedIn && !c.anonymousAllowed ? (
        <Notice>
          {t('reports.new.signInRequired')} <a href={props.signInHref}>{t('reports.new.signIn')}</a>
        </Notice>
      ) : null}
      {!props.isSignedIn && c.anonymousAllowed ? (
        <InsetText>
          {t('reports.new.anonymousVisitor')} <a href={props.signInHref}>{t('reports.new.signIn')}</a>
        </InsetText>
      ) : null}
      <Form action="/reportes/nuevo">
        <input type="hidden" name="categoria" value={c.code} />
        {c.isAgencyComplaint ? (
          <Select
            name="institucion"
            label={t('reports.new.subjectAgency')}
            options={props.agencies}
            value={str(v.institucion)}
            placeholder={t('reports.new.choose')}
            error={props.errors.institucion}
          />
        ) : null}
        <TextArea name="descripcion" label={t('reports.new.description')} hint={t('reports.new.descriptionHint')} value={str(v.descripcion)} error={props.errors.descripcion} />
        {c.questions.map((q) => (
          <QuestionField key={q.code} category={c} code={q.code} values={v} errors={props.errors} />
        ))}
        <h2>{t('reports.new.whereTitle')}</h2>
        <p>{t('reports.new.whereHint')}</p>
        <Select
          name="territorio"
          label={t('reports.new.territory')}
          options={props.territories}
          value={str(v.territorio)}
          placeholder={t('reports.new.choose')}
          optional
          error={props.errors.territorio}
        />
        <TextField
          name="direccion"
          label={t('reports.new.address')}
          hint={t('reports.new.addressHint')}
          value={str(v.direccion)}
          optional
          error={props.errors.direccion}
          autocomplete="street-address"
        />
        <ReportMap mode="pick" tileUrl={props.tileUrl} id="mapa-ubicacion" />
        <TextField name="lat" label={t('reports.new.lat')} hint={t('reports.new.latHint')} value={str(v.lat)} optional inputmode="decimal" width="20" error={props.errors.lat} />
        <TextField name="lon" label={t('reports.new.lon')} value={str(v.lon)} optional inputmode="decimal" width="20" error={props.errors.lon} />
        {props.isSignedIn && c.anonymousAllowed ? (
          <Checkboxes
            name="anonimo"
            label={t('reports.new.anonymousLegend')}
            optional
            options={[{ value: 'si', label: t('reports.new.anonymous'), hint: t('reports.new.anonymousHint') }]}
            values={arr(v.anonimo)}
            error={props.errors.anonimo}
          />
        ) : null}
        {props.isSignedIn && props.councils.length > 0 ? (
          <Select
            name="consejo"
            label={t('reports.new.council')}
            hint={t('reports.new.councilHint')}
            options={props.councils}
            value={str(v.consejo)}
            placeholder={t('reports.new.councilNone')}
            optional
            error={props.errors.consejo}
          />
        ) : null}
        <Button>{t('reports.new.continue')}</Button>
      </Form>
    </>
  );
}

export function DuplicateList(props: { duplicates: Array<Report & { distanceM: number }>; format: Formatting }) {
  const { t } = useView();
  return (
    <ul class="report-list">
      {props.duplicates.map((d) => (
        <li key={d.id} class="report-list__item">
          <h3 class="report-list__title">
            <a href={`/reportes/${d.id}`}>{d.code}</a> · {props.format.categoryName(d.categoryCode)}
          </h3>
          <p>
            <StatusTag status={d.status} /> {t('reports.new.duplicateDistance', { metres: d.distanceM, supporters: d.supporterCount })}
          </p>
          <p>{d.description}</p>
          <Form action={`/reportes/${d.id}/apoyo`}>
            <Button variant="secondary">{t('reports.support.button', { code: d.code })}</Button>
          </Form>
        </li>
      ))}
    </ul>
  );
}

export function ReportConfirmPage(props: {
  category: Category;
  values: FormValues;
  errors: FormErrors;
  duplicates: Array<Report & { distanceM: number }>;
  summary: Array<{ key: string; value: string }>;
  idempotencyKey: string;
  format: Formatting;
}) {
  const { t, locale } = useView();
  const hidden = Object.entries(props.values).flatMap(([name, value]) => arr(value).map((item, index) => <input key={`${name}-${index}`} type="hidden" name={name} value={item} />));
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <span class="caption">{props.category.name[locale]}</span>
      <h1>{t('reports.new.confirmTitle')}</h1>
      {props.duplicates.length > 0 ? (
        <section aria-labelledby="posibles-duplicados">
          <h2 id="posibles-duplicados">{t('reports.new.duplicatesTitle')}</h2>
          <p>{t('reports.new.duplicatesLead')}</p>
          <DuplicateList duplicates={props.duplicates} format={props.format} />
        </section>
      ) : null}
      <h2>{t('reports.new.yourReport')}</h2>
      <SummaryList rows={props.summary} />
      <form action="/reportes/nuevo/enviar" method="post" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={useView().csrfToken()} />
        <input type="hidden" name="clave" value={props.idempotencyKey} />
        {hidden}
        <div class={props.errors.fotos ? 'field field--error' : 'field'}>
          <label class="label" for="campo-fotos">
            {t('reports.new.photos')} {t('components.field.optional')}
          </label>
          <div class="hint" id="campo-fotos-hint">
            {t('reports.new.photosHint')}
          </div>
          {props.errors.fotos ? (
            <p class="field-error" id="campo-fotos-error">
              {props.errors.fotos}
            </p>
          ) : null}
          <input
            class="file-upload"
            type="file"
            id="campo-fotos"
            name="fotos"
            accept="image/jpeg,image/png"
            multiple
            aria-describedby={props.errors.fotos ? 'campo-fotos-hint campo-fotos-error' : 'campo-fotos-hint'}
          />
        </div>
        <ButtonGroup>
          <Button preventDoubleClick>{props.duplicates.length > 0 ? t('reports.new.sendAnyway') : t('reports.new.send')}</Button>
        </ButtonGroup>
      </form>
      <p>
        <a href={`/reportes/nuevo?categoria=${props.category.code}`}>{t('reports.new.startAgain')}</a>
      </p>
    </>
  );
}

// ---------------------------------------------------------------------------------------
// One report

export interface Viewer {
  isReporter: boolean;
  canAct: boolean;
  isAdmin: boolean;
  canContest: boolean;
  canSupport: boolean;
}

function timelineText(entry: TimelineEntry, t: (key: string, params?: Record<string, string | number>) => string): string {
  const agency = entry.agencyName ?? '';
  switch (entry.kind) {
    case 'status_changed':
      return t('reports.timeline.status_changed', { status: entry.status ? t(`reports.status.${entry.status}`) : '' });
    default:
      return t(`reports.timeline.${entry.kind}`, { agency });
  }
}

export function ReportPage(props: {
  report: Report;
  timeline: TimelineEntry[];
  category: Category | undefined;
  viewer: Viewer;
  format: Formatting;
  notice?: string;
  agencies: ChoiceOption[];
  errors: FormErrors;
  values: FormValues;
}) {
  const { t, locale } = useView();
  const r = props.report;
  const f = props.format;
  const rows: Array<{ key: string; value: ComponentChildren }> = [
    { key: t('reports.field.category'), value: f.categoryName(r.categoryCode) },
    {
      key: t('reports.field.status'),
      value: (
        <>
          <StatusTag status={r.status} />
          {r.isOverdue ? (
            <>
              {' '}
              <OverdueTag />
            </>
          ) : null}
        </>
      ),
    },
    { key: t('reports.field.agency'), value: r.agencyName ?? t('reports.triage.pending') },
    ...(r.subjectAgencyCode ? [{ key: t('reports.field.subjectAgency'), value: r.subjectAgencyCode }] : []),
    ...(r.territoryCode ? [{ key: t('reports.field.territory'), value: f.territoryName(r.territoryCode) }] : []),
    ...(r.address ? [{ key: t('reports.field.address'), value: r.address }] : []),
    ...(r.lat !== null && r.lon !== null ? [{ key: t('reports.field.point'), value: `${r.lat.toFixed(5)}, ${r.lon.toFixed(5)}` }] : []),
    { key: t('reports.field.created'), value: f.dateTime(r.createdAt) },
    { key: t('reports.field.due'), value: f.dateTime(r.dueAt) },
    { key: t('reports.field.supporters'), value: String(r.supporterCount) },
    ...(r.onBehalfOf ? [{ key: t('reports.field.onBehalfOf'), value: r.onBehalfOf.name }] : []),
    ...(r.duplicateOf ? [{ key: t('reports.field.duplicateOf'), value: <a href={`/reportes/${r.duplicateOf}`}>{`R-${r.duplicateOf}`}</a> }] : []),
  ];
  const questions = props.category?.questions ?? [];
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      {props.notice ? (
        <Panel tone="success" title={props.notice}>
          <p>{t('reports.page.followUp')}</p>
        </Panel>
      ) : null}
      <span class="caption">{r.code}</span>
      <h1>{f.categoryName(r.categoryCode)}</h1>
      <SummaryList rows={rows} />
      <h2>{t('reports.field.description')}</h2>
      <p class="report-description">{r.description}</p>
      {questions.filter((q) => r.answers[q.code] !== undefined).length > 0 ? (
        <SummaryList
          rows={questions
            .filter((q) => r.answers[q.code] !== undefined)
            .map((q) => ({
              key: q.description[locale],
              value: arr(r.answers[q.code])
                .map((a) => q.values.find((o) => o.key === a)?.name[locale] ?? a)
                .join(', '),
            }))}
        />
      ) : null}
      {r.photos.length > 0 ? (
        <>
          <h2>{t('reports.field.photos')}</h2>
          <ul class="report-photos">
            {r.photos.map((p, index) => (
              <li key={p.url}>
                <a href={p.url}>
                  <img src={p.url} alt={t('reports.page.photoAlt', { n: index + 1 })} width={240} class="report-photos__image" />
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 id="historial">{t('reports.page.timeline')}</h2>
      <ol class="timeline" aria-labelledby="historial">
        {props.timeline.map((e) => (
          <li key={e.id} class="timeline__entry" id={`evento-${e.id}`}>
            <p class="timeline__title">
              <strong>{timelineText(e, t)}</strong> · <time dateTime={e.at.toISOString()}>{f.dateTime(e.at)}</time>
            </p>
            {e.isHidden ? <p class="hint">{t('reports.page.hiddenEntry')}</p> : e.text ? <p class="timeline__text">{e.text}</p> : null}
            {e.files.length > 0 ? (
              <ul>
                {e.files.map((file) => (
                  <li key={file.url}>
                    <a href={file.url}>{file.filename}</a>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      {props.viewer.canSupport ? (
        <Form action={`/reportes/${r.id}/apoyo`}>
          <Button variant="secondary">{t('reports.support.button', { code: r.code })}</Button>
        </Form>
      ) : null}
      {props.viewer.canContest ? (
        <section aria-labelledby="objetar">
          <h2 id="objetar">{t('reports.contest.title')}</h2>
          <Form action={`/reportes/${r.id}/objetar`}>
            <TextArea name="motivo" label={t('reports.contest.reason')} hint={t('reports.contest.hint')} value={str(props.values.motivo)} error={props.errors.motivo} rows={3} />
            <Button>{t('reports.contest.submit')}</Button>
          </Form>
        </section>
      ) : null}
      {props.viewer.canAct ? <AgencyActions report={r} agencies={props.agencies} errors={props.errors} values={props.values} /> : null}
      {props.viewer.isAdmin ? <Moderation report={r} timeline={props.timeline} format={f} /> : null}
    </>
  );
}

function AgencyActions(props: { report: Report; agencies: ChoiceOption[]; errors: FormErrors; values: FormValues }) {
  const { t } = useView();
  const r = props.report;
  const isOpen = r.status === 'received' || r.status === 'in_progress';
  const action = `/reportes/${r.id}/gestion`;
  return (
    <section aria-labelledby="gestion" class="report-actions">
      <h2 id="gestion">{t('reports.actions.title')}</h2>
      {r.status === 'received' && r.agencyCode ? (
        <Form action={action}>
          <input type="hidden" name="accion" value="aceptar" />
          <Button>{t('reports.actions.accept')}</Button>
        </Form>
      ) : null}
      <Form action={action}>
        <input type="hidden" name="accion" value="responder" />
        <TextArea name="respuesta" label={t('reports.actions.reply')} hint={t('reports.actions.replyHint')} value={str(props.values.respuesta)} error={props.errors.respuesta} rows={3} />
        <Button>{t('reports.actions.replySubmit')}</Button>
      </Form>
      <Form action={action}>
        <input type="hidden" name="accion" value="estado" />
        <Radios
          name="estado"
          label={t('reports.actions.status')}
          error={props.errors.estado}
          value={str(props.values.estado)}
          options={(['in_progress', 'resolved', 'rejected'] as const).map((s) => ({ value: s, label: t(`reports.status.${s}`) }))}
        />
        <TextArea
          name="motivo_estado"
          label={t('reports.actions.statusReason')}
          hint={t('reports.actions.statusReasonHint')}
          optional
          value={str(props.values.motivo_estado)}
          error={props.errors.motivo_estado}
          rows={2}
        />
        <Button>{t('reports.actions.statusSubmit')}</Button>
      </Form>
      {isOpen ? (
        <Form action={action}>
          <input type="hidden" name="accion" value="reasignar" />
          <Select
            name="institucion"
            label={t('reports.actions.reassignTo')}
            options={props.agencies}
            placeholder={t('reports.new.choose')}
            value={str(props.values.institucion)}
            error={props.errors.institucion}
          />
          <TextArea name="motivo_reasignacion" label={t('reports.actions.reassignReason')} value={str(props.values.motivo_reasignacion)} error={props.errors.motivo_reasignacion} rows={2} />
          <Button variant="secondary">{t('reports.actions.reassignSubmit')}</Button>
        </Form>
      ) : null}
      {isOpen && r.agencyCode ? (
        <Form action={action}>
          <input type="hidden" name="accion" value="fusionar" />
          <TextField
            name="duplicado_de"
            label={t('reports.actions.mergeInto')}
            hint={t('reports.actions.mergeHint')}
            value={str(props.values.duplicado_de)}
            error={props.errors.duplicado_de}
            width="10"
          />
          <Button variant="secondary">{t('reports.actions.mergeSubmit')}</Button>
        </Form>
      ) : null}
      <form action={`/reportes/${r.id}/evidencia`} method="post" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value={useView().csrfToken()} />
        <div class={props.errors.evidencia ? 'field field--error' : 'field'}>
          <label class="label" for="campo-evidencia">
            {t('reports.actions.evidence')}
          </label>
          <div class="hint" id="campo-evidencia-hint">
            {t('reports.actions.evidenceHint')}
          </div>
          {props.errors.evidencia ? (
            <p class="field-error" id="campo-evidencia-error">
              {props.errors.evidencia}
            </p>
          ) : null}
          <input class="file-upload" type="file" id="campo-evidencia" name="evidencia" accept="image/jpeg,image/png,application/pdf" multiple aria-describedby="campo-evidencia-hint" />
        </div>
        <TextField name="nota" label={t('reports.actions.evidenceNote')} optional />
        <Button variant="secondary">{t('reports.actions.evidenceSubmit')}</Button>
      </form>
    </section>
  );
}

function Moderation(props: { report: Report; timeline: TimelineEntry[]; format: Formatting }) {
  const { t } = useView();
  const entries = props.timeline.filter((e) => !e.isHidden && e.text);
  return (
    <section aria-labelledby="moderacion">
      <h2 id="moderacion">{t('reports.moderation.title')}</h2>
      <Form action={`/reportes/${props.report.id}/moderar`}>
        <Select
          name="objeto"
          label={t('reports.moderation.what')}
          options={[
            { value: 'reporte', label: t('reports.moderation.wholeReport') },
            ...entries.map((e) => ({ value: String(e.id), label: `${props.format.dateTime(e.at)}: ${(e.text ?? '').slice(0, 60)}` })),
          ]}
        />
        <TextArea name="motivo_moderacion" label={t('reports.moderation.reason')} rows={2} />
        <Button variant="warning">{t('reports.moderation.submit')}</Button>
      </Form>
    </section>
  );
}

// ---------------------------------------------------------------------------------------
// Lists

export function ReportTable(props: { reports: Report[]; format: Formatting; caption: string }) {
  const { t } = useView();
  if (props.reports.length === 0) return <p>{t('reports.list.empty')}</p>;
  return (
    <Table
      caption={props.caption}
      captionHidden
      columns={[
        { label: t('reports.field.code') },
        { label: t('reports.field.category') },
        { label: t('reports.field.territory') },
        { label: t('reports.field.agency') },
        { label: t('reports.field.status') },
        { label: t('reports.field.created') },
      ]}
      rows={props.reports.map((r) => [
        <a href={`/reportes/${r.id}`}>{r.code}</a>,
        props.format.categoryName(r.categoryCode),
        props.format.territoryName(r.territoryCode),
        r.agencyName ?? t('reports.triage.pending'),
        <>
          <StatusTag status={r.status} />
          {r.isOverdue ? (
            <>
              {' '}
              <OverdueTag />
            </>
          ) : null}
        </>,
        props.format.dateTime(r.createdAt),
      ])}
    />
  );
}

export function ReportListPage(props: {
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
      <h1>{t('reports.list.title')}</h1>
      <p class="lead">{t('reports.list.lead')}</p>
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

// ---------------------------------------------------------------------------------------
// Statistics and alerts

export function StatsPage(props: {
  stats: ReportStats;
  scopeLabel: string;
  territories: ChoiceOption[];
  agencies: ChoiceOption[];
  values: FormValues;
  byTerritory: Array<{ label: string; stats: ReportStats }>;
  byAgency: Array<{ label: string; stats: ReportStats }>;
}) {
  const { t, locale } = useView();
  const s = props.stats;
  const pct = (x: number | null) => (x === null ? t('reports.stats.none') : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x));
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
    list.map((x) => [x.label, String(x.stats.received), String(x.stats.resolved), hours(x.stats.medianResponseHours), pct(x.stats.shareInTime), String(x.stats.reopened)]);
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
          { key: t('reports.stats.received'), value: String(s.received) },
          { key: t('reports.stats.resolved'), value: String(s.resolved) },
          { key: t('reports.stats.answered'), value: String(s.answered) },
          { key: t('reports.stats.median'), value: s.medianResponseHours === null ? t('reports.stats.none') : t('reports.stats.hours', { hours: s.medianResponseHours }) },
          { key: t('reports.stats.inTime'), value: pct(s.shareInTime) },
          { key: t('reports.stats.reopened'), value: String(s.reopened) },
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
      <ErrorSummary errors={summaryItems(props.errors)} />
      {props.notice ? (
        <Panel tone="success" title={props.notice}>
          {null}
        </Panel>
      ) : null}
      <h1>{t('reports.alerts.title')}</h1>
      <p class="lead">{t('reports.alerts.lead')}</p>
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
        <Select
          name="territorio"
          label={t('reports.field.territory')}
          options={props.territories}
          placeholder={t('reports.new.choose')}
          value={str(props.values.territorio)}
          error={props.errors.territorio}
        />
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

export function WebhookPage(props: { agencies: ChoiceOption[]; current: Array<{ agency: string; url: string; isActive: boolean }>; errors: FormErrors; values: FormValues; notice?: string }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      {props.notice ? (
        <Panel tone="success" title={props.notice}>
          {null}
        </Panel>
      ) : null}
      <h1>{t('reports.webhook.title')}</h1>
      <p class="lead">{t('reports.webhook.lead')}</p>
      {props.current.length > 0 ? (
        <Table
          caption={t('reports.webhook.current')}
          columns={[{ label: t('reports.field.agency') }, { label: t('reports.webhook.url') }, { label: t('reports.webhook.state') }]}
          rows={props.current.map((w) => [w.agency, w.url, w.isActive ? t('reports.webhook.active') : t('reports.webhook.paused')])}
        />
      ) : null}
      <Form action="/reportes/integracion">
        <Select
          name="institucion"
          label={t('reports.field.agency')}
          options={props.agencies}
          value={str(props.values.institucion)}
          placeholder={t('reports.new.choose')}
          error={props.errors.institucion}
        />
        <TextField name="url" label={t('reports.webhook.url')} hint={t('reports.webhook.urlHint')} value={str(props.values.url)} type="url" spellcheck={false} error={props.errors.url} />
        <TextField name="secreto" label={t('reports.webhook.secret')} hint={t('reports.webhook.secretHint')} type="password" autocomplete="new-password" error={props.errors.secreto} />
        <Checkboxes name="activo" label={t('reports.webhook.state')} options={[{ value: 'si', label: t('reports.webhook.activeOption') }]} values={arr(props.values.activo)} optional />
        <Button>{t('reports.webhook.save')}</Button>
      </Form>
    </>
  );
}

export function CategoriesPage(props: { categories: Category[]; rules: Array<{ categoryCode: string; territory: string; agency: string }> }) {
  const { t, locale } = useView();
  const yesNo = (value: boolean) => (value ? t('reports.categories.yes') : t('reports.categories.no'));
  return (
    <>
      <h1>{t('reports.categories.title')}</h1>
      <p class="lead">{t('reports.categories.lead')}</p>
      {props.categories.map((c) => {
        const rules = props.rules.filter((r) => r.categoryCode === c.code);
        return (
          <section key={c.code} aria-labelledby={`categoria-${c.code}`}>
            <h2 id={`categoria-${c.code}`}>{c.name[locale]}</h2>
            <p>{c.description[locale]}</p>
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

// One report: its facts, photos, timeline, and the forms of the reporter, the agency and moderators.
import type { ComponentChildren } from 'preact';
import { Button, ErrorSummary, Form, Panel, Radios, Select, SummaryList, TextArea, TextField, summaryItems, type ChoiceOption } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { LinkedText } from '../../../platform/views/linked-text.tsx';
import { type Category, type Report, type TimelineEntry, textIn } from '../report.types.ts';
import { arr, type FormErrors, type Formatting, type FormValues, ChoiceSelect, StatusTags, str } from './report-common.views.tsx';

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
  const { t, language, format } = useView();
  const r = props.report;
  const f = props.format;
  // Degrees in the language's notation (-16,50000 in Spanish), separated so the decimal comma is not confused.
  const coordinate = (n: number) => format.number(n, { minimumFractionDigits: 5, maximumFractionDigits: 5, useGrouping: false });
  const rows: Array<{ key: string; value: ComponentChildren }> = [
    { key: t('reports.field.category'), value: f.categoryName(r.categoryCode) },
    {
      key: t('reports.field.status'),
      value: <StatusTags status={r.status} isOverdue={r.isOverdue} />,
    },
    { key: t('reports.field.agency'), value: r.agencyName ?? t('reports.triage.pending') },
    ...(r.subjectAgencyCode ? [{ key: t('reports.field.subjectAgency'), value: r.subjectAgencyCode }] : []),
    ...(r.territoryCode ? [{ key: t('reports.field.territory'), value: f.territoryName(r.territoryCode) }] : []),
    ...(r.address ? [{ key: t('reports.field.address'), value: r.address }] : []),
    ...(r.lat !== null && r.lon !== null ? [{ key: t('reports.field.point'), value: [r.lat, r.lon].map((n) => coordinate(n)).join('; ') }] : []),
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
              key: textIn(q.description, language),
              value: arr(r.answers[q.code])
                .map((a) => textIn(q.values.find((o) => o.key === a)?.name ?? { es: a, en: a }, language))
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
            {e.isHidden ? (
              <p class="hint">{t('reports.page.hiddenEntry')}</p>
            ) : e.text ? (
              <p class="timeline__text">
                <LinkedText text={e.text} />
              </p>
            ) : null}
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
          <ChoiceSelect name="institucion" label={t('reports.actions.reassignTo')} options={props.agencies} values={props.values} errors={props.errors} />
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

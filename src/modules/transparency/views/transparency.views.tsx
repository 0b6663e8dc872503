// Pages of transparency: the public register and figures, asking (with earlier similar answers
// first), a request with its history, answer, refusal and appeal, an entity's obligatory
// publications and compliance history, and the officers' inbox.
import type { ComponentChildren } from 'preact';
import { Button, CsrfField, ErrorSummary, FileField, Form, Panel, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { ComplianceSummary } from '../publications.service.ts';
import type { AgencyRequestFigures, ComplianceRow } from '../transparency.queries.ts';
import type { RequestView } from '../transparency.service.ts';
import { type AnswerFile, complianceIndex, FORMATS, type InformationRequest, type ObligationState } from '../transparency.types.ts';

export type Names = Record<string, string>;
type Errors = Record<string, string>;
const tones = { pending: 'info', answered: 'success', refused: 'warning' } as const;

function StatusTag(props: { status: InformationRequest['status'] }) {
  const { t } = useView();
  return <Tag tone={tones[props.status]}>{t(`transparency.status.${props.status}`)}</Tag>;
}

function RequestList(props: { requests: InformationRequest[]; names: Names; caption: string }) {
  const { t, format } = useView();
  if (props.requests.length === 0) return <p>{t('transparency.register.empty')}</p>;
  return (
    <Table
      caption={props.caption}
      columns={[
        { label: t('transparency.register.request') },
        { label: t('transparency.register.entity') },
        { label: t('transparency.register.status') },
        { label: t('transparency.register.filed') },
        { label: t('transparency.register.due') },
      ]}
      rows={props.requests.map((r) => [
        <a key="c" href={`/transparencia/solicitudes/${r.code}`}>
          {r.code}
        </a>,
        props.names[r.agencyCode] ?? r.agencyCode,
        <StatusTag key="s" status={r.status} />,
        format.shortDate(r.filedAt),
        r.closedAt ? t(r.answeredInTime ? 'transparency.register.inTime' : 'transparency.register.late', { date: format.shortDate(r.closedAt) }) : format.shortDate(r.dueAt),
      ])}
    />
  );
}

function pct(value: number | null, format: ReturnType<typeof useView>['format']): string {
  return value === null ? '—' : `${format.number(value)} %`;
}

export function HomePage(props: { requests: InformationRequest[]; figures: AgencyRequestFigures[]; compliance: ComplianceSummary; names: Names; goal: { count: number; total: number } }) {
  const { t, format } = useView();
  return (
    <>
      <h1>{t('transparency.home.heading')}</h1>
      <p>{t('transparency.home.lead')}</p>
      <p>
        <Button href="/transparencia/solicitar">{t('transparency.home.ask')}</Button>
      </p>
      <p>
        <a href="/transparencia/tratamientos">{t('transparency.processing.link')}</a>
      </p>
      <h2>{t('transparency.register.heading')}</h2>
      <RequestList requests={props.requests} names={props.names} caption={t('transparency.register.caption')} />
      <h2>{t('transparency.figures.heading')}</h2>
      <p>{t('transparency.figures.goal', { count: props.goal.count, total: props.goal.total })}</p>
      {props.figures.length === 0 ? null : (
        <Table
          caption={t('transparency.figures.caption')}
          columns={[
            { label: t('transparency.register.entity') },
            { label: t('transparency.figures.received'), numeric: true },
            { label: t('transparency.figures.answered'), numeric: true },
            { label: t('transparency.figures.refused'), numeric: true },
            { label: t('transparency.figures.pending'), numeric: true },
            { label: t('transparency.figures.inTime'), numeric: true },
            { label: t('transparency.figures.medianDays'), numeric: true },
          ]}
          rows={props.figures.map((f) => [
            props.names[f.agencyCode] ?? f.agencyCode,
            format.number(f.received),
            format.number(f.answered),
            format.number(f.refused),
            format.number(f.pending),
            pct(f.answered + f.refused === 0 ? null : Math.round((1000 * f.inTime) / (f.answered + f.refused)) / 10, format),
            f.medianDays === null ? '—' : format.number(f.medianDays),
          ])}
        />
      )}
      <h2>{t('transparency.compliance.heading')}</h2>
      <p>{t('transparency.compliance.lead')}</p>
      {props.compliance.month === null ? (
        <p>{t('transparency.compliance.none')}</p>
      ) : (
        <>
          <Table
            caption={t('transparency.compliance.byLevel', { month: format.date(`${props.compliance.month}-01`) })}
            columns={[{ label: t('transparency.compliance.level') }, { label: t('transparency.compliance.entities'), numeric: true }, { label: t('transparency.compliance.index'), numeric: true }]}
            rows={props.compliance.byLevel.map((l) => [t(`transparency.level.${l.level}`), format.number(l.entities), pct(l.index, format)])}
          />
          <Table
            caption={t('transparency.compliance.byEntity')}
            columns={[{ label: t('transparency.register.entity') }, { label: t('transparency.compliance.index'), numeric: true }, { label: t('transparency.compliance.onTime'), numeric: true }]}
            rows={props.compliance.entities.map((e) => [
              <a key="a" href={`/transparencia/entidades/${e.agencyCode}`}>
                {props.names[e.agencyCode] ?? e.agencyCode}
              </a>,
              pct(e.index, format),
              t('transparency.compliance.ofDue', { onTime: e.onTime, due: e.due }),
            ])}
          />
        </>
      )}
    </>
  );
}

export interface AskForm {
  entidad: string;
  pregunta: string;
  formato: string;
  correo: string;
}

export function AskPage(props: {
  form: AskForm;
  errors: Errors;
  agencies: Array<{ value: string; label: string }>;
  signedIn: boolean;
  emailOnly: boolean;
  similar: InformationRequest[] | null;
  names: Names;
}) {
  const { t } = useView();
  const canAsk = props.signedIn || props.emailOnly;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('transparency.ask.heading')}</h1>
      <p>{t('transparency.ask.lead')}</p>
      {props.similar && props.similar.length > 0 ? (
        <Panel title={t('transparency.ask.similarHeading')}>
          <p>{t('transparency.ask.similarLead')}</p>
          <ul>
            {props.similar.map((r) => (
              <li key={r.code}>
                <a href={`/transparencia/solicitudes/${r.code}`}>{r.question.length > 140 ? `${r.question.slice(0, 140)}…` : r.question}</a> ({props.names[r.agencyCode] ?? r.agencyCode})
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}
      {canAsk ? (
        <Form action="/transparencia/solicitar#resumen-errores">
          <Select
            name="entidad"
            label={t('transparency.ask.entity')}
            value={props.form.entidad}
            error={props.errors.entidad}
            placeholder={t('transparency.ask.entityPlaceholder')}
            options={props.agencies}
          />
          <TextArea name="pregunta" label={t('transparency.ask.question')} hint={t('transparency.ask.questionHint')} value={props.form.pregunta} error={props.errors.pregunta} rows={6} />
          <Select
            name="formato"
            label={t('transparency.ask.format')}
            value={props.form.formato}
            error={props.errors.formato}
            options={FORMATS.map((f) => ({ value: f, label: t(`transparency.format.${f}`) }))}
          />
          {props.signedIn ? null : (
            <TextField
              name="correo"
              type="email"
              label={t('transparency.ask.email')}
              hint={t('transparency.ask.emailHint')}
              value={props.form.correo}
              error={props.errors.correo}
              autocomplete="email"
            />
          )}
          {props.similar && props.similar.length > 0 ? <input type="hidden" name="confirmar" value="1" /> : null}
          <Button type="submit">{t(props.similar && props.similar.length > 0 ? 'transparency.ask.submitAnyway' : 'transparency.ask.submit')}</Button>
        </Form>
      ) : (
        <p>
          <a href="/ingresar?volver=/transparencia/solicitar">{t('transparency.ask.signIn')}</a>
        </p>
      )}
    </>
  );
}

function History(props: { view: RequestView; names: Names }) {
  const { t, format } = useView();
  return (
    <ol>
      {props.view.events.map((e, i) => (
        <li key={i}>
          {format.dateTime(e.at)} — {t(`transparency.event.${e.kind}`, { from: props.names[e.agencyCode] ?? e.agencyCode, to: e.toAgencyCode ? (props.names[e.toAgencyCode] ?? e.toAgencyCode) : '' })}
          {e.note ? `: ${e.note}` : ''}
        </li>
      ))}
    </ol>
  );
}

function Document(props: { title: string; text: string; file: AnswerFile | null; href: string }) {
  const { t, format } = useView();
  return (
    <section aria-label={props.title}>
      <h3>{props.title}</h3>
      {props.file ? (
        <p>
          <a href={props.href} download={props.file.filename}>
            {t('transparency.request.download', { name: props.file.filename, size: format.number(Math.max(1, Math.round(props.file.size / 1024))) })}
          </a>
        </p>
      ) : null}
      {props.text
        .split(/\n+/)
        .filter((line) => line.trim())
        .map((line, i) => (
          <p key={i}>{line}</p>
        ))}
    </section>
  );
}

export interface ActionForms {
  errors: Errors;
  values: Record<string, string>;
}

export function RequestPage(props: { view: RequestView; names: Names; agencies: Array<{ value: string; label: string }>; grounds: string[]; forms: ActionForms; notice: string | null }) {
  const { t, format } = useView();
  const { request: r, appeal } = props.view;
  const v = props.forms.values;
  const e = props.forms.errors;
  const section = (title: string, children: ComponentChildren) => (
    <section>
      <h2>{title}</h2>
      {children}
    </section>
  );
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>{t('transparency.request.heading', { code: r.code })}</h1>
      {props.notice ? (
        <p role="status" class="notice">
          {props.notice}
        </p>
      ) : null}
      <SummaryList
        rows={[
          { key: t('transparency.register.status'), value: <StatusTag status={r.status} /> },
          { key: t('transparency.register.entity'), value: props.names[r.agencyCode] ?? r.agencyCode },
          { key: t('transparency.register.filed'), value: format.dateTime(r.filedAt) },
          { key: t('transparency.request.due'), value: `${format.date(r.dueAt)}${r.extensions > 0 ? ` (${t('transparency.request.extended')})` : ''}` },
          { key: t('transparency.ask.format'), value: t(`transparency.format.${r.format}`) },
        ]}
      />
      <h2>{t('transparency.request.question')}</h2>
      <p>{r.question}</p>
      {r.status === 'answered'
        ? section(
            t('transparency.request.answer'),
            <>
              <p>{r.answer}</p>
              <Document title={t('transparency.request.publicDocument')} text={r.publicDocument ?? ''} file={r.publicFile} href={`/transparencia/solicitudes/${r.code}/archivos/publico`} />
              {props.view.isRequester || props.view.isOfficer ? (
                <Document title={t('transparency.request.sentDocument')} text={r.sentDocument ?? ''} file={r.sentFile} href={`/transparencia/solicitudes/${r.code}/archivos/enviado`} />
              ) : null}
            </>,
          )
        : null}
      {r.status === 'refused'
        ? section(
            t('transparency.request.refusal'),
            <>
              <p>
                <strong>{t('transparency.request.ground')}</strong> {t(`transparency.ground.${r.refusalGround}`)}
              </p>
              <p>{r.answer}</p>
              {r.appealUntil && !appeal ? <p>{t('transparency.request.appealUntil', { date: format.date(r.appealUntil) })}</p> : null}
            </>,
          )
        : null}
      {appeal
        ? section(
            t('transparency.appeal.heading'),
            <>
              <p>{appeal.reason}</p>
              <p>
                {appeal.outcome ? (
                  <>
                    <Tag tone={appeal.outcome === 'upheld' ? 'success' : 'neutral'}>{t(`transparency.appeal.${appeal.outcome}`)}</Tag> {appeal.resolution}
                  </>
                ) : (
                  t('transparency.appeal.due', { date: format.date(appeal.dueAt) })
                )}
              </p>
            </>,
          )
        : null}
      <h2>{t('transparency.request.history')}</h2>
      <History view={props.view} names={props.names} />
      {props.view.canAppeal ? (
        <Form action={`/transparencia/solicitudes/${r.code}/apelar#resumen-errores`}>
          <h2>{t('transparency.appeal.form')}</h2>
          <TextArea name="motivo" label={t('transparency.appeal.reason')} value={v.motivo} error={e.motivo} rows={4} />
          <Button type="submit">{t('transparency.appeal.submit')}</Button>
        </Form>
      ) : null}
      {props.view.canResolveAppeal ? (
        <Form action={`/transparencia/solicitudes/${r.code}/resolver#resumen-errores`}>
          <h2>{t('transparency.appeal.resolveHeading')}</h2>
          <Select
            name="decision"
            label={t('transparency.appeal.decision')}
            value={v.decision}
            error={e.decision}
            options={[
              { value: 'upheld', label: t('transparency.appeal.upheld') },
              { value: 'dismissed', label: t('transparency.appeal.dismissed') },
            ]}
          />
          <TextArea name="resolucion" label={t('transparency.appeal.resolution')} value={v.resolucion} error={e.resolucion} rows={4} />
          <Button type="submit">{t('transparency.appeal.resolve')}</Button>
        </Form>
      ) : null}
      {props.view.isOfficer && r.status === 'pending' ? (
        <>
          <form action={`/transparencia/solicitudes/${r.code}/responder#resumen-errores`} method="post" enctype="multipart/form-data" novalidate>
            <CsrfField />
            <h2>{t('transparency.officer.answerHeading')}</h2>
            <p>{t('transparency.officer.filesLead')}</p>
            <TextArea name="respuesta" label={t('transparency.officer.answer')} value={v.respuesta} error={e.respuesta} rows={4} />
            <TextArea name="documento" label={t('transparency.officer.sentDocument')} value={v.documento} error={e.documento} rows={6} optional />
            <FileField name="archivoEnviado" label={t('transparency.officer.sentFile')} hint={t('transparency.officer.fileHint')} error={e.archivoEnviado} accept="application/pdf" optional />
            <TextArea name="publico" label={t('transparency.officer.publicDocument')} hint={t('transparency.officer.publicHint')} value={v.publico} error={e.publico} rows={6} optional />
            <FileField name="archivoPublico" label={t('transparency.officer.publicFile')} hint={t('transparency.officer.fileHint')} error={e.archivoPublico} accept="application/pdf" optional />
            <Button type="submit">{t('transparency.officer.answerSubmit')}</Button>
          </form>
          <Form action={`/transparencia/solicitudes/${r.code}/denegar#resumen-errores`}>
            <h2>{t('transparency.officer.refuseHeading')}</h2>
            <Select
              name="fundamento"
              label={t('transparency.officer.ground')}
              value={v.fundamento}
              error={e.fundamento}
              placeholder={t('transparency.officer.groundPlaceholder')}
              options={props.grounds.map((g) => ({ value: g, label: t(`transparency.ground.${g}`) }))}
            />
            <TextArea name="motivoDenegacion" label={t('transparency.officer.refuseReason')} value={v.motivoDenegacion} error={e.motivoDenegacion} rows={4} />
            <Button type="submit" variant="warning">
              {t('transparency.officer.refuseSubmit')}
            </Button>
          </Form>
          <Form action={`/transparencia/solicitudes/${r.code}/derivar#resumen-errores`}>
            <h2>{t('transparency.officer.transferHeading')}</h2>
            <Select name="entidad" label={t('transparency.officer.transferTo')} value={v.entidad} error={e.entidad} placeholder={t('transparency.ask.entityPlaceholder')} options={props.agencies} />
            <TextArea name="motivoDerivacion" label={t('transparency.officer.transferReason')} value={v.motivoDerivacion} error={e.motivoDerivacion} rows={3} />
            <Button type="submit" variant="secondary">
              {t('transparency.officer.transferSubmit')}
            </Button>
          </Form>
          {props.view.canExtend ? (
            <Form action={`/transparencia/solicitudes/${r.code}/prorrogar#resumen-errores`}>
              <h2>{t('transparency.officer.extendHeading')}</h2>
              <TextArea name="motivoProrroga" label={t('transparency.officer.extendReason')} value={v.motivoProrroga} error={e.motivoProrroga} rows={3} />
              <Button type="submit" variant="secondary">
                {t('transparency.officer.extendSubmit')}
              </Button>
            </Form>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export function EntityPage(props: {
  name: string;
  code: string;
  obligations: ObligationState[];
  history: ComplianceRow[];
  canPublish: boolean;
  form: { obligacion: string; enlace: string };
  errors: Errors;
  published: boolean;
}) {
  const { t, format } = useView();
  const tone = { published: 'success', late: 'info', overdue: 'danger', upcoming: 'neutral' } as const;
  const open = props.obligations.filter((o) => o.publishedAt === null);
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('transparency.entity.heading', { name: props.name })}</h1>
      {props.published ? (
        <p role="status" class="notice">
          {t('transparency.entity.published')}
        </p>
      ) : null}
      <p>{t('transparency.entity.lead')}</p>
      <Table
        caption={t('transparency.entity.obligations')}
        columns={[{ label: t('transparency.entity.kind') }, { label: t('transparency.entity.period') }, { label: t('transparency.entity.due') }, { label: t('transparency.entity.state') }]}
        rows={props.obligations.map((o) => [
          o.url ? (
            <a key="u" href={o.url}>
              {t(`transparency.obligation.${o.kind}`)}
            </a>
          ) : (
            t(`transparency.obligation.${o.kind}`)
          ),
          o.period,
          format.shortDate(o.dueAt),
          <Tag key="s" tone={tone[o.state]}>
            {t(`transparency.entity.stateName.${o.state}`)}
          </Tag>,
        ])}
      />
      <h2>{t('transparency.entity.history')}</h2>
      {props.history.length === 0 ? (
        <p>{t('transparency.compliance.none')}</p>
      ) : (
        <Table
          caption={t('transparency.entity.history')}
          captionHidden
          columns={[{ label: t('transparency.entity.month') }, { label: t('transparency.compliance.index'), numeric: true }, { label: t('transparency.compliance.onTime'), numeric: true }]}
          rows={props.history.map((h) => [h.month, pct(complianceIndex(h), format), t('transparency.compliance.ofDue', { onTime: h.onTime, due: h.due })])}
        />
      )}
      {props.canPublish && open.length > 0 ? (
        <Form action={`/transparencia/entidades/${props.code}/publicar#resumen-errores`}>
          <h2>{t('transparency.entity.publishHeading')}</h2>
          <Select
            name="obligacion"
            label={t('transparency.entity.obligation')}
            value={props.form.obligacion}
            error={props.errors.obligacion}
            options={open.map((o) => ({ value: `${o.kind}/${o.period}`, label: `${t(`transparency.obligation.${o.kind}`)} ${o.period}` }))}
          />
          <TextField name="enlace" type="url" label={t('transparency.entity.url')} hint={t('transparency.entity.urlHint')} value={props.form.enlace} error={props.errors.enlace} />
          <Button type="submit">{t('transparency.entity.publish')}</Button>
        </Form>
      ) : null}
    </>
  );
}

export function InboxPage(props: {
  requests: InformationRequest[];
  appeals: Array<{ code: string; dueAt: Date }>;
  names: Names;
  agencies: Array<{ value: string; label: string }>;
  form: AskForm & { solicitante: string };
  errors: Errors;
}) {
  const { t, format } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('transparency.inbox.heading')}</h1>
      <p>
        <a href="/transparencia/brechas">{t('transparency.breaches.link')}</a>
      </p>
      <RequestList requests={props.requests} names={props.names} caption={t('transparency.inbox.pending')} />
      {props.appeals.length > 0 ? (
        <>
          <h2>{t('transparency.inbox.appeals')}</h2>
          <ul>
            {props.appeals.map((a) => (
              <li key={a.code}>
                <a href={`/transparencia/solicitudes/${a.code}`}>{a.code}</a> {t('transparency.appeal.due', { date: format.date(a.dueAt) })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Form action="/transparencia/bandeja/ventanilla#resumen-errores">
        <h2>{t('transparency.inbox.counter')}</h2>
        <p>{t('transparency.inbox.counterLead')}</p>
        <Select name="entidad" label={t('transparency.ask.entity')} value={props.form.entidad} error={props.errors.entidad} options={props.agencies} />
        <TextField name="solicitante" label={t('transparency.inbox.requester')} value={props.form.solicitante} error={props.errors.solicitante} />
        <TextArea name="pregunta" label={t('transparency.ask.question')} value={props.form.pregunta} error={props.errors.pregunta} rows={5} />
        <Select
          name="formato"
          label={t('transparency.ask.format')}
          value={props.form.formato}
          error={props.errors.formato}
          options={FORMATS.map((f) => ({ value: f, label: t(`transparency.format.${f}`) }))}
        />
        <Button type="submit">{t('transparency.inbox.counterSubmit')}</Button>
      </Form>
    </>
  );
}

// The CGII's pages: the centre's queue and an entity's incidents, the report form, an incident
// (record, triage, notes, requests and answers, closure), the public bulletin and the
// vulnerability disclosure channel. Plain forms: everything works without JavaScript.
import { Button, Checkboxes, CsrfField, ErrorSummary, FileField, Form, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import type { ComponentChildren } from 'preact';
import { useView } from '../../../platform/views/context.ts';
import type { IncidentView } from '../cgii.service.ts';
import { CATEGORIES, type Incident, SEVERITIES, TLPS, type Tlp, tlpLabel } from '../cgii.types.ts';

export type Errors = Record<string, string>;
export type Values = Record<string, string>;

const TLP_TONE: Record<Tlp, 'neutral' | 'success' | 'warning' | 'danger'> = { clear: 'neutral', green: 'success', amber: 'warning', 'amber+strict': 'warning', red: 'danger' };
export function TlpTag(props: { tlp: Tlp }) {
  return <Tag tone={TLP_TONE[props.tlp]}>{tlpLabel(props.tlp)}</Tag>;
}

/** "Personal data involved": on the report, and at closure when the report did not say so. */
function PersonalDataChoice(props: { checked: boolean; label: string }) {
  const { t } = useView();
  return <Checkboxes name="datos_personales" label={t('cgii.field.personalData')} optional values={props.checked ? ['si'] : []} options={[{ value: 'si', label: props.label }]} />;
}

function OnTime(props: { figures: { closed: number; closedInTime: number; share: number | null } }) {
  const { t } = useView();
  const f = props.figures;
  return (
    <p id="a-tiempo">
      {f.share === null ? t('cgii.figures.none') : t('cgii.figures.onTime', { share: f.share, inTime: f.closedInTime, closed: f.closed })} {t('cgii.figures.goal')}
    </p>
  );
}

export function HomePage(props: { incidents: Incident[]; analyst: boolean; contactOf: string[]; figures: { closed: number; closedInTime: number; share: number | null }; now: Date }) {
  const { t, format } = useView();
  return (
    <>
      <h1>{t('cgii.home.heading')}</h1>
      <p>{t('cgii.home.lead')}</p>
      <OnTime figures={props.figures} />
      {props.contactOf.length > 0 ? (
        <p>
          <a href="/cgii/incidentes/nuevo">{t('cgii.home.report')}</a>
        </p>
      ) : null}
      {props.analyst ? (
        <p>
          <a href="/cgii/vulnerabilidades/bandeja">{t('cgii.home.inbox')}</a>
        </p>
      ) : null}
      {props.analyst || props.contactOf.length > 0 ? (
        <p>
          <a href="/cgii/avisos">{t('cgii.advisory.heading')}</a> · <a href="/cgii/planes">{t('cgii.plan.link')}</a>
        </p>
      ) : null}
      {!props.analyst && props.contactOf.length === 0 ? <p>{t('cgii.home.noRole')}</p> : null}
      {props.analyst || props.contactOf.length > 0 ? (
        <Table
          caption={props.analyst ? t('cgii.home.queue') : t('cgii.home.mine')}
          columns={[{ label: t('cgii.field.code') }, { label: t('cgii.field.title') }, { label: t('cgii.field.status') }, { label: t('cgii.field.closureDue') }]}
          rows={props.incidents.map((i) => [
            <a key="c" href={`/cgii/incidentes/${i.id}`}>
              {i.code}
            </a>,
            <span key="t">
              {i.title} <TlpTag tlp={i.tlp} />
            </span>,
            <span key="s">
              {t(`cgii.status.${i.status}`)} · {t(`cgii.severity.${i.severity}`)}
              {i.status !== 'closed' && i.closureDue < props.now ? (
                <>
                  {' '}
                  <Tag tone="danger">{t('cgii.overdue')}</Tag>
                </>
              ) : null}
            </span>,
            format.dateTime(i.closureDue),
          ])}
        />
      ) : null}
      <p>
        <a href="/cgii/boletines">{t('cgii.bulletin.heading')}</a> · <a href="/cgii/vulnerabilidades">{t('cgii.disclosure.heading')}</a>
      </p>
    </>
  );
}

const categoryOptions = () => CATEGORIES.map((c) => ({ value: c, label: c }));

export function ReportPage(props: { agencies: string[]; values: Values; errors: Errors }) {
  const { t } = useView();
  const v = props.values;
  const e = props.errors;
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>{t('cgii.report.heading')}</h1>
      <p>{t('cgii.report.lead')}</p>
      <form action="/cgii/incidentes/nuevo#resumen-errores" method="post" enctype="multipart/form-data" novalidate>
        <CsrfField />
        {props.agencies.length > 1 ? (
          <Select name="entidad" label={t('cgii.field.agency')} value={v.entidad} error={e.entidad} options={props.agencies.map((a) => ({ value: a, label: a }))} />
        ) : (
          <input type="hidden" name="entidad" value={props.agencies[0] ?? ''} />
        )}
        <TextField name="titulo" label={t('cgii.field.title')} value={v.titulo} error={e.titulo} />
        <TextArea name="descripcion" label={t('cgii.field.description')} hint={t('cgii.report.descriptionHint')} value={v.descripcion} error={e.descripcion} rows={6} />
        <TextField name="detectado" label={t('cgii.field.detectedAt')} hint={t('cgii.report.detectedHint')} value={v.detectado} error={e.detectado} width="20" />
        <TextArea name="sistemas" label={t('cgii.field.systems')} value={v.sistemas} error={e.sistemas} optional rows={2} />
        <TextArea name="datos" label={t('cgii.field.data')} value={v.datos} error={e.datos} optional rows={2} />
        <PersonalDataChoice checked={Boolean(v.datos_personales)} label={t('cgii.report.personalDataYes')} />
        <Select name="categoria" label={t('cgii.field.category')} hint={t('cgii.report.categoryHint')} value={v.categoria} error={e.categoria} options={categoryOptions()} />
        <Select name="severidad" label={t('cgii.field.severity')} value={v.severidad || 'medium'} error={e.severidad} options={SEVERITIES.map((s) => ({ value: s, label: t(`cgii.severity.${s}`) }))} />
        <Select name="tlp" label={t('cgii.field.tlp')} value={v.tlp || 'amber'} error={e.tlp} options={TLPS.map((x) => ({ value: x, label: tlpLabel(x) }))} />
        <TextArea name="indicadores" label={t('cgii.field.indicators')} hint={t('cgii.report.indicatorsHint')} value={v.indicadores} error={e.indicadores} optional rows={4} spellcheck={false} />
        <FileField name="evidencias" label={t('cgii.field.evidence')} hint={t('cgii.report.evidenceHint')} error={e.evidencias} accept="application/pdf,image/png,image/jpeg" multiple optional />
        <Button type="submit">{t('cgii.report.submit')}</Button>
      </form>
    </>
  );
}

export function IncidentPage(props: { view: IncidentView; analyst: boolean; entity: boolean; values: Values; errors: Errors; names: Record<string, string> }) {
  const { t, format } = useView();
  const { incident: i, indicators, evidence, notes, custody, people } = props.view;
  const v = props.values;
  const e = props.errors;
  const open = i.status !== 'closed';
  const who = (author: string) => props.names[author] ?? (author.startsWith('client:') ? t('cgii.system', { client: author.slice(7) }) : t('cgii.someone'));
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>
        {i.code}: {i.title}
      </h1>
      <p>
        <TlpTag tlp={i.tlp} /> <Tag>{t(`cgii.status.${i.status}`)}</Tag> <Tag tone={i.severity === 'critical' || i.severity === 'high' ? 'danger' : 'info'}>{t(`cgii.severity.${i.severity}`)}</Tag>
        {i.escalatedAt ? (
          <>
            {' '}
            <Tag tone="danger">{t('cgii.escalated')}</Tag>
          </>
        ) : null}
      </p>
      <SummaryList
        rows={[
          { key: t('cgii.field.agency'), value: i.agencyCode },
          { key: t('cgii.field.description'), value: i.description },
          { key: t('cgii.field.detectedAt'), value: format.dateTime(i.detectedAt) },
          { key: t('cgii.field.reportedAt'), value: format.dateTime(i.reportedAt) },
          { key: t('cgii.field.category'), value: i.category },
          { key: t('cgii.field.systems'), value: i.systemsAffected || '—' },
          { key: t('cgii.field.data'), value: i.dataAffected || '—' },
          { key: t('cgii.field.personalData'), value: i.personalData ? t('cgii.yes') : t('cgii.no') },
          { key: t('cgii.field.firstResponseDue'), value: `${format.dateTime(i.firstResponseDue)}${i.firstResponseAt ? ` (${t('cgii.doneAt', { at: format.dateTime(i.firstResponseAt) })})` : ''}` },
          { key: t('cgii.field.containmentDue'), value: format.dateTime(i.containmentDue) },
          { key: t('cgii.field.closureDue'), value: format.dateTime(i.closureDue) },
          ...(i.closedAt ? [{ key: t('cgii.field.closedAt'), value: format.dateTime(i.closedAt) }] : []),
        ]}
      />
      <h2>{t('cgii.field.indicators')}</h2>
      {indicators.length === 0 ? (
        <p>{t('cgii.none')}</p>
      ) : (
        <ul>
          {indicators.map((x, n) => (
            <li key={n}>
              <code>{x.kind}</code> <code>{x.value}</code>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('cgii.field.evidence')}</h2>
      {evidence.length === 0 ? (
        <p>{t('cgii.none')}</p>
      ) : (
        <ul>
          {evidence.map((x) => (
            <li key={x.sha256}>
              <a href={`/cgii/incidentes/${i.id}/evidencias/${x.sha256}`}>{x.filename}</a> ({format.number(x.size)} B) <code class="hash">SHA-256 {x.sha256}</code>
            </li>
          ))}
        </ul>
      )}
      {props.analyst && custody.length > 0 ? (
        <Table
          caption={t('cgii.custody.heading')}
          columns={[{ label: t('cgii.custody.when') }, { label: t('cgii.custody.what') }, { label: t('cgii.custody.who') }, { label: 'SHA-256' }]}
          rows={custody.map((c) => [format.dateTime(c.at), t(`cgii.custody.${c.action}`), who(c.actor), c.sha256.slice(0, 12)])}
        />
      ) : null}
      <h2 id="registro">{t('cgii.record.heading')}</h2>
      {notes.length === 0 ? <p>{t('cgii.none')}</p> : null}
      {notes.map((n) => (
        <div key={n.id} class="panel note">
          <p>
            <strong>{t(`cgii.noteKind.${n.kind}`)}</strong> <TlpTag tlp={n.tlp} /> · {who(n.author)} · {format.dateTime(n.createdAt)}
            {n.tlp === 'red' ? ` · ${t('cgii.record.onlyFor', { names: n.recipients.map(who).join(', ') })}` : ''}
          </p>
          <p>{n.body}</p>
        </div>
      ))}
      {i.closureReport ? (
        <>
          <h2>{t('cgii.close.reportHeading')}</h2>
          <p>{i.closureReport}</p>
        </>
      ) : null}
      {props.entity && i.status === 'waiting_entity' ? (
        <Form action={`/cgii/incidentes/${i.id}/respuesta#resumen-errores`}>
          <h2>{t('cgii.answer.heading')}</h2>
          <TextArea name="texto" label={t('cgii.answer.label')} value={v.texto} error={e.texto} rows={5} />
          <Select
            name="tlp_nota"
            label={t('cgii.field.tlp')}
            value={v.tlp_nota || 'amber'}
            error={e.tlp_nota}
            options={TLPS.filter((x) => x !== 'red').map((x) => ({ value: x, label: tlpLabel(x) }))}
          />
          <Button type="submit">{t('cgii.answer.submit')}</Button>
        </Form>
      ) : null}
      {props.analyst && open ? (
        <>
          <Form action={`/cgii/incidentes/${i.id}/triaje#resumen-errores`}>
            <h2>{t('cgii.triage.heading')}</h2>
            <Select name="categoria" label={t('cgii.field.category')} value={v.categoria || i.category} error={e.categoria} options={categoryOptions()} />
            <Select
              name="severidad"
              label={t('cgii.field.severity')}
              value={v.severidad || i.severity}
              error={e.severidad}
              options={SEVERITIES.map((s) => ({ value: s, label: t(`cgii.severity.${s}`) }))}
            />
            <Select name="tlp" label={t('cgii.field.tlp')} value={v.tlp || i.tlp} error={e.tlp} options={TLPS.map((x) => ({ value: x, label: tlpLabel(x) }))} />
            <Checkboxes name="asignarme" label={t('cgii.triage.assign')} optional values={['si']} options={[{ value: 'si', label: t('cgii.triage.assignMe') }]} />
            <Button type="submit">{t('cgii.triage.submit')}</Button>
          </Form>
          <Form action={`/cgii/incidentes/${i.id}/notas#resumen-errores`}>
            <h2>{t('cgii.note.heading')}</h2>
            <Select
              name="tipo"
              label={t('cgii.note.kind')}
              value={v.tipo || 'note'}
              error={e.tipo}
              options={['note', 'action', 'request'].map((k) => ({ value: k, label: t(`cgii.noteKind.${k}`) }))}
            />
            <TextArea name="texto" label={t('cgii.note.label')} value={v.texto} error={e.texto} rows={5} />
            <Select name="tlp_nota" label={t('cgii.field.tlp')} value={v.tlp_nota || 'amber'} error={e.tlp_nota} options={TLPS.map((x) => ({ value: x, label: tlpLabel(x) }))} />
            <Checkboxes
              name="destinatarios"
              label={t('cgii.note.recipients')}
              hint={t('cgii.note.recipientsHint')}
              error={e.destinatarios}
              optional
              values={v.destinatarios ? v.destinatarios.split(',') : []}
              options={people.map((p) => ({ value: p.id, label: `${p.name} (${p.analyst ? t('cgii.role.analyst') : t('cgii.role.contact')})` }))}
            />
            <Button type="submit">{t('cgii.note.submit')}</Button>
          </Form>
          <Form action={`/cgii/incidentes/${i.id}/cierre#resumen-errores`}>
            <h2>{t('cgii.close.heading')}</h2>
            <TextArea name="informe" label={t('cgii.close.label')} value={v.informe} error={e.informe} rows={6} />
            {i.personalData ? <p>{t('cgii.close.personalDataReported')}</p> : <PersonalDataChoice checked={Boolean(v.datos_personales)} label={t('cgii.close.personalDataYes')} />}
            <TextArea name="afectados" label={t('cgii.close.affected')} hint={t('cgii.close.affectedHint')} value={v.afectados} error={e.afectados} optional rows={4} spellcheck={false} />
            <TextArea name="aviso" label={t('cgii.close.notice')} hint={t('cgii.close.noticeHint')} value={v.aviso} error={e.aviso} optional rows={3} />
            <Button type="submit">{t('cgii.close.submit')}</Button>
          </Form>
        </>
      ) : null}
      {props.analyst ? (
        <p>
          <a href={`/cgii/incidentes/${i.id}/stix`}>{t('cgii.stix.download')}</a>
        </p>
      ) : null}
    </>
  );
}

export function BulletinPage(props: {
  figures: { reported: number; closed: number; closedInTime: number; share: number | null; medianHours: number | null };
  credits: Array<{ creditAs: string; answeredAt: Date }>;
  /** The public advisories (TLP:CLEAR), drawn by the advisories' view. */
  advisories?: ComponentChildren;
}) {
  const { t, format } = useView();
  return (
    <>
      <h1>{t('cgii.bulletin.heading')}</h1>
      <p>{t('cgii.bulletin.lead')}</p>
      <h2>{t('cgii.bulletin.figures')}</h2>
      <p>{t('cgii.bulletin.reported', { count: props.figures.reported })}</p>
      <OnTime figures={props.figures} />
      {props.figures.medianHours !== null ? <p>{t('cgii.bulletin.median', { hours: props.figures.medianHours })}</p> : null}
      {props.advisories}
      <h2>{t('cgii.bulletin.credits')}</h2>
      {props.credits.length === 0 ? (
        <p>{t('cgii.none')}</p>
      ) : (
        <ul>
          {props.credits.map((c, n) => (
            <li key={n}>
              {c.creditAs} · {format.date(c.answeredAt)}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/cgii/vulnerabilidades">{t('cgii.disclosure.heading')}</a> · <a href="/.well-known/security.txt">security.txt</a>
      </p>
    </>
  );
}

export function DisclosurePage(props: { values: Values; errors: Errors; sent: string | null; fingerprint: string }) {
  const { t } = useView();
  const v = props.values;
  const e = props.errors;
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>{t('cgii.disclosure.heading')}</h1>
      {props.sent ? (
        <p role="status" class="notice">
          {t('cgii.disclosure.sent', { code: props.sent })}
        </p>
      ) : null}
      <p>{t('cgii.disclosure.lead')}</p>
      <p>
        {t('cgii.disclosure.key')} <a href="/cgii/clave.asc">clave.asc</a> <code class="hash">{props.fingerprint}</code>
      </p>
      <Form action="/cgii/vulnerabilidades#resumen-errores">
        <TextField name="nombre" label={t('cgii.disclosure.name')} value={v.nombre} error={e.nombre} optional autocomplete="name" />
        <TextField name="contacto" label={t('cgii.disclosure.contact')} hint={t('cgii.disclosure.contactHint')} value={v.contacto} error={e.contacto} autocomplete="email" />
        <TextField name="sistema" label={t('cgii.disclosure.system')} value={v.sistema} error={e.sistema} />
        <TextArea name="informe" label={t('cgii.disclosure.body')} hint={t('cgii.disclosure.bodyHint')} value={v.informe} error={e.informe} rows={10} spellcheck={false} />
        <TextField name="credito" label={t('cgii.disclosure.credit')} hint={t('cgii.disclosure.creditHint')} value={v.credito} error={e.credito} optional />
        <Button type="submit">{t('cgii.disclosure.submit')}</Button>
      </Form>
    </>
  );
}

export interface DisclosureItem {
  id: string;
  code: string;
  reporterName: string;
  reporterContact: string;
  system: string;
  encrypted: boolean;
  creditAs: string | null;
  status: 'received' | 'answered';
  answer: string | null;
  receivedAt: Date;
  /** The text, decrypted when it was encrypted; null when no key of the centre opens it. */
  plain: string | null;
}

/** The analysts' inbox of vulnerability reports: read (decrypted), answer; the centre's key and its rotation. */
export function DisclosureInbox(props: { items: DisclosureItem[]; fingerprint: string; values: Values; errors: Errors; answering: string | null }) {
  const { t, format } = useView();
  const e = props.errors;
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>{t('cgii.inbox.heading')}</h1>
      <p>{t('cgii.inbox.lead')}</p>
      {props.items.length === 0 ? <p>{t('cgii.inbox.none')}</p> : null}
      {props.items.map((d) => (
        <section key={d.id} id={`reporte-${d.code}`} aria-labelledby={`titulo-${d.code}`}>
          <h2 id={`titulo-${d.code}`}>
            {d.code} · {d.system}
          </h2>
          <SummaryList
            rows={[
              { key: t('cgii.inbox.received'), value: format.dateTime(d.receivedAt) },
              { key: t('cgii.disclosure.name'), value: d.reporterName || t('cgii.someone') },
              { key: t('cgii.disclosure.contact'), value: d.reporterContact },
              { key: t('cgii.inbox.encrypted'), value: d.encrypted ? t('cgii.yes') : t('cgii.no') },
              { key: t('cgii.inbox.credit'), value: d.creditAs ?? t('cgii.none') },
              { key: t('cgii.field.status'), value: t(`cgii.inbox.status.${d.status}`) },
            ]}
          />
          <h3>{t('cgii.disclosure.body')}</h3>
          {d.plain === null ? <p>{t('cgii.inbox.cannotDecrypt')}</p> : <pre>{d.plain}</pre>}
          {d.status === 'answered' ? (
            <>
              <h3>{t('cgii.inbox.answer')}</h3>
              <p>{d.answer}</p>
            </>
          ) : (
            <Form action={`/cgii/vulnerabilidades/${d.id}/respuesta#resumen-errores`}>
              <TextArea
                name="respuesta"
                label={t('cgii.inbox.answer')}
                hint={t('cgii.inbox.answerHint')}
                value={props.answering === d.id ? props.values.respuesta : undefined}
                error={props.answering === d.id ? e.respuesta : undefined}
                rows={4}
              />
              <Button type="submit">{t('cgii.inbox.answerSubmit')}</Button>
            </Form>
          )}
        </section>
      ))}
      <section id="clave" aria-labelledby="titulo-clave">
        <h2 id="titulo-clave">{t('cgii.inbox.keyHeading')}</h2>
        <p>
          {t('cgii.disclosure.key')} <a href="/cgii/clave.asc">clave.asc</a> <code class="hash">{props.fingerprint}</code>
        </p>
        <p>{t('cgii.inbox.rotateLead')}</p>
        <Form action="/cgii/clave/rotacion">
          <input type="hidden" name="huella" value={props.fingerprint} />
          <Button type="submit">{t('cgii.inbox.rotate')}</Button>
        </Form>
      </section>
    </>
  );
}

// Postal tracking pages: the public search and a shipment's history; the post clerk's desk
// (register a shipment, print its label) and the CSV import of events.
import type { Office } from '../../agencies/index.ts';
import { Button, ErrorSummary, Form, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { CsvOutcome } from '../postal.service.ts';
import { type EventKind, isDelivery, SHIPMENT_KINDS, type Shipment, type TrackingEvent } from '../postal.types.ts';

const tone = (state: EventKind) => (isDelivery(state) ? 'success' : state === 'failed_attempt' || state === 'returned' ? 'warning' : 'info');

export function SearchPage(props: { value: string; error?: string; notFound?: boolean }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems({ numero: props.error })} />
      <h1>{t('postal.search.heading')}</h1>
      <p>{t('postal.search.lead')}</p>
      <Form method="get" action="/envios">
        <TextField name="numero" label={t('postal.search.label')} hint={t('postal.search.hint')} value={props.value} error={props.error} width="20" autocomplete="off" spellcheck={false} />
        <Button type="submit">{t('postal.search.submit')}</Button>
      </Form>
    </>
  );
}

const officeName = (offices: Map<string, Office>, code: string | null) => (code ? (offices.get(code)?.name ?? code) : '');

export function TrackingPage(props: { shipment: Shipment; events: TrackingEvent[]; state: EventKind; offices: Map<string, Office> }) {
  const { t, format } = useView();
  const s = props.shipment;
  return (
    <>
      <h1>{t('postal.tracking.heading', { number: s.number })}</h1>
      <p>
        <Tag tone={tone(props.state)}>{t(`postal.event.${props.state}`)}</Tag>
      </p>
      <SummaryList
        rows={[
          { key: t('postal.tracking.kind'), value: t(`postal.kind.${s.kind}`) },
          { key: t('postal.tracking.origin'), value: officeName(props.offices, s.originOffice) },
          { key: t('postal.tracking.destination'), value: officeName(props.offices, s.destinationOffice) },
          { key: t('postal.tracking.due'), value: format.date(s.dueAt) },
        ]}
      />
      <h2>{t('postal.tracking.history')}</h2>
      <ol class="timeline" id="historial">
        {props.events.map((e) => (
          <li key={e.id}>
            <strong>{t(`postal.event.${e.kind}`)}</strong> · <time dateTime={e.occurredAt.toISOString()}>{format.dateTime(e.occurredAt)}</time>
            {e.officeCode ? ` · ${officeName(props.offices, e.officeCode)}` : ''}
            {e.note ? ` · ${e.note}` : ''}
          </li>
        ))}
      </ol>
      <p>
        <a href="/envios">{t('postal.tracking.another')}</a>
      </p>
    </>
  );
}

export interface ShipmentForm {
  tipo: string;
  origen: string;
  destino: string;
  nombre: string;
  documento: string;
  direccion: string;
}

export function DeskPage(props: { offices: Office[]; form: ShipmentForm; errors: Record<string, string>; recent: Shipment[] }) {
  const { t, format } = useView();
  const options = [{ value: '', label: t('postal.desk.chooseOffice') }, ...props.offices.map((o) => ({ value: o.code, label: o.name }))];
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('postal.desk.heading')}</h1>
      <p>
        <a href="/envios/oficina/importar">{t('postal.desk.importLink')}</a>
      </p>
      <p>
        <a href="/envios/oficina/impresion">{t('postal.queue.deskLink')}</a>
      </p>
      <Form action="/envios/oficina#resumen-errores">
        <h2>{t('postal.desk.register')}</h2>
        <Select name="tipo" label={t('postal.desk.kind')} value={props.form.tipo} error={props.errors.tipo} options={SHIPMENT_KINDS.map((k) => ({ value: k, label: t(`postal.kind.${k}`) }))} />
        <Select name="origen" label={t('postal.desk.origin')} value={props.form.origen} error={props.errors.origen} options={options} />
        <Select name="destino" label={t('postal.desk.destination')} value={props.form.destino} error={props.errors.destino} options={options} />
        <TextField name="nombre" label={t('postal.desk.name')} value={props.form.nombre} error={props.errors.nombre} autocomplete="off" />
        <TextField
          name="documento"
          label={t('postal.desk.document')}
          hint={t('postal.desk.documentHint')}
          value={props.form.documento}
          error={props.errors.documento}
          optional
          width="20"
          autocomplete="off"
        />
        <TextArea name="direccion" label={t('postal.desk.address')} value={props.form.direccion} error={props.errors.direccion} rows={3} />
        <Button type="submit">{t('postal.desk.submit')}</Button>
      </Form>
      <h2>{t('postal.desk.recent')}</h2>
      {props.recent.length === 0 ? (
        <p>{t('postal.desk.none')}</p>
      ) : (
        <Table
          caption={t('postal.desk.recent')}
          captionHidden
          columns={[{ label: t('postal.desk.number') }, { label: t('postal.desk.kind') }, { label: t('postal.desk.accepted') }]}
          rows={props.recent.map((s) => [<a href={`/envios/oficina/${s.number}`}>{s.number}</a>, t(`postal.kind.${s.kind}`), format.dateTime(s.acceptedAt)])}
        />
      )}
    </>
  );
}

export function RegisteredPage(props: { shipment: Shipment; created: boolean }) {
  const { t, format } = useView();
  const s = props.shipment;
  return (
    <>
      {props.created ? (
        <p role="status" class="notice">
          {t('postal.registered.notice')}
        </p>
      ) : null}
      <h1>{t('postal.tracking.heading', { number: s.number })}</h1>
      <SummaryList
        rows={[
          { key: t('postal.tracking.kind'), value: t(`postal.kind.${s.kind}`) },
          { key: t('postal.desk.name'), value: s.addresseeName },
          { key: t('postal.desk.address'), value: s.address },
          { key: t('postal.tracking.due'), value: format.date(s.dueAt) },
        ]}
      />
      <p>
        <a href={`/envios/oficina/${s.number}/etiqueta.pdf`}>{t('postal.registered.label')}</a>
      </p>
      <p>
        <a href={`/envios/${s.number}`}>{t('postal.registered.public')}</a> · <a href="/envios/oficina">{t('postal.registered.back')}</a>
      </p>
    </>
  );
}

export function ImportPage(props: { csv: string; error?: string; outcome?: CsvOutcome }) {
  const { t } = useView();
  const o = props.outcome;
  return (
    <>
      <ErrorSummary errors={summaryItems({ csv: props.error })} />
      <h1>{t('postal.import.heading')}</h1>
      <p>{t('postal.import.lead')}</p>
      <pre>numero,evento,fecha,oficina,nota{'\n'}CP000000015BO,in_transit,2026-12-01 14:30,AGBC-LPZ,</pre>
      {o ? (
        <div role="status" class="notice">
          <p>{t('postal.import.outcome', { recorded: o.recorded, repeated: o.repeated, problems: o.problems.length })}</p>
          {o.problems.length > 0 ? (
            <ul>
              {o.problems.map((p) => (
                <li key={p.line}>{t('postal.import.problem', { line: p.line, problem: t(p.messageKey) })}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Form action="/envios/oficina/importar#resumen-errores">
        <TextArea name="csv" label={t('postal.import.label')} hint={t('postal.import.hint')} value={props.csv} error={props.error} rows={10} spellcheck={false} />
        <Button type="submit">{t('postal.import.submit')}</Button>
      </Form>
      <p>
        <a href="/envios/oficina">{t('postal.registered.back')}</a>
      </p>
    </>
  );
}

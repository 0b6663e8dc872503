// Advice to entities: the list with the request form, and one request with its experts,
// sessions and answer (the forms only for the platform's training managers).
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { Button, ErrorSummary, Form, Radios, Select, summaryItems, Table, TextArea, TextField } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { AdviceRequest } from '../advice.queries.ts';

export interface AdviceForm {
  entidad: string;
  tipo: string;
  necesidad: string;
  clave?: string;
}

function Status(props: { request: AdviceRequest }) {
  const { t, format } = useView();
  const r = props.request;
  return <>{r.answeredAt ? t('training.advice.answeredOn', { date: format.date(r.answeredAt) }) : t('training.advice.dueOn', { date: r.dueOn })}</>;
}

export function AdviceListPage(props: { agencies: string[]; requests: AdviceRequest[]; form: AdviceForm; errors: Record<string, string> }) {
  const { t, format } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('training.advice.heading')}</h1>
      <p>{t('training.advice.lead')}</p>
      <Table
        caption={t('training.advice.requests')}
        columns={[{ label: t('training.advice.entity') }, { label: t('training.advice.kind') }, { label: t('training.advice.requested') }, { label: t('training.report.status') }]}
        rows={props.requests.map((r) => [
          <a key={r.id} href={`/capacitacion/asesoria/${r.id}`}>
            {r.agencyCode}
          </a>,
          t(`training.advice.kinds.${r.kind}`),
          format.date(r.requestedAt),
          <Status key={`s-${r.id}`} request={r} />,
        ])}
      />
      {props.agencies.length > 0 ? (
        <Form action="/capacitacion/asesoria#resumen-errores">
          <h2>{t('training.advice.ask')}</h2>
          <FormKey value={props.form.clave} />
          <Select name="entidad" label={t('training.advice.entity')} value={props.form.entidad} options={props.agencies.map((a) => ({ value: a, label: a }))} />
          <Radios
            name="tipo"
            label={t('training.advice.kind')}
            value={props.form.tipo}
            error={props.errors.tipo}
            options={[
              { value: 'technical', label: t('training.advice.kinds.technical') },
              { value: 'legal', label: t('training.advice.kinds.legal') },
            ]}
          />
          <TextArea name="necesidad" label={t('training.advice.need')} hint={t('training.advice.needHint')} value={props.form.necesidad} error={props.errors.necesidad} />
          <Button type="submit">{t('training.advice.send')}</Button>
        </Form>
      ) : null}
    </>
  );
}

export interface AdviceDetailForms {
  experto: string;
  fecha: string;
  notas: string;
  respuesta: string;
  clave?: string;
}

export function AdviceDetailPage(props: {
  request: AdviceRequest;
  experts: string[];
  sessions: Array<{ heldOn: string; notes: string }>;
  advisor: boolean;
  form: AdviceDetailForms;
  errors: Record<string, string>;
}) {
  const { t } = useView();
  const r = props.request;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('training.advice.detail', { entity: r.agencyCode, kind: t(`training.advice.kinds.${r.kind}`) })}</h1>
      <p>{r.need}</p>
      <p>
        <Status request={r} />
      </p>
      <h2>{t('training.advice.experts')}</h2>
      {props.experts.length > 0 ? (
        <ul>
          {props.experts.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : (
        <p>{t('training.advice.noExperts')}</p>
      )}
      <Table
        caption={t('training.advice.sessions')}
        columns={[{ label: t('training.facilitation.date') }, { label: t('training.advice.notes') }]}
        rows={props.sessions.map((s) => [s.heldOn, s.notes])}
      />
      {r.answer ? (
        <>
          <h2>{t('training.advice.answer')}</h2>
          <p>{r.answer}</p>
        </>
      ) : null}
      {props.advisor ? (
        <>
          <Form action={`/capacitacion/asesoria/${r.id}/expertos#resumen-errores`}>
            <TextField name="experto" label={t('training.advice.expert')} value={props.form.experto} error={props.errors.experto} />
            <Button type="submit">{t('training.advice.assign')}</Button>
          </Form>
          <Form action={`/capacitacion/asesoria/${r.id}/sesiones#resumen-errores`}>
            <FormKey value={props.form.clave} />
            <TextField name="fecha" label={t('training.facilitation.date')} hint={t('training.facilitation.dateHint')} value={props.form.fecha} error={props.errors.fecha} />
            <TextArea name="notas" label={t('training.advice.notes')} value={props.form.notas} error={props.errors.notas} />
            <Button type="submit">{t('training.advice.record')}</Button>
          </Form>
          {r.answer ? null : (
            <Form action={`/capacitacion/asesoria/${r.id}/respuesta#resumen-errores`}>
              <TextArea name="respuesta" label={t('training.advice.answer')} value={props.form.respuesta} error={props.errors.respuesta} />
              <Button type="submit">{t('training.advice.sendAnswer')}</Button>
            </Form>
          )}
        </>
      ) : null}
    </>
  );
}

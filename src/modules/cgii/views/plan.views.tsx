// The CGII's pages of the Institutional Information Security Plans: the list (the centre sees
// every entity's current plan, a contact its entity's plans and the form to file one) and a plan
// with the centre's observations. Plain forms, no JavaScript.
import { Button, CsrfField, ErrorSummary, FileField, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import type { Observation, Plan } from '../plan.service.ts';
import type { Errors, Values } from './cgii.views.tsx';

function InForce(props: { plan: Plan; today: string }) {
  const { t } = useView();
  const p = props.plan;
  if (p.supersededAt) return <Tag>{t('cgii.plan.superseded')}</Tag>;
  return p.approvedOn <= props.today && p.expiresOn > props.today ? <Tag tone="success">{t('cgii.plan.inForce')}</Tag> : <Tag tone="danger">{t('cgii.plan.lapsed')}</Tag>;
}

export function PlansPage(props: {
  plans: Plan[];
  analyst: boolean;
  agencies: string[];
  today: string;
  figures: { centralInForce: number; central: number; share: number | null };
  values: Values;
  errors: Errors;
}) {
  const { t } = useView();
  const v = props.values;
  const e = props.errors;
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>{t('cgii.plan.heading')}</h1>
      <p>{t('cgii.plan.lead')}</p>
      <p id="planes-vigentes">
        {props.figures.share === null ? t('cgii.none') : t('cgii.plan.share', { share: props.figures.share, inForce: props.figures.centralInForce, central: props.figures.central })}
      </p>
      <Table
        caption={t('cgii.plan.heading')}
        captionHidden
        columns={[{ label: t('cgii.field.agency') }, { label: t('cgii.plan.owner') }, { label: t('cgii.plan.expiresOn') }, { label: t('cgii.field.status') }]}
        rows={props.plans.map((p) => [
          <a key="a" href={`/cgii/planes/${p.id}`}>
            {p.agencyCode}
          </a>,
          p.owner,
          p.expiresOn,
          <InForce key="s" plan={p} today={props.today} />,
        ])}
      />
      {props.agencies.length > 0 ? (
        <>
          <h2>{t('cgii.plan.file')}</h2>
          <form action="/cgii/planes#resumen-errores" method="post" enctype="multipart/form-data" novalidate>
            <CsrfField />
            <FormKey value={v.clave} />
            {props.agencies.length > 1 ? (
              <Select name="entidad" label={t('cgii.field.agency')} value={v.entidad} error={e.entidad} options={props.agencies.map((a) => ({ value: a, label: a }))} />
            ) : (
              <input type="hidden" name="entidad" value={props.agencies[0] ?? ''} />
            )}
            <TextArea name="secciones" label={t('cgii.plan.sections')} hint={t('cgii.plan.sectionsHint')} value={v.secciones} error={e.secciones} rows={8} />
            <TextField name="responsable" label={t('cgii.plan.owner')} value={v.responsable} error={e.responsable} />
            <TextField name="aprobado" label={t('cgii.plan.approvedOn')} hint={t('cgii.plan.dateHint')} value={v.aprobado} error={e.aprobado} width="10" />
            <TextField name="revision" label={t('cgii.plan.expiresOn')} hint={t('cgii.plan.dateHint')} value={v.revision} error={e.revision} width="10" />
            <FileField name="documento" label={t('cgii.plan.pdf')} error={e.documento} accept="application/pdf" optional />
            <Button type="submit">{t('cgii.plan.submit')}</Button>
          </form>
        </>
      ) : null}
    </>
  );
}

export function PlanPage(props: { plan: Plan; observations: Observation[]; analyst: boolean; today: string; names: Record<string, string>; values: Values; errors: Errors }) {
  const { t, format } = useView();
  const p = props.plan;
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('cgii.plan.of', { agency: p.agencyCode })}</h1>
      <p>
        <InForce plan={p} today={props.today} />
      </p>
      <SummaryList
        rows={[
          { key: t('cgii.plan.owner'), value: p.owner },
          { key: t('cgii.plan.approvedOn'), value: p.approvedOn },
          { key: t('cgii.plan.expiresOn'), value: p.expiresOn },
          { key: t('cgii.plan.sections'), value: <pre>{p.sections}</pre> },
          { key: t('cgii.plan.pdf'), value: p.pdfSha256 ? <a href={`/cgii/planes/${p.id}/documento`}>{p.pdfFilename}</a> : t('cgii.none') },
          { key: t('cgii.plan.filedAt'), value: format.dateTime(p.filedAt) },
        ]}
      />
      <h2 id="observaciones">{t('cgii.plan.observations')}</h2>
      {props.observations.length === 0 ? (
        <p>{t('cgii.none')}</p>
      ) : (
        <ul>
          {props.observations.map((o) => (
            <li key={o.id}>
              <strong>{props.names[o.author] ?? t('cgii.someone')}</strong> · {format.dateTime(o.createdAt)}: {o.body}
            </li>
          ))}
        </ul>
      )}
      {props.analyst ? (
        <form action={`/cgii/planes/${p.id}/observaciones#resumen-errores`} method="post" novalidate>
          <CsrfField />
          <TextArea name="observacion" label={t('cgii.plan.observation')} value={props.values.observacion} error={props.errors.observacion} rows={4} />
          <Button type="submit">{t('cgii.plan.observe')}</Button>
        </form>
      ) : null}
    </>
  );
}

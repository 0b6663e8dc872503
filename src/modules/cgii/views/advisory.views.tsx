// The CGII's advisory pages: an entity's declared products, the advisories list (the centre's
// and an entity's), the analyst's form, an advisory (with the entities' read receipts for the
// centre) and the public bulletin's advisories (TLP:CLEAR only). Plain forms, no JavaScript.
import { Button, CsrfField, ErrorSummary, Radios, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { type Advisory, productLines, type Receipt } from '../advisory.service.ts';
import { SEVERITIES, TLPS, tlpLabel } from '../cgii.types.ts';
import { type Errors, TlpTag, type Values } from './cgii.views.tsx';

export function ProductsPage(props: { agencies: string[]; agency: string; text: string; errors: Errors; saved: boolean }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('cgii.products.heading', { agency: props.agency })}</h1>
      <p>{t('cgii.products.lead')}</p>
      {props.saved ? <p id="guardado">{t('cgii.products.saved')}</p> : null}
      {props.agencies.length > 1 ? (
        <p>
          {props.agencies.map((a) => (
            <a key={a} href={`/cgii/productos?entidad=${encodeURIComponent(a)}`}>
              {a}{' '}
            </a>
          ))}
        </p>
      ) : null}
      <form action={`/cgii/productos?entidad=${encodeURIComponent(props.agency)}#resumen-errores`} method="post" novalidate>
        <CsrfField />
        <TextArea name="productos" label={t('cgii.field.products')} hint={t('cgii.products.hint')} value={props.text} error={props.errors.productos} optional rows={8} spellcheck={false} />
        <Button type="submit">{t('cgii.products.submit')}</Button>
      </form>
    </>
  );
}

function AdvisoryTable(props: { caption: string; advisories: Advisory[]; base: string }) {
  const { t, format } = useView();
  return props.advisories.length === 0 ? (
    <p>{t('cgii.none')}</p>
  ) : (
    <Table
      caption={props.caption}
      columns={[{ label: t('cgii.field.code') }, { label: t('cgii.field.title') }, { label: t('cgii.field.severity') }, { label: t('cgii.advisory.published') }]}
      rows={props.advisories.map((a) => [
        <a key="c" href={`${props.base}/${a.id}`}>
          {a.code}
        </a>,
        <span key="t">
          {a.title} <TlpTag tlp={a.tlp} />
        </span>,
        t(`cgii.severity.${a.severity}`),
        format.date(a.publishedAt),
      ])}
    />
  );
}

export function AdvisoryListPage(props: { advisories: Advisory[]; analyst: boolean; contact: boolean }) {
  const { t } = useView();
  return (
    <>
      <h1>{t('cgii.advisory.heading')}</h1>
      <p>{t('cgii.advisory.lead')}</p>
      {props.analyst ? (
        <p>
          <a href="/cgii/avisos/nuevo">{t('cgii.advisory.new')}</a>
        </p>
      ) : null}
      {props.contact ? (
        <p>
          <a href="/cgii/productos">{t('cgii.products.link')}</a>
        </p>
      ) : null}
      <AdvisoryTable caption={t('cgii.advisory.heading')} advisories={props.advisories} base="/cgii/avisos" />
    </>
  );
}

export function AdvisoryFormPage(props: { values: Values; errors: Errors }) {
  const { t } = useView();
  const v = props.values;
  const e = props.errors;
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>{t('cgii.advisory.new')}</h1>
      <form action="/cgii/avisos/nuevo#resumen-errores" method="post" novalidate>
        <CsrfField />
        <FormKey value={v.clave} />
        <TextField name="titulo" label={t('cgii.field.title')} value={v.titulo} error={e.titulo} />
        <TextArea name="descripcion" label={t('cgii.field.description')} value={v.descripcion} error={e.descripcion} rows={6} />
        <TextArea name="productos" label={t('cgii.advisory.products')} hint={t('cgii.products.hint')} value={v.productos} error={e.productos} optional rows={4} spellcheck={false} />
        <TextField name="cve" label="CVE" hint={t('cgii.advisory.cveHint')} value={v.cve} error={e.cve} optional />
        <TextArea name="acciones" label={t('cgii.advisory.actions')} value={v.acciones} error={e.acciones} rows={4} />
        <Select name="severidad" label={t('cgii.field.severity')} value={v.severidad || 'high'} error={e.severidad} options={SEVERITIES.map((s) => ({ value: s, label: t(`cgii.severity.${s}`) }))} />
        <Select name="tlp" label={t('cgii.field.tlp')} value={v.tlp || 'amber'} error={e.tlp} options={TLPS.map((x) => ({ value: x, label: tlpLabel(x) }))} />
        <Radios
          name="destino"
          label={t('cgii.advisory.audience')}
          value={v.destino || 'productos'}
          error={e.destino}
          options={[
            { value: 'productos', label: t('cgii.advisory.audienceProducts') },
            { value: 'todas', label: t('cgii.advisory.audienceAll') },
          ]}
        />
        <Button type="submit">{t('cgii.advisory.submit')}</Button>
      </form>
    </>
  );
}

function AdvisoryBody(props: { advisory: Advisory }) {
  const { t, format } = useView();
  const a = props.advisory;
  return (
    <>
      <h1>
        {a.code}: {a.title}
      </h1>
      <p>
        <TlpTag tlp={a.tlp} /> <Tag tone={a.severity === 'critical' || a.severity === 'high' ? 'danger' : 'info'}>{t(`cgii.severity.${a.severity}`)}</Tag>
      </p>
      <SummaryList
        rows={[
          { key: t('cgii.advisory.published'), value: format.dateTime(a.publishedAt) },
          { key: t('cgii.field.description'), value: a.description },
          { key: t('cgii.advisory.products'), value: productLines(a.products) || t('cgii.none') },
          { key: 'CVE', value: a.cve.join(', ') || t('cgii.none') },
          { key: t('cgii.advisory.actions'), value: a.actions },
        ]}
      />
    </>
  );
}

export function AdvisoryPage(props: { advisory: Advisory; receipts: Receipt[]; analyst: boolean }) {
  const { t, format } = useView();
  const read = props.receipts.filter((r) => r.firstReadAt);
  return (
    <>
      <AdvisoryBody advisory={props.advisory} />
      {props.analyst ? (
        <>
          <h2 id="acuses">{t('cgii.advisory.receipts', { read: read.length, total: props.receipts.length })}</h2>
          <Table
            caption={t('cgii.advisory.receiptsCaption')}
            captionHidden
            columns={[{ label: t('cgii.field.agency') }, { label: t('cgii.advisory.firstRead') }]}
            rows={props.receipts.map((r) => [r.agencyCode, r.firstReadAt ? format.dateTime(r.firstReadAt) : t('cgii.advisory.unread')])}
          />
          {props.advisory.tlp !== 'red' ? (
            <p>
              <a href={`/cgii/avisos/${props.advisory.id}/stix`}>{t('cgii.stix.download')}</a>
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export function PublicAdvisoryPage(props: { advisory: Advisory }) {
  const { t } = useView();
  return (
    <>
      <AdvisoryBody advisory={props.advisory} />
      <p>
        <a href="/cgii/boletines">{t('cgii.bulletin.heading')}</a>
      </p>
    </>
  );
}

/** The bulletin's list of public advisories (TLP:CLEAR). */
export function BulletinAdvisories(props: { advisories: Advisory[] }) {
  const { t } = useView();
  return (
    <>
      <h2>{t('cgii.bulletin.advisories')}</h2>
      <AdvisoryTable caption={t('cgii.bulletin.advisories')} advisories={props.advisories} base="/cgii/boletines" />
    </>
  );
}

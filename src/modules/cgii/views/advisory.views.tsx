// The CGII's advisory pages: an entity's declared products, the advisories list (the centre's
// and an entity's), the analyst's form, an advisory (with the entities' read receipts for the
// centre) and the public bulletin's advisories (TLP:CLEAR only). Plain forms, no JavaScript.
import { Button, Checkboxes, CsrfField, ErrorSummary, Notice, Radios, Select, SummaryList, Table, Tag, TextArea, TextField, summaryItems } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { FormKey } from '../../../platform/idempotency/form-key.tsx';
import { type Advisory, type AdvisoryEdit, productLines, type Receipt } from '../advisory.service.ts';
import { AdvisoryHistory } from './advisory-edit.views.tsx';
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
          {a.withdrawnAt ? <Tag tone="warning">{t('cgii.advisory.withdrawnTag')}</Tag> : null}
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
          <a href="/cgii/avisos/nuevo">{t('cgii.advisory.new')}</a> · <a href="/cgii/avisos/importar">{t('cgii.advisory.import')}</a>
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

/** The analyst's form: a new advisory, or an edit of one (`edit`: its id, code and the version it starts from). */
export function AdvisoryFormPage(props: { values: Values; errors: Errors; edit?: { id: string; code: string; version: number } }) {
  const { t } = useView();
  const v = props.values;
  const e = props.errors;
  const edit = props.edit;
  return (
    <>
      <ErrorSummary errors={summaryItems(e)} />
      <h1>{edit ? t('cgii.advisory.editHeading', { code: edit.code }) : t('cgii.advisory.new')}</h1>
      <form action={`${edit ? `/cgii/avisos/${edit.id}/editar` : '/cgii/avisos/nuevo'}#resumen-errores`} method="post" novalidate>
        <CsrfField />
        {edit ? <input type="hidden" name="version" value={String(edit.version)} /> : <FormKey value={v.clave} />}
        <TextField name="titulo" label={t('cgii.field.title')} value={v.titulo} error={e.titulo} />
        <TextArea name="descripcion" label={t('cgii.field.description')} value={v.descripcion} error={e.descripcion} rows={6} />
        <TextArea name="productos" label={t('cgii.advisory.products')} hint={t('cgii.products.hint')} value={v.productos} error={e.productos} optional rows={4} spellcheck={false} />
        <TextField name="cve" label="CVE" hint={t('cgii.advisory.cveHint')} value={v.cve} error={e.cve} optional />
        <TextArea name="acciones" label={t('cgii.advisory.actions')} value={v.acciones} error={e.acciones} rows={4} />
        <Select name="severidad" label={t('cgii.field.severity')} value={v.severidad || 'high'} error={e.severidad} options={SEVERITIES.map((s) => ({ value: s, label: t(`cgii.severity.${s}`) }))} />
        <Select name="tlp" label={t('cgii.field.tlp')} value={v.tlp || 'amber'} error={e.tlp} options={TLPS.map((x) => ({ value: x, label: tlpLabel(x) }))} />
        {edit ? (
          <Checkboxes
            name="avisar"
            label={t('cgii.advisory.renotify')}
            hint={t('cgii.advisory.renotifyHint')}
            optional
            values={v.avisar ? ['si'] : []}
            options={[{ value: 'si', label: t('cgii.advisory.renotifyLabel') }]}
          />
        ) : (
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
        )}
        <Button type="submit">{edit ? t('cgii.advisory.editSubmit') : t('cgii.advisory.submit')}</Button>
      </form>
    </>
  );
}

/** "Retirado": when and why (public for the bulletin's advisories). */
export function WithdrawnNotice(props: { advisory: Advisory }) {
  const { t, format } = useView();
  const a = props.advisory;
  return a.withdrawnAt ? (
    <Notice tone="warning">
      <p id="retirado">
        <strong>{t('cgii.advisory.withdrawn', { date: format.date(a.withdrawnAt) })}</strong> {t('cgii.advisory.withdrawalReason', { reason: a.withdrawalReason ?? '' })}
      </p>
    </Notice>
  ) : null;
}

function AdvisoryBody(props: { advisory: Advisory }) {
  const { t, format } = useView();
  const a = props.advisory;
  return (
    <>
      <h1>
        {a.code}: {a.title}
      </h1>
      <WithdrawnNotice advisory={a} />
      <p>
        <TlpTag tlp={a.tlp} /> <Tag tone={a.severity === 'critical' || a.severity === 'high' ? 'danger' : 'info'}>{t(`cgii.severity.${a.severity}`)}</Tag>
      </p>
      <SummaryList
        rows={[
          { key: t('cgii.advisory.published'), value: format.dateTime(a.publishedAt) },
          ...(a.modifiedAt ? [{ key: t('cgii.advisory.version'), value: t('cgii.advisory.versionOf', { version: a.version, date: format.dateTime(a.modifiedAt) }) }] : []),
          { key: t('cgii.field.description'), value: a.description },
          { key: t('cgii.advisory.products'), value: productLines(a.products) || t('cgii.none') },
          { key: 'CVE', value: a.cve.join(', ') || t('cgii.none') },
          { key: t('cgii.advisory.actions'), value: a.actions },
        ]}
      />
    </>
  );
}

export function AdvisoryPage(props: { advisory: Advisory; receipts: Receipt[]; analyst: boolean; edits?: AdvisoryEdit[]; reason?: { value: string; error?: string } }) {
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
          <AdvisoryHistory advisory={props.advisory} edits={props.edits ?? []} reason={props.reason} />
        </>
      ) : null}
    </>
  );
}

export function PublicAdvisoryPage(props: { advisory: Advisory }) {
  const { t } = useView();
  const a = props.advisory;
  return (
    <>
      {a.withdrawnAt ? (
        <>
          <h1>
            {a.code}: {a.title}
          </h1>
          <WithdrawnNotice advisory={a} />
        </>
      ) : (
        <AdvisoryBody advisory={a} />
      )}
      <p>
        <a href="/cgii/boletines">{t('cgii.bulletin.heading')}</a>
      </p>
    </>
  );
}

/** The bulletin's list of public advisories (TLP:CLEAR). */
export function BulletinAdvisories(props: { advisories: Advisory[] }) {
  const { t, format } = useView();
  const withdrawn = props.advisories.filter((a) => a.withdrawnAt);
  return (
    <>
      <h2>{t('cgii.bulletin.advisories')}</h2>
      <AdvisoryTable caption={t('cgii.bulletin.advisories')} advisories={props.advisories.filter((a) => !a.withdrawnAt)} base="/cgii/boletines" />
      {withdrawn.length > 0 ? (
        <>
          <h2 id="retirados">{t('cgii.bulletin.withdrawn')}</h2>
          <Table
            caption={t('cgii.bulletin.withdrawn')}
            captionHidden
            columns={[{ label: t('cgii.field.code') }, { label: t('cgii.field.title') }, { label: t('cgii.advisory.withdrawnOn') }, { label: t('cgii.advisory.reason') }]}
            rows={withdrawn.map((a) => [
              <a key="c" href={`/cgii/boletines/${a.id}`}>
                {a.code}
              </a>,
              a.title,
              format.date(a.withdrawnAt as Date),
              a.withdrawalReason ?? '',
            ])}
          />
        </>
      ) : null}
    </>
  );
}

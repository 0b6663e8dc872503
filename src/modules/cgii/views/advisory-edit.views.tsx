// The analyst's tools on an advisory: its edit history (who, when, what changed), the links to
// edit it and the withdrawal form; and the import of advisories from a STIX 2.1 bundle.
import { Button, CsrfField, ErrorSummary, FileField, summaryItems, Table, TextArea } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import { type Advisory, type AdvisoryEdit, productLines, type Product } from '../advisory.service.ts';
import type { Errors } from './cgii.views.tsx';

const shown = (field: string, value: unknown): string => (field === 'products' ? productLines(value as Product[]) : Array.isArray(value) ? value.join(', ') : String(value ?? ''));

export function AdvisoryHistory(props: { advisory: Advisory; edits: AdvisoryEdit[]; reason?: { value: string; error?: string } }) {
  const { t, format } = useView();
  const a = props.advisory;
  return (
    <>
      <h2 id="versiones">{t('cgii.advisory.history', { version: a.version })}</h2>
      {props.edits.length === 0 ? (
        <p>{t('cgii.advisory.noEdits')}</p>
      ) : (
        <Table
          caption={t('cgii.advisory.historyCaption')}
          captionHidden
          columns={[{ label: t('cgii.advisory.version') }, { label: t('cgii.advisory.editedAt') }, { label: t('cgii.advisory.editedBy') }, { label: t('cgii.advisory.changes') }]}
          rows={props.edits.map((e) => [
            String(e.version),
            format.dateTime(e.editedAt),
            e.editedBy,
            <ul key="c">
              {Object.entries(e.changes).map(([field, change]) => (
                <li key={field}>{t('cgii.advisory.change', { field: t(`cgii.advisory.field.${field}`), from: shown(field, change.from), to: shown(field, change.to) })}</li>
              ))}
              {e.renotified ? <li>{t('cgii.advisory.renotified')}</li> : null}
            </ul>,
          ])}
        />
      )}
      {a.withdrawnAt ? null : (
        <>
          <p>
            <a href={`/cgii/avisos/${a.id}/editar`}>{t('cgii.advisory.edit')}</a>
          </p>
          <h2 id="retiro">{t('cgii.advisory.withdraw')}</h2>
          <ErrorSummary errors={summaryItems(props.reason?.error ? { motivo: props.reason.error } : {})} />
          <form action={`/cgii/avisos/${a.id}/retiro#resumen-errores`} method="post" novalidate>
            <CsrfField />
            <TextArea name="motivo" label={t('cgii.advisory.reason')} hint={t('cgii.advisory.reasonHint')} value={props.reason?.value} error={props.reason?.error} rows={3} />
            <Button type="submit" variant="warning">
              {t('cgii.advisory.withdrawSubmit')}
            </Button>
          </form>
        </>
      )}
    </>
  );
}

export function AdvisoryImportPage(props: { errors: Errors; result?: { imported: number; existing: number } }) {
  const { t } = useView();
  return (
    <>
      <ErrorSummary errors={summaryItems(props.errors)} />
      <h1>{t('cgii.advisory.import')}</h1>
      <p>{t('cgii.advisory.importLead')}</p>
      {props.result ? <p id="importados">{t('cgii.advisory.imported', props.result)}</p> : null}
      <form action="/cgii/avisos/importar#resumen-errores" method="post" enctype="multipart/form-data" novalidate>
        <CsrfField />
        <FileField name="paquete" label={t('cgii.advisory.bundle')} hint={t('cgii.advisory.bundleHint')} accept=".json,application/json,application/stix+json" error={props.errors.paquete} />
        <Button type="submit">{t('cgii.advisory.importSubmit')}</Button>
      </form>
    </>
  );
}

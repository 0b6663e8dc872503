// The documents of sealed offers on a process page: the supplier's form to attach a PDF to its
// offer (with the receipts of those attached), and, once opened, their names and hashes (the
// entity's officers download them).
import { Button, CsrfField, FileField, Table } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { DocumentReceipt } from '../documents.queries.ts';
import type { Offer } from '../procurement.types.ts';

/** The supplier's own documents (receipts only: sealed) and the form to attach another. */
export function AttachDocuments(props: { base: string; offerId: string; documents: DocumentReceipt[]; error: string | undefined; max: number }) {
  const { t, format } = useView();
  const mine = props.documents.filter((d) => d.offerId === props.offerId);
  return (
    <>
      <h3>{t('procurement.documents.heading')}</h3>
      {mine.length === 0 ? <p>{t('procurement.documents.none')}</p> : null}
      <ul>
        {mine.map((d) => (
          <li key={d.id}>
            {t('procurement.documents.receipt', { at: format.dateTime(d.attachedAt) })} <code>{d.sealedSha256}</code>
          </li>
        ))}
      </ul>
      {mine.length < props.max ? (
        <form action={`${props.base}/documentos#resumen-errores`} method="post" enctype="multipart/form-data" novalidate>
          <CsrfField />
          <FileField name="document" label={t('procurement.documents.label')} hint={t('procurement.documents.hint', { max: props.max })} accept="application/pdf" error={props.error} />
          <Button type="submit" variant="secondary">
            {t('procurement.documents.submit')}
          </Button>
        </form>
      ) : null}
    </>
  );
}

/** Once the names are known: each document with its offer, name and SHA-256; a download link for the entity's officers. */
export function OpenedDocuments(props: { base: string; offers: Offer[]; documents: DocumentReceipt[]; officer: boolean }) {
  const { t } = useView();
  const named = props.documents.filter((d) => d.filename !== null);
  if (named.length === 0) return null;
  return (
    <Table
      caption={t('procurement.documents.caption')}
      columns={[{ label: t('procurement.results.supplier') }, { label: t('procurement.documents.name') }, { label: t('procurement.documents.sha256') }]}
      rows={named.map((d) => [
        props.offers.find((o) => o.id === d.offerId)?.supplierName ?? '',
        props.officer ? (
          <a key="n" href={`${props.base}/documentos/${d.id}`}>
            {d.filename}
          </a>
        ) : (
          (d.filename ?? '')
        ),
        <code key="h">{d.sha256}</code>,
      ])}
    />
  );
}

// The public interoperability catalog (/interoperabilidad): every service published in the
// exchange, with its producer, legal basis, data classification and conditions.
import { useView } from '../../../platform/views/context.ts';
import { Table } from '../../../platform/views/components.tsx';

export interface CatalogEntry {
  id: string;
  title: string;
  producer: string;
  legalBasis: string;
  classification: string;
  conditions: string;
  publishedAt: Date;
}

export function CatalogPage(props: { services: CatalogEntry[]; instance: string }) {
  const { t, format } = useView();
  return (
    <>
      <h1>{t('interop.catalog.heading')}</h1>
      <p>{t('interop.catalog.lead', { instance: props.instance })}</p>
      {props.services.length === 0 ? (
        <p>{t('interop.catalog.empty')}</p>
      ) : (
        <Table
          caption={t('interop.catalog.caption')}
          columns={[
            { label: t('interop.field.service') },
            { label: t('interop.field.producer') },
            { label: t('interop.field.legalBasis') },
            { label: t('interop.field.classification') },
            { label: t('interop.field.conditions') },
            { label: t('interop.field.publishedAt') },
          ]}
          rows={props.services.map((s) => [
            <>
              {s.title}
              <br />
              <code>{s.id}</code>
            </>,
            s.producer,
            s.legalBasis,
            t(`interop.classification.${s.classification}`),
            s.conditions || t('interop.catalog.noConditions'),
            format.date(s.publishedAt),
          ])}
        />
      )}
    </>
  );
}

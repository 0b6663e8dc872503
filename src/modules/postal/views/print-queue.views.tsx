// The clerks' print queue of official mail: each letter's number, addressee, delivery office,
// when it was printed as PDF, and whether a clerk downloaded it to print.
import type { Office } from '../../agencies/index.ts';
import { Table, Tag } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { QueuedLetter } from '../letters.queries.ts';

export function PrintQueuePage(props: { letters: QueuedLetter[]; offices: Map<string, Office> }) {
  const { t, format } = useView();
  const pending = props.letters.filter((l) => !l.downloadedAt).length;
  return (
    <>
      <h1>{t('postal.queue.heading')}</h1>
      <p>{t('postal.queue.lead', { count: pending })}</p>
      {props.letters.length === 0 ? (
        <p>{t('postal.queue.none')}</p>
      ) : (
        <Table
          caption={t('postal.queue.heading')}
          captionHidden
          columns={[
            { label: t('postal.desk.number') },
            { label: t('postal.desk.name') },
            { label: t('postal.desk.destination') },
            { label: t('postal.queue.created') },
            { label: t('postal.queue.state') },
            { label: t('postal.queue.download') },
          ]}
          rows={props.letters.map((l) => [
            <a href={`/envios/${l.number}`}>{l.number}</a>,
            l.addresseeName,
            props.offices.get(l.destinationOffice)?.name ?? l.destinationOffice,
            format.dateTime(l.createdAt),
            l.downloadedAt ? <Tag tone="success">{t('postal.queue.printed', { when: l.downloadedAt })}</Tag> : <Tag tone="warning">{t('postal.queue.pending')}</Tag>,
            <a href={`/envios/oficina/impresion/${l.number}/carta.pdf`} download>
              {t('postal.queue.downloadLink', { number: l.number })}
            </a>,
          ])}
        />
      )}
    </>
  );
}

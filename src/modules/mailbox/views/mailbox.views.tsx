// The person's mailbox pages: the list (inbox or archive, with search and pages) and one
// message with its times, text, attachments, receipt and the archive button.
import { Button, Form, Pagination, Panel, Select, SummaryList, Table, Tag, TextField } from '../../../platform/views/components.tsx';
import type { Formatter } from '../../../platform/i18n/format.ts';
import { useView } from '../../../platform/views/context.ts';
import { TextParagraphs } from '../../../platform/views/linked-text.tsx';
import type { MessagePage as MessageList } from '../mailbox.service.ts';
import { LIST_FILTERS, messageStatus, type Attachment, type ListStateFilter, type Message, type MessageStatus } from '../mailbox.types.ts';

/** Dates and sizes in the person's language and the country's time zone. */
export interface Formats {
  date: (date: Date) => string;
  size: (bytes: number) => string;
}

export function formatsFor(format: Formatter): Formats {
  return {
    date: format.dateTime,
    size: (bytes) =>
      bytes >= 1024 * 1024
        ? format.number(bytes / (1024 * 1024), { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 })
        : format.number(Math.max(1, Math.round(bytes / 1024)), { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }),
  };
}

const statusTone: Record<MessageStatus, 'info' | 'success' | 'warning'> = { available: 'info', opened: 'success', deemed_notified: 'warning' };

function StatusTag(props: { status: MessageStatus; unopened: boolean }) {
  const { t } = useView();
  if (props.unopened && props.status !== 'deemed_notified') return <Tag tone="info">{t('mailbox.status.unopened')}</Tag>;
  return <Tag tone={statusTone[props.status]}>{t(`mailbox.status.${props.status}`)}</Tag>;
}

export type Notice = 'archived' | 'unarchived';

export function MailboxListPage(props: { list: MessageList; archived: boolean; search: string; state: ListStateFilter; notice?: Notice; formats: Formats }) {
  const { t } = useView();
  const { list, archived, search, state, formats } = props;
  const filtered = search !== '' || state !== 'todos';
  const base = archived ? '/buzon/archivados' : '/buzon';
  const href = (page: number) => {
    const query = new URLSearchParams();
    if (search) query.set('q', search);
    if (state !== 'todos') query.set('estado', state);
    if (page > 1) query.set('pagina', String(page));
    const text = query.toString();
    return text ? `${base}?${text}` : base;
  };
  return (
    <>
      <h1>{t(archived ? 'mailbox.list.archiveHeading' : 'mailbox.list.heading')}</h1>
      {props.notice ? (
        <Panel tone="success" title={t(`mailbox.notice.${props.notice}`)}>
          <p>{t(props.notice === 'archived' ? 'mailbox.notice.archivedHint' : 'mailbox.notice.unarchivedHint')}</p>
        </Panel>
      ) : null}
      <p class="lead">{archived ? t('mailbox.list.archiveLead') : t('mailbox.list.lead', { count: list.unopened })}</p>
      <p>
        <a href={archived ? '/buzon' : '/buzon/archivados'}>{t(archived ? 'mailbox.list.toInbox' : 'mailbox.list.toArchive')}</a>
      </p>
      <Form method="get" action={base}>
        <TextField name="q" type="search" label={t('mailbox.search.label')} hint={t('mailbox.search.hint')} value={search} spellcheck={false} optional />
        <Select name="estado" label={t('mailbox.filter.label')} value={state} options={LIST_FILTERS.map((value) => ({ value, label: t(`mailbox.filter.${value}`) }))} />
        <Button variant="secondary">{t('mailbox.search.submit')}</Button>
      </Form>
      {filtered ? (
        <p role="status">
          {search ? t('mailbox.search.results', { count: list.total, query: search }) : t('mailbox.filter.results', { count: list.total })} <a href={base}>{t('mailbox.search.clear')}</a>
        </p>
      ) : null}
      {list.items.length === 0 ? (
        <p>{t(filtered ? 'mailbox.list.noResults' : archived ? 'mailbox.list.emptyArchive' : 'mailbox.list.empty')}</p>
      ) : (
        <Table
          caption={t(archived ? 'mailbox.list.archiveCaption' : 'mailbox.list.caption', { page: list.page, pages: list.pages })}
          columns={[{ label: t('mailbox.list.subject') }, { label: t('mailbox.list.agency') }, { label: t('mailbox.list.received') }, { label: t('mailbox.list.status') }]}
          rows={list.items.map((item) => {
            const unopened = item.openedAt === null;
            const status = messageStatus(item);
            return [
              <>
                <a href={`/buzon/${item.id}`}>{unopened ? <strong>{item.subject}</strong> : item.subject}</a>
                {item.attachmentCount > 0 ? <span class="hint"> {t('mailbox.list.attachments', { count: item.attachmentCount })}</span> : null}
              </>,
              item.agencyName,
              formats.date(item.madeAvailableAt),
              <StatusTag status={status} unopened={unopened} />,
            ];
          })}
        />
      )}
      <Pagination currentPage={list.page} totalPages={list.pages} href={href} label={t('mailbox.list.pagination')} />
    </>
  );
}

const typeLabel: Record<Attachment['mediaType'], string> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' };

export function MessagePage(props: { message: Message; formats: Formats }) {
  const { t } = useView();
  const { message, formats } = props;
  const status = messageStatus(message);
  const notification =
    status === 'deemed_notified'
      ? t('mailbox.message.deemedNotified', { date: formats.date(message.deemedNotifiedAt!) })
      : status === 'opened'
        ? t('mailbox.message.notifiedOnOpening', { date: formats.date(message.openedAt!) })
        : t('mailbox.message.deemedNotifiedOn', { date: formats.date(message.deemedNotifiedDueAt) });
  return (
    <>
      <h1>{message.subject}</h1>
      <SummaryList
        rows={[
          { key: t('mailbox.message.from'), value: message.agencyName },
          { key: t('mailbox.message.madeAvailable'), value: formats.date(message.madeAvailableAt) },
          { key: t('mailbox.message.opened'), value: message.openedAt ? formats.date(message.openedAt) : '—' },
          { key: t('mailbox.message.notification'), value: notification },
          ...(message.postal?.shipmentNumber
            ? [
                {
                  key: t('mailbox.message.byPost'),
                  value: (
                    <>
                      <a href={`/envios/${message.postal.shipmentNumber}`}>{message.postal.shipmentNumber}</a>
                      {message.postal.deliveredAt ? ` ${t('mailbox.message.deliveredByPost', { date: formats.date(message.postal.deliveredAt) })}` : ''}
                    </>
                  ),
                },
              ]
            : []),
        ]}
      />
      <h2>{t('mailbox.message.content')}</h2>
      <TextParagraphs text={message.body} />
      {message.attachments.length > 0 ? (
        <>
          <h2>{t('mailbox.message.attachments')}</h2>
          <ul>
            {message.attachments.map((attachment) => (
              <li key={attachment.id}>
                <a href={`/buzon/${message.id}/adjuntos/${attachment.id}`} download={attachment.filename}>
                  {attachment.filename}
                </a>{' '}
                <span class="hint">
                  ({typeLabel[attachment.mediaType]}, {formats.size(attachment.sizeBytes)})
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('mailbox.receipt.heading')}</h2>
      <p>{t('mailbox.receipt.explanation')}</p>
      <p>
        <a href={`/buzon/${message.id}/constancia`} download={`constancia-${message.id}.jws`}>
          {t('mailbox.receipt.download')}
        </a>
      </p>
      <Form action={`/buzon/${message.id}/${message.archivedAt ? 'desarchivar' : 'archivar'}`}>
        <Button variant="secondary">{t(message.archivedAt ? 'mailbox.message.unarchive' : 'mailbox.message.archive')}</Button>
      </Form>
      <p>
        <a href={message.archivedAt ? '/buzon/archivados' : '/buzon'}>{t(message.archivedAt ? 'mailbox.message.backToArchive' : 'mailbox.message.backToInbox')}</a>
      </p>
    </>
  );
}

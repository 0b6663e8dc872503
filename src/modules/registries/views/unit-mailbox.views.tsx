// Empresa digital: the mailbox of an economic unit (/empresa/buzon/{unit}), read by its current
// representatives: the list of messages and one message with who of them read it and when.
import type { Message } from '../../mailbox/index.ts';
import { useView } from '../../../platform/views/context.ts';
import { Table } from '../../../platform/views/components.tsx';

const base = (unitKey: string) => `/empresa/buzon/${encodeURIComponent(unitKey)}`;

export function UnitMailboxPage(props: { unitKey: string; unitName: string; messages: Message[] }) {
  const { t, format } = useView();
  return (
    <>
      <span class="caption">{props.unitKey}</span>
      <h1>{t('registries.unitMailbox.heading', { name: props.unitName })}</h1>
      <p class="lead">{t('registries.unitMailbox.lead')}</p>
      {props.messages.length === 0 ? (
        <p>{t('registries.unitMailbox.empty')}</p>
      ) : (
        <Table
          caption={t('registries.unitMailbox.heading', { name: props.unitName })}
          captionHidden
          columns={[
            { label: t('registries.unitMailbox.subject') },
            { label: t('registries.unitMailbox.from') },
            { label: t('registries.unitMailbox.received') },
            { label: t('registries.unitMailbox.state') },
          ]}
          rows={props.messages.map((m) => [
            <a key="s" href={`${base(props.unitKey)}/${m.id}`}>
              {m.subject}
            </a>,
            m.agencyName,
            format.dateTime(m.madeAvailableAt),
            m.openedAt ? t('registries.unitMailbox.opened') : t('registries.unitMailbox.unopened'),
          ])}
        />
      )}
    </>
  );
}

export function UnitMessagePage(props: { unitKey: string; message: Message; readings: Array<{ name: string; readAt: Date }> }) {
  const { t, format } = useView();
  const m = props.message;
  return (
    <>
      <span class="caption">{m.agencyName}</span>
      <h1>{m.subject}</h1>
      <p>{t('registries.unitMailbox.receivedAt', { at: format.dateTime(m.madeAvailableAt) })}</p>
      <div class="message-body">
        {m.body.split('\n').map((line, i) => (
          <p key={String(i)}>{line}</p>
        ))}
      </div>
      <h2>{t('registries.unitMailbox.readings')}</h2>
      <Table
        caption={t('registries.unitMailbox.readings')}
        captionHidden
        columns={[{ label: t('registries.unitMailbox.reader') }, { label: t('registries.unitMailbox.readAt') }]}
        rows={props.readings.map((r) => [r.name, format.dateTime(r.readAt)])}
      />
      <p>
        <a href={base(props.unitKey)}>{t('registries.unitMailbox.back')}</a>
      </p>
    </>
  );
}

// The demo's messages page (/desarrollo/mensajes): what the development sink kept, newest
// first, so that someone trying the demo can read the code a registration sends. Each
// message is a block (not a table row): bodies are several lines and must fit 360 px.
import { SummaryList } from '../../../platform/views/components.tsx';
import { useView } from '../../../platform/views/context.ts';
import type { SinkMessage } from '../message.types.ts';

/** A message's text as paragraphs (blank lines) and line breaks (single newlines). */
function MessageText(props: { text: string }) {
  return (
    <>
      {props.text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>
          {paragraph.split('\n').map((line, lineIndex) => (
            <>
              {lineIndex > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      ))}
    </>
  );
}

export function SinkMessagesPage(props: { messages: SinkMessage[]; limit: number }) {
  const { t, format } = useView();
  return (
    <>
      <h1>{t('messaging.sink.heading')}</h1>
      <p class="lead">{t('messaging.sink.lead')}</p>
      {props.messages.length === 0 ? (
        <p>{t('messaging.sink.none')}</p>
      ) : (
        <>
          <p>{t('messaging.sink.count', { count: props.messages.length, limit: props.limit })}</p>
          <ol class="list" aria-label={t('messaging.sink.caption')}>
            {props.messages.map((message, index) => (
              <li key={index}>
                <h2>
                  <span class="visually-hidden">{t('messaging.sink.to')}: </span>
                  {message.to}
                </h2>
                <SummaryList
                  rows={[
                    { key: t('messaging.sink.channel'), value: t(`messaging.sink.channelName.${message.channel}`) },
                    { key: t('messaging.sink.sentAt'), value: <time dateTime={message.createdAt.toISOString()}>{format.dateTime(message.createdAt)}</time> },
                    ...(message.subject ? [{ key: t('messaging.sink.subject'), value: message.subject }] : []),
                  ]}
                />
                <MessageText text={message.body} />
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}

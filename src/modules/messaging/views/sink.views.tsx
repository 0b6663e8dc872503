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

/** A moment on the country's clock in the page's language: "6 de diciembre de 2026, 10:20". */
function useLocalTime(country: { intlLocale: string; timeZone: string }) {
  const { t, locale } = useView();
  const tag = locale === 'es' ? country.intlLocale : 'en-GB';
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: country.timeZone });
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: country.timeZone });
  return (moment: Date) => t('messaging.sink.moment', { date: date.format(moment), time: time.format(moment) });
}

export function SinkMessagesPage(props: { messages: SinkMessage[]; limit: number; country: { intlLocale: string; timeZone: string } }) {
  const { t } = useView();
  const localTime = useLocalTime(props.country);
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
                    { key: t('messaging.sink.sentAt'), value: <time dateTime={message.createdAt.toISOString()}>{localTime(message.createdAt)}</time> },
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

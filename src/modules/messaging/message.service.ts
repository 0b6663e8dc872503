// The outbox of e-mail and SMS. `queueMessage` records a message in the caller's transaction
// and enqueues the job that sends it, so a message leaves only if the change that caused it
// commits. The job renders the text from the catalogs in the person's language and hands it
// to the transport chosen by MESSAGE_TRANSPORT. Addresses, codes and texts are never logged.
import { translator, isLocale, DEFAULT_LOCALE, type Catalogs } from '../../platform/i18n/i18n.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { enqueueJob } from '../../platform/jobs/queue.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { findOutgoingForSending, insertOutgoing, markOutgoingSent, selectRecentSinkMessages, selectSinkMessages } from './message.queries.ts';
import type { MessageTransport, NewMessage, RenderedMessage, SinkMessage, TemplateKey, MessageParams, Channel } from './message.types.ts';
import { createSinkTransport } from './transports/sink.transport.ts';

export const SEND_JOB = 'messaging:send_message';

/** Queues a message in the caller's transaction; returns its id. */
export async function queueMessage(trx: Queryable, message: NewMessage): Promise<string> {
  const id = uuidv7();
  await insertOutgoing(trx, { id, channel: message.channel, to: message.to, templateKey: message.templateKey, params: message.params, locale: message.locale });
  // The job carries only the id: no address or code in the queue's tables.
  await enqueueJob(trx, SEND_JOB, { id }, { key: `message-${id}`, maxAttempts: 10 });
  return id;
}

/** The text of a template in a language, with its parameters filled in. */
export function renderMessage(catalogs: Catalogs, message: { id: string; channel: Channel; to: string; templateKey: TemplateKey; params: MessageParams; locale: string }): RenderedMessage {
  const t = translator(catalogs, isLocale(message.locale) ? message.locale : DEFAULT_LOCALE);
  const key = message.templateKey;
  if (message.channel === 'sms') {
    return { id: message.id, channel: 'sms', to: message.to, subject: null, body: t(`messaging.template.${key}.sms`, message.params) };
  }
  return {
    id: message.id,
    channel: 'email',
    to: message.to,
    subject: t(`messaging.template.${key}.subject`, message.params),
    body: t(`messaging.template.${key}.body`, message.params),
  };
}

/** The transport the configuration names. */
export function transportFor(deps: Pick<Deps, 'config' | 'db'>): MessageTransport {
  switch (deps.config.messageTransport) {
    case 'sink':
      return createSinkTransport(deps.db);
    default:
      throw new Error(`unknown message transport ${String(deps.config.messageTransport)}`);
  }
}

/** The job: sends one queued message (idempotent: a message already sent is left alone). */
export async function sendQueuedMessage(deps: Pick<Deps, 'config' | 'db' | 'catalogs' | 'log'>, payload: unknown): Promise<void> {
  const id = (payload as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') throw new Error('messaging:send_message needs an id');
  const transport = transportFor(deps);
  await deps.db.transaction().execute(async (trx) => {
    const message = await findOutgoingForSending(trx, id);
    if (!message || message.sent) return;
    const rendered = renderMessage(deps.catalogs, message);
    await transport.send(rendered);
    await markOutgoingSent(trx, message.id, transport.name);
    deps.log.info({ messageId: message.id, channel: message.channel, template: message.templateKey, transport: transport.name }, 'message sent');
  });
}

/** What the development sink stored for an address, newest first (tests, development). */
export function findSinkMessages(db: Queryable, to: string): Promise<SinkMessage[]> {
  return selectSinkMessages(db, to);
}

/** How many messages the demo's messages page lists. */
export const RECENT_SINK_MESSAGES = 50;

/** The development sink's latest messages to anyone, newest first (the demo's `/desarrollo/mensajes`). */
export function recentSinkMessages(db: Queryable, limit = RECENT_SINK_MESSAGES): Promise<SinkMessage[]> {
  return selectRecentSinkMessages(db, limit);
}

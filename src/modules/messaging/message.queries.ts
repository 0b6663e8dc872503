// Every SQL statement on messaging.outgoing and messaging.sink (row types: db.generated.ts).
import { sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';
import type { Channel, MessageParams, SinkMessage, TemplateKey } from './message.types.ts';

/** A queued message as the sending job reads it. */
export interface OutgoingMessage {
  id: string;
  channel: Channel;
  to: string;
  templateKey: TemplateKey;
  params: MessageParams;
  locale: string;
  sent: boolean;
}

export async function insertOutgoing(db: Queryable, message: { id: string; channel: Channel; to: string; templateKey: TemplateKey; params: MessageParams; locale: string }): Promise<void> {
  await typed<Tables>(db)
    .insertInto('messaging.outgoing')
    .values({ id: message.id, channel: message.channel, recipient: message.to, template_key: message.templateKey, params: JSON.stringify(message.params), locale: message.locale })
    .execute();
}

/** The message, locked for the job sending it (another worker skips it). */
export async function findOutgoingForSending(db: Queryable, id: string): Promise<OutgoingMessage | undefined> {
  const row = await typed<Tables>(db)
    .selectFrom('messaging.outgoing')
    .select(['id', 'channel', 'recipient', 'template_key', 'params', 'locale', 'status'])
    .where('id', '=', id)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  if (!row) return undefined;
  // The columns hold what insertOutgoing wrote: a channel, a template key, an object of parameters.
  return {
    id: row.id,
    channel: row.channel as Channel,
    to: row.recipient,
    templateKey: row.template_key as TemplateKey,
    params: row.params as MessageParams,
    locale: row.locale,
    sent: row.status === 'sent',
  };
}

/** Marks a message sent and forgets its parameters (they may hold a one-time code). */
export async function markOutgoingSent(db: Queryable, id: string, transport: string): Promise<void> {
  await typed<Tables>(db).updateTable('messaging.outgoing').set({ status: 'sent', sent_at: sql<Date>`now()`, transport, params: '{}' }).where('id', '=', id).execute();
}

export async function insertSinkMessage(db: Queryable, message: { outgoingId: string; channel: Channel; to: string; subject: string | null; body: string }): Promise<void> {
  await typed<Tables>(db)
    .insertInto('messaging.sink')
    .values({ outgoing_id: message.outgoingId, channel: message.channel, recipient: message.to, subject: message.subject, body: message.body })
    .onConflict((oc) => oc.column('outgoing_id').doNothing())
    .execute();
}

/** What the sink holds for an address (e-mail compared without case), newest first. */
export async function selectSinkMessages(db: Queryable, to: string): Promise<SinkMessage[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('messaging.sink')
    .select(['recipient', 'channel', 'subject', 'body', 'created_at'])
    .where((eb) => eb(eb.fn('lower', ['recipient']), '=', eb.fn('lower', [eb.val(to)])))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ to: r.recipient, channel: r.channel as Channel, subject: r.subject, body: r.body, createdAt: r.created_at }));
}

/** The sink's latest messages, whoever they went to, newest first (the demo's messages page). */
export async function selectRecentSinkMessages(db: Queryable, limit: number): Promise<SinkMessage[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('messaging.sink')
    .select(['recipient', 'channel', 'subject', 'body', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ to: r.recipient, channel: r.channel as Channel, subject: r.subject, body: r.body, createdAt: r.created_at }));
}

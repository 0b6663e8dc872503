// Every SQL statement on messaging.outgoing and messaging.sink.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { Channel, MessageParams, SinkMessage, TemplateKey } from './message.types.ts';

export interface OutgoingRow {
  id: string;
  channel: Channel;
  recipient: string;
  template_key: TemplateKey;
  params: MessageParams;
  locale: string;
  status: 'queued' | 'sent';
}

export async function insertOutgoing(db: Queryable, message: { id: string; channel: Channel; to: string; templateKey: TemplateKey; params: MessageParams; locale: string }): Promise<void> {
  await sql`
    INSERT INTO messaging.outgoing (id, channel, recipient, template_key, params, locale)
    VALUES (${message.id}, ${message.channel}, ${message.to}, ${message.templateKey}, ${JSON.stringify(message.params)}::jsonb, ${message.locale})`.execute(db);
}

/** The message, locked for the job sending it (another worker skips it). */
export async function findOutgoingForSending(db: Queryable, id: string): Promise<OutgoingRow | undefined> {
  const result = await sql<OutgoingRow>`
    SELECT id, channel, recipient, template_key, params, locale, status FROM messaging.outgoing WHERE id = ${id} FOR UPDATE SKIP LOCKED`.execute(db);
  return result.rows[0];
}

/** Marks a message sent and forgets its parameters (they may hold a one-time code). */
export async function markOutgoingSent(db: Queryable, id: string, transport: string): Promise<void> {
  await sql`UPDATE messaging.outgoing SET status = 'sent', sent_at = now(), transport = ${transport}, params = '{}'::jsonb WHERE id = ${id}`.execute(db);
}

export async function insertSinkMessage(db: Queryable, message: { outgoingId: string; channel: Channel; to: string; subject: string | null; body: string }): Promise<void> {
  await sql`
    INSERT INTO messaging.sink (outgoing_id, channel, recipient, subject, body)
    VALUES (${message.outgoingId}, ${message.channel}, ${message.to}, ${message.subject}, ${message.body})
    ON CONFLICT (outgoing_id) DO NOTHING`.execute(db);
}

/** What the sink holds for an address (e-mail compared without case), newest first. */
export async function selectSinkMessages(db: Queryable, to: string): Promise<SinkMessage[]> {
  const result = await sql<{ recipient: string; channel: Channel; subject: string | null; body: string; created_at: Date }>`
    SELECT recipient, channel, subject, body, created_at FROM messaging.sink
     WHERE lower(recipient) = lower(${to}) ORDER BY created_at DESC, id DESC`.execute(db);
  return result.rows.map((r) => ({ to: r.recipient, channel: r.channel, subject: r.subject, body: r.body, createdAt: r.created_at }));
}

// The development transport: stores each rendered message in messaging.sink instead of
// delivering it. Idempotent (one row per outgoing message).
import type { Queryable } from '../../../platform/db/index.ts';
import { insertSinkMessage } from '../message.queries.ts';
import type { MessageTransport } from '../message.types.ts';

export function createSinkTransport(db: Queryable): MessageTransport {
  return {
    name: 'sink',
    async send(message) {
      await insertSinkMessage(db, { outgoingId: message.id, channel: message.channel, to: message.to, subject: message.subject, body: message.body });
    },
  };
}

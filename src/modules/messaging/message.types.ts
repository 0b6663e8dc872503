// Outgoing messages (e-mail and SMS) and the transport port a real gateway implements.
import type { Locale } from '../../platform/i18n/i18n.ts';

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * The texts messaging can send; each has `subject` and `body` (e-mail) and `sms` under
 * `messaging.template.<key>` in the catalogs.
 */
export const TEMPLATE_KEYS = ['registrationCode', 'accountExists', 'resetCode', 'passwordChanged', 'mailboxMessage', 'informationRequestAnswered', 'informationRequestRefused'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export type MessageParams = Record<string, string | number>;

export interface NewMessage {
  channel: Channel;
  /** An e-mail address, or a phone number in international form (+591…, +58…). */
  to: string;
  templateKey: TemplateKey;
  params: MessageParams;
  /** The person's language. */
  locale: Locale;
}

/** A message as the transport receives it: already rendered in the person's language. */
export interface RenderedMessage {
  /** The outgoing message's id: a transport may use it to avoid sending twice. */
  id: string;
  channel: Channel;
  to: string;
  /** E-mail only (null for SMS). */
  subject: string | null;
  /** Plain text. */
  body: string;
}

/**
 * What delivers a rendered message. Only the development sink exists in this project; a real
 * SMTP server or SMS gateway is another implementation of this interface, selected by the
 * MESSAGE_TRANSPORT setting. `send` may be called again for the same message after a crash
 * (jobs are retried): use `message.id` to stay idempotent where the gateway allows it.
 * A transport throws to have the job retried later. It must never log the address or body.
 */
export interface MessageTransport {
  readonly name: string;
  send(message: RenderedMessage): Promise<void>;
}

/** A message the development sink stored. */
export interface SinkMessage {
  to: string;
  channel: Channel;
  subject: string | null;
  body: string;
  createdAt: Date;
}

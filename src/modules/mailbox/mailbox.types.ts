// The citizen's mailbox (Buzón digital): notifications and documents agencies deliver.

import type { MediaType } from '../../platform/files/index.ts';

/** What a message may carry: every type the platform's file store recognizes. */
export const ATTACHMENT_MEDIA_TYPES: readonly MediaType[] = ['application/pdf', 'image/png', 'image/jpeg'];
export type AttachmentMediaType = MediaType;

/** Largest attachment accepted, in bytes (after base64 decoding). */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;
export const MAX_SUBJECT_LENGTH = 200;
export const MAX_BODY_LENGTH = 20_000;
export const PAGE_SIZE = 20;

/**
 * Where a message stands: `available` (waiting in the mailbox), `opened` (the person read it
 * within the legal period), `deemed_notified` (the period ran out unopened: legally notified
 * all the same; a later opening does not change that).
 */
export type MessageStatus = 'available' | 'opened' | 'deemed_notified';

export interface Attachment {
  id: string;
  position: number;
  filename: string;
  mediaType: AttachmentMediaType;
  sizeBytes: number;
  sha256: string;
}

export interface Message {
  id: string;
  /** Null while no account holds the addressed document (the message waits for one, and may go by post). */
  recipientAccountId: string | null;
  /** Empresa digital: the NIT/RIF of the economic unit whose mailbox holds it (its representatives read it); null for a person's message. */
  recipientUnitKey: string | null;
  recipientDocumentType: string;
  recipientDocumentNumber: string;
  agencyCode: string;
  agencyName: string;
  clientId: string;
  subject: string;
  body: string;
  contentSha256: string;
  deemedAfterDays: number;
  madeAvailableAt: Date;
  openedAt: Date | null;
  /** When the legal period ends (`deemedAfterDays` calendar days after it was made available). */
  deemedNotifiedDueAt: Date;
  /** When it was deemed notified; null while the period runs, or when it was opened in time. */
  deemedNotifiedAt: Date | null;
  archivedAt: Date | null;
  attachments: Attachment[];
  /** Official mail by post, as the sending agency reads it (only filled on the agency's reads). */
  postal?: PostalDispatch | null;
}

/** The tracking events of a letter kept on the message (postal's kinds). */
export const POSTAL_EVENT_KINDS = ['accepted', 'in_transit', 'at_delivery_office', 'out_for_delivery', 'delivered', 'failed_attempt', 'returned'] as const;
export type PostalEventKind = (typeof POSTAL_EVENT_KINDS)[number];

/**
 * A message sent by post as registered mail (or found not sendable: no postal address), with
 * the post's events and the proof of notification (delivered when and where).
 */
export interface PostalDispatch {
  shipmentNumber: string | null;
  reason: 'no_account' | 'unopened' | 'no_address';
  postedAt: Date;
  deliveredAt: Date | null;
  deliveredOffice: string | null;
  returnedAt: Date | null;
  events: Array<{ kind: PostalEventKind; occurredAt: Date; officeCode: string | null; officeName: string | null }>;
}

/** One line of the person's list (no body). */
export interface MessageSummary {
  id: string;
  agencyName: string;
  subject: string;
  madeAvailableAt: Date;
  openedAt: Date | null;
  deemedNotifiedAt: Date | null;
  archivedAt: Date | null;
  attachmentCount: number;
}

/** The list's filter by state (the query parameter `estado` of /buzon). */
export const LIST_FILTERS = ['todos', 'sin-abrir', 'leidos', 'notificados-por-plazo'] as const;
export type ListStateFilter = (typeof LIST_FILTERS)[number];

export function messageStatus(message: Pick<Message, 'openedAt' | 'deemedNotifiedAt'>): MessageStatus {
  if (message.deemedNotifiedAt) return 'deemed_notified';
  return message.openedAt ? 'opened' : 'available';
}

/** The right of agencies' systems that deliver to people's mailboxes (client credentials grant). */
export const MAILBOX_SEND_SCOPE = 'mailbox:send';

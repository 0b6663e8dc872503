// TypeBox schemas of the mailbox API (bodies, responses) and of the pages' queries and forms.
import { Type, type Static } from 'typebox';
import { MAX_ATTACHMENTS, MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH, type Message } from './mailbox.types.ts';
import { LIST_FILTERS, messageStatus } from './mailbox.types.ts';

// Base64 of 5 MB is about 7 MB of text; a little more passes the schema so that the service
// can answer "too large" for the right field instead of a generic length error.
const MAX_BASE64_LENGTH = 8_000_000;

export const DeliveryBodySchema = Type.Object(
  {
    recipient: Type.Object(
      {
        documentType: Type.String({
          minLength: 1,
          maxLength: 20,
          description: 'Code of an identity-document type of the country profile (Bolivia: CI, NIT; Venezuela: CEDULA, RIF)',
          examples: ['CI'],
        }),
        documentNumber: Type.String({ minLength: 1, maxLength: 40, description: 'The number as written on the document; it is normalized with the country profile', examples: ['4567891 LP'] }),
      },
      { additionalProperties: false },
    ),
    subject: Type.String({ minLength: 1, maxLength: MAX_SUBJECT_LENGTH, description: "What the message is about, shown in the person's list (never in the e-mail or SMS alert)" }),
    body: Type.String({ minLength: 1, maxLength: MAX_BODY_LENGTH, description: 'Plain text; blank lines separate paragraphs' }),
    attachments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            filename: Type.String({ minLength: 1, maxLength: 200, description: 'Name offered for download; folders and unsafe characters are removed and the extension follows the real type' }),
            content: Type.String({ minLength: 1, maxLength: MAX_BASE64_LENGTH, description: 'The file in base64: PDF, PNG or JPEG (recognized by its content), at most 5 MB' }),
          },
          { additionalProperties: false },
        ),
        { maxItems: MAX_ATTACHMENTS },
      ),
    ),
  },
  { additionalProperties: false },
);
export type DeliveryBody = Static<typeof DeliveryBodySchema>;

export const DeliveryStatusSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'The message' }),
    status: Type.Union([Type.Literal('available'), Type.Literal('opened'), Type.Literal('deemed_notified')], {
      description: 'available: waiting unopened; opened: read within the legal period; deemed_notified: the legal period ended unopened (legally notified)',
    }),
    recipient: Type.Object(
      { documentType: Type.String(), documentNumber: Type.String({ description: 'Normalized by the country profile' }) },
      { description: 'The identity document the message was addressed to' },
    ),
    agencyCode: Type.String({ description: "The sending agency (the client system's agency)" }),
    subject: Type.String(),
    contentSha256: Type.String({ description: 'SHA-256 (hex) of the body in UTF-8, as quoted in the receipt' }),
    madeAvailableAt: Type.String({ format: 'date-time', description: "When the message was placed in the person's mailbox" }),
    openedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the person first opened it; null while unopened' }),
    deemedNotifiedDueAt: Type.String({ format: 'date-time', description: 'When the legal period ends' }),
    deemedNotifiedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When it was deemed notified (the end of the legal period, unopened by then); null otherwise' }),
    legalPeriodDays: Type.Integer({ description: 'Calendar days of the legal period in force at delivery (country profile)' }),
    hasAccount: Type.Boolean({ description: 'Whether an account holds the addressed document; without one the message is held for it and goes by post (official mail)' }),
    post: Type.Union(
      [
        Type.Object({
          number: Type.Union([Type.String({ description: 'The S10 number of the registered letter; follow it at /envios/{number}' }), Type.Null()], {
            description: 'Null when it could not be sent (no postal address in the persons registry)',
          }),
          reason: Type.Union([Type.Literal('no_account'), Type.Literal('unopened'), Type.Literal('no_address')], {
            description: 'no_account: nobody holds an account for the document; unopened: unopened past the limit; no_address: not sent, no postal address',
          }),
          postedAt: Type.String({ format: 'date-time' }),
          deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Proof of notification: when the post delivered it' }),
          deliveredOffice: Type.Union([Type.String(), Type.Null()], { description: 'The post office that delivered it' }),
          returnedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the post returned it undelivered' }),
          events: Type.Array(
            Type.Object({
              kind: Type.String({ description: 'accepted, in_transit, at_delivery_office, out_for_delivery, delivered, failed_attempt or returned' }),
              occurredAt: Type.String({ format: 'date-time' }),
              office: Type.Union([Type.String(), Type.Null()]),
            }),
            { description: "The post's tracking events, sorted by when they happened (failed attempts included)" },
          ),
        }),
        Type.Null(),
      ],
      { description: 'Official mail by post: null while the message has not gone by post' },
    ),
    attachments: Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        filename: Type.String({ description: 'The safe name offered to the person' }),
        mediaType: Type.Union([Type.Literal('application/pdf'), Type.Literal('image/png'), Type.Literal('image/jpeg')]),
        sizeBytes: Type.Integer(),
        sha256: Type.String({ description: 'SHA-256 (hex) of the bytes, as quoted in the receipt' }),
      }),
      { description: 'The files delivered with the message' },
    ),
  },
  { $id: 'MailboxDeliveryStatus', description: 'A delivered message and its legal times, as its sending agency sees it' },
);
export type DeliveryStatus = Static<typeof DeliveryStatusSchema>;

export function toDeliveryStatus(message: Message): DeliveryStatus {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return {
    id: message.id,
    status: messageStatus(message),
    recipient: { documentType: message.recipientDocumentType, documentNumber: message.recipientDocumentNumber },
    agencyCode: message.agencyCode,
    subject: message.subject,
    contentSha256: message.contentSha256,
    madeAvailableAt: message.madeAvailableAt.toISOString(),
    openedAt: iso(message.openedAt),
    deemedNotifiedDueAt: message.deemedNotifiedDueAt.toISOString(),
    deemedNotifiedAt: iso(message.deemedNotifiedAt),
    legalPeriodDays: message.deemedAfterDays,
    hasAccount: message.recipientAccountId !== null,
    post: message.postal
      ? {
          number: message.postal.shipmentNumber,
          reason: message.postal.reason,
          postedAt: message.postal.postedAt.toISOString(),
          deliveredAt: iso(message.postal.deliveredAt),
          deliveredOffice: message.postal.deliveredOffice,
          returnedAt: iso(message.postal.returnedAt),
          events: message.postal.events.map((e) => ({ kind: e.kind, occurredAt: e.occurredAt.toISOString(), office: e.officeName ?? e.officeCode })),
        }
      : null,
    attachments: message.attachments.map((a) => ({ id: a.id, filename: a.filename, mediaType: a.mediaType, sizeBytes: a.sizeBytes, sha256: a.sha256 })),
  };
}

export const MessageParamsSchema = Type.Object({ id: Type.String({ format: 'uuid', description: 'The message id returned at delivery' }) });
export const AttachmentParamsSchema = Type.Object({ id: Type.String({ format: 'uuid' }), attachmentId: Type.String({ format: 'uuid' }) });

export const ListQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  pagina: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  estado: Type.Optional(Type.Union(LIST_FILTERS.map((value) => Type.Literal(value)))),
});

-- Accent-insensitive search of the mailbox (a trusted contrib extension, shipped with
-- PostgreSQL and with the embedded server).
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE SCHEMA mailbox;

-- A notification or document an agency delivered to one person (Buzón digital).
-- Distribution key: recipient_account_id (every page of the person filters by it).
CREATE TABLE mailbox.message (
  id uuid PRIMARY KEY,
  recipient_account_id uuid NOT NULL,
  -- The document the agency addressed, as normalized by the country profile.
  recipient_document_type text NOT NULL,
  recipient_document_number text NOT NULL,
  -- The sender: the agency of the client system, and its name as it was at delivery.
  agency_code text NOT NULL,
  agency_name text NOT NULL,
  client_id text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  -- SHA-256 (hex) of the body's UTF-8 bytes, as quoted in the signed receipt.
  content_sha256 text NOT NULL,
  -- A retried delivery with the same key (per client) gives back the first message.
  idempotency_key text,
  -- SHA-256 of the delivery request, to refuse the same key with a different request.
  request_sha256 text,
  -- The legal period in force at delivery: calendar days after which an unopened message is deemed notified.
  deemed_after_days integer NOT NULL CHECK (deemed_after_days > 0),
  made_available_at timestamptz NOT NULL DEFAULT now(),
  opened_at timestamptz,
  -- Written by the mark_deemed_notified job; reads compute it from made_available_at too,
  -- so it is right even before the job has run.
  deemed_notified_at timestamptz,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_recipient_idx ON mailbox.message (recipient_account_id, made_available_at DESC, id DESC);
CREATE UNIQUE INDEX message_idempotency_idx ON mailbox.message (client_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX message_undelivered_idx ON mailbox.message (made_available_at) WHERE deemed_notified_at IS NULL AND opened_at IS NULL;

-- Files delivered with a message; the bytes live in the platform file store (platform.file).
CREATE TABLE mailbox.attachment (
  id uuid PRIMARY KEY,
  message_id uuid NOT NULL REFERENCES mailbox.message (id),
  position smallint NOT NULL,
  filename text NOT NULL,
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL REFERENCES platform.file (sha256),
  UNIQUE (message_id, position)
);

-- The e-mail and SMS alerts of new messages handed to the messaging module (one per message
-- and channel, so a retried job never alerts twice). The text is messaging's template
-- `mailboxMessage`: who sent something and where to read it, never the content.
CREATE TABLE mailbox.alert (
  message_id uuid NOT NULL REFERENCES mailbox.message (id),
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  -- messaging.outgoing's id (another module's table: no foreign key).
  outgoing_id uuid NOT NULL,
  queued_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, channel)
);

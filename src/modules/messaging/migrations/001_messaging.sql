CREATE SCHEMA messaging;

-- The outbox of e-mail and SMS: written in the transaction of the change that causes the
-- message (a verification code, a notice); a job renders it in the person's language and
-- hands it to the configured transport. `params` (which may hold a one-time code) are
-- emptied once the message is sent, so codes do not outlive their delivery here.
CREATE TABLE messaging.outgoing (
  id uuid PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text NOT NULL,
  template_key text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  locale text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent')),
  transport text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outgoing_queued_idx ON messaging.outgoing (created_at) WHERE status = 'queued';

-- The development transport: what would have been delivered, as rendered. Nothing leaves
-- the machine; tests and developers read it (findSinkMessages).
CREATE TABLE messaging.sink (
  id bigserial PRIMARY KEY,
  outgoing_id uuid NOT NULL UNIQUE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text NOT NULL,
  subject text,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sink_recipient_idx ON messaging.sink (lower(recipient), created_at DESC);

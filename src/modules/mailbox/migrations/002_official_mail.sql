-- Official mail by post (docs/postal.md, "Official mail"): a message may be addressed to a
-- person without an account (held by identity document until an account with that document
-- claims it), and a message sent by post as registered mail keeps its dispatch and the post's
-- tracking events as proof of notification.
ALTER TABLE mailbox.message ALTER COLUMN recipient_account_id DROP NOT NULL;
CREATE INDEX message_held_idx ON mailbox.message (recipient_document_type, recipient_document_number) WHERE recipient_account_id IS NULL;

-- One per message: sent by post (the shipment's S10 number), or not sendable (no postal
-- address in the persons registry). Written once (the primary key is the claim).
CREATE TABLE mailbox.postal_dispatch (
  message_id uuid PRIMARY KEY REFERENCES mailbox.message (id),
  -- postal.shipment's number (another module's table: no foreign key); null when not sent.
  shipment_number text UNIQUE,
  -- why it was sent ('no_account', 'unopened') or why not ('no_address').
  reason text NOT NULL CHECK (reason IN ('no_account', 'unopened', 'no_address')),
  addressee_name text,
  address text,
  -- The printed letter (platform.file), as the post prints it.
  letter_sha256 text REFERENCES platform.file (sha256),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Proof of notification: when and where the post delivered it.
  delivered_at timestamptz,
  delivered_office text,
  returned_at timestamptz,
  CHECK ((shipment_number IS NULL) = (reason = 'no_address'))
);

-- The post's tracking events of the letter, as reported (the same event twice is one row).
CREATE TABLE mailbox.postal_event (
  message_id uuid NOT NULL REFERENCES mailbox.postal_dispatch (message_id),
  kind text NOT NULL,
  occurred_at timestamptz NOT NULL,
  office_code text,
  office_name text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, kind, occurred_at)
);

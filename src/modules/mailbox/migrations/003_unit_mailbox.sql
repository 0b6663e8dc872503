-- Empresa digital (issue #17): an economic unit has a mailbox. A message to a unit names it by
-- its NIT/RIF (recipient_unit_key, also the recipient document: type 'NIT'/'RIF'); it has no
-- recipient account and is never held for one nor sent by post. Its current representatives
-- (registries.representative, checked by the caller on every read) read it; the first reading
-- makes it opened (the legal delivery time), and every representative's first reading is kept.
ALTER TABLE mailbox.message ADD COLUMN recipient_unit_key text;
ALTER TABLE mailbox.message ADD CONSTRAINT message_one_recipient CHECK (recipient_unit_key IS NULL OR recipient_account_id IS NULL);
CREATE INDEX message_unit_idx ON mailbox.message (recipient_unit_key, made_available_at DESC, id DESC) WHERE recipient_unit_key IS NOT NULL;

-- Who of the unit's representatives read the message, and when (first time each).
CREATE TABLE mailbox.unit_reading (
  message_id uuid NOT NULL REFERENCES mailbox.message (id),
  account_id uuid NOT NULL,
  read_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (message_id, account_id)
);

-- Letters of official mail (docs/postal.md, "Official mail"): the registered shipment of a
-- mailbox message and the PDF the post prints and puts in the envelope.
CREATE TABLE postal.letter (
  shipment_id uuid PRIMARY KEY REFERENCES postal.shipment (id),
  -- mailbox.message's id (another module's table: no foreign key).
  message_id uuid NOT NULL UNIQUE,
  sender_agency text NOT NULL,
  sha256 text NOT NULL REFERENCES platform.file (sha256),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- First download by a clerk (the print queue shows what is still to print).
  downloaded_at timestamptz
);
CREATE INDEX letter_queue_idx ON postal.letter (created_at DESC) ;

CREATE SCHEMA postal;

-- Serials of the S10 numbers the platform issues (eight digits; the prefix and country around them).
CREATE SEQUENCE postal.s10_serial MINVALUE 1 MAXVALUE 99999999;

-- A shipment the national post carries (docs/postal.md): registered at a counter by a clerk or
-- by a module (official mail), tracked by its UPU S10 number.
CREATE TABLE postal.shipment (
  id uuid PRIMARY KEY,
  number text NOT NULL UNIQUE CHECK (number ~ '^[A-Z]{2}[0-9]{9}[A-Z]{2}$'),
  kind text NOT NULL CHECK (kind IN ('parcel', 'registered')),
  agency_code text NOT NULL,
  origin_office text NOT NULL,
  origin_path text[] NOT NULL,
  destination_office text NOT NULL,
  destination_path text[] NOT NULL,
  addressee_name text NOT NULL CHECK (length(addressee_name) BETWEEN 1 AND 200),
  addressee_document text CHECK (length(addressee_document) <= 30),
  addressee_account_id uuid,
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
  -- 'counter' or the module that sent it; source_key makes a module's retried request create one.
  source text NOT NULL,
  source_key text UNIQUE,
  created_by text NOT NULL,
  accepted_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shipment_addressee_idx ON postal.shipment (addressee_account_id) WHERE addressee_account_id IS NOT NULL;

-- Tracking events as the operator reports them. The same event twice (same shipment, kind and
-- time) is one row; a shipment is delivered once. The history is sorted by occurred_at.
CREATE TABLE postal.tracking_event (
  id uuid PRIMARY KEY,
  shipment_id uuid NOT NULL REFERENCES postal.shipment (id),
  kind text NOT NULL CHECK (kind IN ('accepted', 'in_transit', 'at_delivery_office', 'out_for_delivery', 'delivered', 'failed_attempt', 'returned')),
  occurred_at timestamptz NOT NULL,
  office_code text,
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 500),
  source text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (shipment_id, kind, occurred_at)
);
CREATE UNIQUE INDEX tracking_event_delivered_once ON postal.tracking_event (shipment_id) WHERE kind = 'delivered';
CREATE INDEX tracking_event_history_idx ON postal.tracking_event (shipment_id, occurred_at, id);

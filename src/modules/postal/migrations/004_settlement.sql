-- Settlement of cash on delivery (docs/postal.md, "Settlement"): the post owes each payee (the
-- seller's settlement account as payments knows it) what it collected at the door for her, and
-- reports what it paid: a remittance to the payee, or a refund to the buyer at her office when the
-- order came back. A collected shipment is settled once, either way (`settled_shipment`).
ALTER TABLE postal.shipment ADD COLUMN collect_payee text CHECK (length(collect_payee) <= 80);
ALTER TABLE postal.shipment ADD CONSTRAINT shipment_payee_collects_check CHECK (collect_payee IS NULL OR collect_minor IS NOT NULL);
-- A return parcel: the shipment it sends back (one return per shipment).
ALTER TABLE postal.shipment ADD COLUMN return_of uuid UNIQUE REFERENCES postal.shipment (id);

-- What the post reports it paid, idempotent on its own reference.
CREATE TABLE postal.remittance (
  id uuid PRIMARY KEY,
  agency_code text NOT NULL,
  reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 60),
  kind text NOT NULL CHECK (kind IN ('remittance', 'refund')),
  -- The payee of a remittance; for a refund, the buyer (the shipment's addressee) is paid.
  payee text CHECK (length(payee) <= 80),
  paid_on date NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  recorded_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_code, reference),
  CHECK ((kind = 'remittance') = (payee IS NOT NULL))
);

-- Each collected shipment a remittance or a refund covers: once.
CREATE TABLE postal.settled_shipment (
  shipment_id uuid PRIMARY KEY REFERENCES postal.shipment (id),
  remittance_id uuid NOT NULL REFERENCES postal.remittance (id),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0)
);
CREATE INDEX settled_shipment_remittance_idx ON postal.settled_shipment (remittance_id);
CREATE INDEX shipment_collect_payee_idx ON postal.shipment (collect_payee) WHERE collect_payee IS NOT NULL;

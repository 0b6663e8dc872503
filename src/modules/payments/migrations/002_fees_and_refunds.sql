-- A case whose procedure's fee is set by the official (`{"setBy": "official"}`, docs/payments.md,
-- "Fees") waits here until an official of the payee sets the amount; the order is then created
-- and the row keeps it. One request per case.
CREATE TABLE payments.fee_request (
  case_id uuid PRIMARY KEY,
  case_tracking_code text NOT NULL,
  payee_agency text NOT NULL,
  payer_account_id uuid,
  procedure_id uuid,
  concept text NOT NULL CHECK (length(concept) BETWEEN 1 AND 200),
  order_id uuid REFERENCES payments.payment_order (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fee_request_open_idx ON payments.fee_request (payee_agency, created_at) WHERE order_id IS NULL;

-- A refund an official asked for: claimed once per order before the gateway is called, so
-- parallel or repeated requests give the money back once. `note` keeps the official's reason.
ALTER TABLE payments.payment_event DROP CONSTRAINT payment_event_kind_check;
ALTER TABLE payments.payment_event ADD CONSTRAINT payment_event_kind_check
  CHECK (kind IN ('created', 'checkout', 'paid', 'late_payment', 'declined', 'expired', 'refund_requested', 'refunded'));
ALTER TABLE payments.payment_event ADD COLUMN note text CHECK (length(note) <= 1000);
CREATE UNIQUE INDEX payment_event_one_refund_request_idx ON payments.payment_event (order_id) WHERE kind = 'refund_requested';

-- The agency's order list filters by status, procedure and creation date.
CREATE INDEX payment_order_payee_status_idx ON payments.payment_order (payee_agency, status, created_at DESC);

CREATE SCHEMA payments;

-- Who is paid: an agency's treasury account and its merchant account at the payment gateway
-- (docs/payments.md, "What an agency configures"). The gateway's notification secret is kept
-- encrypted like webhook secrets (AES-256-GCM under the `webhook-secrets` key).
CREATE TABLE payments.payee (
  agency_code text PRIMARY KEY,
  treasury_account text NOT NULL,
  gateway_url text NOT NULL CHECK (gateway_url ~ '^https?://'),
  merchant_id text NOT NULL,
  secret_encrypted text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A payment order: an amount in integer minor units of the country currency that a payer owes
-- a payee, payable online or at a bank counter by its code until it expires.
CREATE TABLE payments.payment_order (
  id uuid PRIMARY KEY,
  -- What a person types at a bank counter: 12 digits, the last a check digit.
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{12}$'),
  payee_agency text NOT NULL,
  payer_account_id uuid,
  case_id uuid UNIQUE,
  -- The case's tracking code (the cases module's key in its exported services).
  case_tracking_code text,
  procedure_id uuid,
  concept text NOT NULL CHECK (length(concept) BETWEEN 1 AND 200),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'pending', 'paid', 'declined', 'expired', 'refunded')),
  expires_at timestamptz NOT NULL,
  -- The gateway's reference of the last checkout opened for the order.
  checkout_id text,
  paid_at timestamptz,
  -- A payment that came after expiry (or for a cancelled case): kept, and owed back.
  refund_due boolean NOT NULL DEFAULT false,
  -- Orders created by an agency's system through the API: the client and its idempotency key.
  client_id text,
  idempotency_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'paid') = (paid_at IS NOT NULL) OR status = 'refunded' OR status = 'expired')
);
CREATE INDEX payment_order_payer_idx ON payments.payment_order (payer_account_id, created_at DESC) WHERE payer_account_id IS NOT NULL;
CREATE INDEX payment_order_payee_idx ON payments.payment_order (payee_agency, created_at DESC);
CREATE INDEX payment_order_open_idx ON payments.payment_order (expires_at) WHERE status IN ('created', 'pending');
CREATE UNIQUE INDEX payment_order_idempotency_idx ON payments.payment_order (client_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- The state machine, enforced here whatever the code does:
-- created → pending → paid | declined | expired; declined → pending | paid (a new attempt);
-- paid → refunded; an expired order keeps its state when a late payment comes (refund_due)
-- and goes to refunded when it is given back.
CREATE FUNCTION payments.check_order_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = OLD.status THEN
    IF OLD.status IN ('paid', 'refunded') AND (NEW.amount_minor <> OLD.amount_minor OR NEW.paid_at IS DISTINCT FROM OLD.paid_at) THEN
      RAISE EXCEPTION 'payment order %: a settled order does not change', OLD.code USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF (OLD.status, NEW.status) IN (
    ('created', 'pending'), ('created', 'paid'), ('created', 'declined'), ('created', 'expired'),
    ('pending', 'paid'), ('pending', 'declined'), ('pending', 'expired'),
    ('declined', 'pending'), ('declined', 'paid'), ('declined', 'expired'),
    ('paid', 'refunded')
  ) OR (OLD.status = 'expired' AND NEW.status = 'refunded' AND OLD.refund_due) THEN
    NEW.updated_at := now();
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'payment order %: % → % is not allowed', OLD.code, OLD.status, NEW.status USING ERRCODE = 'check_violation';
END;
$$;
CREATE TRIGGER payment_order_transition BEFORE UPDATE ON payments.payment_order
  FOR EACH ROW EXECUTE FUNCTION payments.check_order_transition();

-- The order's ledger: every change, and every payment and refund the gateway reported.
CREATE TABLE payments.payment_event (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES payments.payment_order (id),
  kind text NOT NULL CHECK (kind IN ('created', 'checkout', 'paid', 'late_payment', 'declined', 'expired', 'refunded')),
  -- The gateway's transaction reference (payments and refunds).
  gateway_reference text,
  method text CHECK (method IN ('card', 'qr', 'transfer', 'counter')),
  amount_minor bigint CHECK (amount_minor >= 0),
  -- Who paid, when not the payer (a relative paying by code), as the gateway reported it.
  paid_by text,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payment_event_order_idx ON payments.payment_event (order_id, occurred_at);
-- Never paid twice, never refunded twice: one paid (or late) payment and one refund per order.
CREATE UNIQUE INDEX payment_event_one_payment_idx ON payments.payment_event (order_id) WHERE kind IN ('paid', 'late_payment');
CREATE UNIQUE INDEX payment_event_one_refund_idx ON payments.payment_event (order_id) WHERE kind = 'refunded';
CREATE UNIQUE INDEX payment_event_reference_idx ON payments.payment_event (kind, gateway_reference) WHERE gateway_reference IS NOT NULL;

-- Every notification the gateway sent, accepted or refused (a refused one keeps no body).
CREATE TABLE payments.notification (
  id uuid PRIMARY KEY,
  webhook_id text,
  outcome text NOT NULL CHECK (outcome IN ('applied', 'duplicate', 'ignored', 'unsigned', 'bad_signature', 'stale', 'unknown_order', 'malformed')),
  order_id uuid,
  received_at timestamptz NOT NULL DEFAULT now()
);
-- A webhook id is applied once: a replay of an applied one is a duplicate.
CREATE UNIQUE INDEX notification_applied_idx ON payments.notification (webhook_id) WHERE outcome = 'applied';

-- Daily reconciliation per payee: differences between the ledger and the gateway's settlement file.
CREATE TABLE payments.reconciliation (
  id uuid PRIMARY KEY,
  payee_agency text NOT NULL,
  day date NOT NULL,
  ledger_count integer NOT NULL,
  ledger_minor bigint NOT NULL,
  settled_count integer NOT NULL,
  settled_minor bigint NOT NULL,
  run_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (payee_agency, day)
);
CREATE TABLE payments.difference (
  id uuid PRIMARY KEY,
  reconciliation_id uuid NOT NULL REFERENCES payments.reconciliation (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('missing_in_settlement', 'missing_in_ledger', 'amount_mismatch')),
  gateway_reference text NOT NULL,
  order_code text,
  ledger_minor bigint,
  settled_minor bigint,
  resolved_at timestamptz,
  resolved_by uuid,
  resolution text,
  UNIQUE (reconciliation_id, gateway_reference)
);

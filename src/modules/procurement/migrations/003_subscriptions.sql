-- Supplier subscriptions (docs/procurement.md, "Subscriptions"): a representative, acting for an
-- economic unit, subscribes it to a CPV code in a territory (and every territory inside it: `BO`
-- matches a need delivered in `BO-L`). A new matching need sends each subscribed representative
-- one mailbox notice (the delivery key is the process and the account, so a retry sends nothing twice).
CREATE TABLE procurement.subscription (
  id uuid PRIMARY KEY,
  supplier_key text NOT NULL,
  account_id uuid NOT NULL,
  cpv_code text NOT NULL,
  territory_code text NOT NULL CHECK (territory_code ~ '^[A-Z]{2}(-[A-Z0-9]+)*$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (supplier_key, account_id, cpv_code, territory_code)
);
CREATE INDEX subscription_cpv_idx ON procurement.subscription (cpv_code);
CREATE INDEX subscription_account_idx ON procurement.subscription (account_id);

-- The marketplace (docs/marketplace.md): sellers approved by a marketplace administrator, their
-- products, orders paid through payments and delivered by the post, and ratings after delivery.
CREATE SCHEMA marketplace;

CREATE TABLE marketplace.seller (
  id uuid PRIMARY KEY,
  -- person: the applicant herself; unit: an economic unit she represents; community: a
  -- cooperative or association of the registry (social production).
  kind text NOT NULL CHECK (kind IN ('person', 'unit', 'community')),
  account_id uuid NOT NULL,
  unit_key text,
  name text NOT NULL,
  address text NOT NULL,
  territory_code text NOT NULL,
  territory_path text[] NOT NULL,
  -- What the registry said when she applied, shown to the administrator who approves.
  registry_entry jsonb NOT NULL DEFAULT '{}',
  origin_office text NOT NULL,
  description text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by uuid,
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'person') = (unit_key IS NULL))
);
CREATE UNIQUE INDEX seller_unit ON marketplace.seller (unit_key) WHERE unit_key IS NOT NULL AND status <> 'rejected';
CREATE UNIQUE INDEX seller_person ON marketplace.seller (account_id) WHERE unit_key IS NULL AND status <> 'rejected';

CREATE TABLE marketplace.product (
  id uuid PRIMARY KEY,
  seller_id uuid NOT NULL REFERENCES marketplace.seller (id),
  name text NOT NULL,
  description text NOT NULL,
  category text NOT NULL,
  price_minor bigint NOT NULL CHECK (price_minor > 0),
  currency text NOT NULL,
  stock integer NOT NULL CHECK (stock >= 0),
  delivery text[] NOT NULL CHECK (cardinality(delivery) > 0),
  territories text[] NOT NULL CHECK (cardinality(territories) > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX product_seller ON marketplace.product (seller_id);
CREATE INDEX product_category ON marketplace.product (category);

CREATE TABLE marketplace.purchase (
  id uuid PRIMARY KEY,
  buyer_account_id uuid NOT NULL,
  seller_id uuid NOT NULL REFERENCES marketplace.seller (id),
  product_id uuid NOT NULL REFERENCES marketplace.product (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_minor bigint NOT NULL,
  delivery_minor bigint NOT NULL,
  total_minor bigint NOT NULL,
  currency text NOT NULL,
  destination_office text NOT NULL,
  destination_path text[] NOT NULL,
  address text NOT NULL,
  payment_order_id uuid NOT NULL UNIQUE,
  payment_code text NOT NULL,
  status text NOT NULL DEFAULT 'awaiting_payment' CHECK (status IN ('awaiting_payment', 'paid', 'shipped', 'delivered', 'returned')),
  shipment_number text UNIQUE,
  parcel_state text,
  parcel_state_at timestamptz,
  paid_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX purchase_buyer ON marketplace.purchase (buyer_account_id, created_at DESC);

CREATE TABLE marketplace.rating (
  purchase_id uuid PRIMARY KEY REFERENCES marketplace.purchase (id),
  seller_id uuid NOT NULL REFERENCES marketplace.seller (id),
  stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rating_seller ON marketplace.rating (seller_id);

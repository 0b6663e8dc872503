-- The cart and orders of several products (docs/marketplace.md, "Buying"): a signed-in person's
-- cart is kept on the server (one line per product), and an order (one parcel of one seller)
-- has lines. Every existing order becomes one line: its product, quantity and unit price.
CREATE TABLE marketplace.cart_line (
  account_id uuid NOT NULL,
  product_id uuid NOT NULL REFERENCES marketplace.product (id),
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 50),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, product_id)
);

CREATE TABLE marketplace.purchase_line (
  purchase_id uuid NOT NULL REFERENCES marketplace.purchase (id),
  product_id uuid NOT NULL REFERENCES marketplace.product (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_minor bigint NOT NULL,
  PRIMARY KEY (purchase_id, product_id)
);
CREATE INDEX purchase_line_product ON marketplace.purchase_line (product_id);

INSERT INTO marketplace.purchase_line (purchase_id, product_id, quantity, unit_price_minor)
  SELECT id, product_id, quantity, unit_price_minor FROM marketplace.purchase;

ALTER TABLE marketplace.purchase DROP COLUMN product_id, DROP COLUMN quantity, DROP COLUMN unit_price_minor;

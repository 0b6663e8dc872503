-- Cash on delivery settled (docs/marketplace.md, "Cash on delivery"): when the post reports the
-- remittance that covers the order's parcel, the order is settled (the seller was paid).
ALTER TABLE marketplace.purchase ADD COLUMN settled_at timestamptz;
ALTER TABLE marketplace.purchase ADD COLUMN settlement_reference text CHECK (length(settlement_reference) <= 60);

-- Photos in the seller's order (docs/marketplace.md, "Photos"): the first is the shop's thumbnail.
ALTER TABLE marketplace.product_photo ADD COLUMN position integer NOT NULL DEFAULT 0;
UPDATE marketplace.product_photo p SET position = o.n
  FROM (SELECT id, row_number() OVER (PARTITION BY product_id ORDER BY created_at, id) AS n FROM marketplace.product_photo) o WHERE o.id = p.id;

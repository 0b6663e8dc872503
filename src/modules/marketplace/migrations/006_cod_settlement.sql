-- Cash on delivery settled (docs/marketplace.md, "Cash on delivery"): when the post reports the
-- remittance that covers the order's parcel, the order is settled (the seller was paid).
ALTER TABLE marketplace.purchase ADD COLUMN settled_at timestamptz;
ALTER TABLE marketplace.purchase ADD COLUMN settlement_reference text CHECK (length(settlement_reference) <= 60);

-- Cash on delivery (docs/marketplace.md, "Cash on delivery"): where the country profile allows
-- it, the buyer pays the post at the door. Such an order has no payment order; it is handed to
-- the post when placed, and becomes paid (`paid_at`) once, on the post's `delivered_collected`.
ALTER TABLE marketplace.purchase ADD COLUMN payment_method text NOT NULL DEFAULT 'online' CHECK (payment_method IN ('online', 'cash_on_delivery'));
ALTER TABLE marketplace.purchase ALTER COLUMN payment_order_id DROP NOT NULL;
ALTER TABLE marketplace.purchase ALTER COLUMN payment_code DROP NOT NULL;
ALTER TABLE marketplace.purchase ADD CONSTRAINT purchase_payment_order_check
  CHECK ((payment_method = 'online') = (payment_order_id IS NOT NULL AND payment_code IS NOT NULL));

-- After the sale. The withdrawal period (docs/marketplace.md, "Withdrawal"): a buyer withdraws from a delivered
-- order within the country's days; the parcel goes back to the seller by post (its own S10
-- number) and, delivered back, the payment is refunded once.
ALTER TABLE marketplace.purchase DROP CONSTRAINT purchase_status_check;
ALTER TABLE marketplace.purchase ADD CONSTRAINT purchase_status_check
  CHECK (status IN ('awaiting_payment', 'paid', 'shipped', 'delivered', 'returned', 'withdrawn', 'refunded'));
ALTER TABLE marketplace.purchase
  ADD COLUMN withdrawn_at timestamptz,
  ADD COLUMN withdrawal_reason text NOT NULL DEFAULT '',
  ADD COLUMN return_number text UNIQUE,
  ADD COLUMN refunded_at timestamptz;

-- Disputes (docs/marketplace.md, "Disputes"): the case the buyer's claim became, one per order.
ALTER TABLE marketplace.purchase
  ADD COLUMN dispute_code text UNIQUE,
  ADD COLUMN dispute_kind text CHECK (dispute_kind IN ('not_received', 'not_as_described'));

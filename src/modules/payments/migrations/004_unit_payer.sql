-- Empresa digital (issue #17): a payment order paid on an economic unit's behalf. The fee of a
-- unit's case is the unit's (payer_unit_key, its NIT/RIF); payer_account_id stays the person who
-- filed the case. Whoever represents the unit now sees and pays the order (checked against the
-- registry on every request); a representative removed from the unit no longer does.
ALTER TABLE payments.payment_order ADD COLUMN payer_unit_key text;
CREATE INDEX payment_order_unit_idx ON payments.payment_order (payer_unit_key, created_at DESC) WHERE payer_unit_key IS NOT NULL;
-- A unit's case waiting for the official to set its fee: the order it becomes is the unit's.
ALTER TABLE payments.fee_request ADD COLUMN payer_unit_key text;

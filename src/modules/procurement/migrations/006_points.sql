-- Points-based evaluation (docs/procurement.md, "Points"): the need declares the weight of the
-- price and of each quality criterion (they add up to 100); after the opening act the committee
-- scores each qualified offer on each criterion (0 to 100) and the rule computes the totals.
ALTER TABLE procurement.tender DROP CONSTRAINT tender_rule_check;
ALTER TABLE procurement.tender ADD CONSTRAINT tender_rule_check CHECK (rule IN ('lowest_price', 'points'));
ALTER TABLE procurement.tender ADD COLUMN price_weight numeric NOT NULL DEFAULT 100 CHECK (price_weight BETWEEN 0 AND 100);
ALTER TABLE procurement.tender ADD COLUMN criteria jsonb NOT NULL DEFAULT '[]';
ALTER TABLE procurement.tender ADD COLUMN scored_at timestamptz;
ALTER TABLE procurement.offer ADD COLUMN points numeric;

CREATE TABLE procurement.offer_score (
  offer_id uuid NOT NULL REFERENCES procurement.offer (id),
  criterion text NOT NULL,
  score numeric NOT NULL CHECK (score BETWEEN 0 AND 100),
  scored_by uuid NOT NULL,
  PRIMARY KEY (offer_id, criterion)
);

-- Answering complaints (docs/procurement.md, "Complaints"). A complaint is against one award:
-- the offer that won when it was filed (`award_offer_id`); a unit complains once per award, so a
-- burst of identical complaints stores one. The entity answers it `upheld` or `rejected` with its
-- reasons (`resolution`, public). An upheld complaint annuls the award and the evaluation runs
-- again over the remaining offers: `award_round` numbers the awards of a process (their OCDS ids).
ALTER TABLE procurement.complaint
  ADD COLUMN award_offer_id uuid REFERENCES procurement.offer (id),
  ADD COLUMN outcome text CHECK (outcome IN ('upheld', 'rejected')),
  ADD COLUMN resolved_by uuid;
UPDATE procurement.complaint c SET award_offer_id = t.awarded_offer_id FROM procurement.tender t WHERE t.id = c.tender_id;
ALTER TABLE procurement.complaint
  ALTER COLUMN award_offer_id SET NOT NULL,
  ADD CONSTRAINT complaint_answered CHECK ((outcome IS NULL) = (resolved_at IS NULL) AND (outcome IS NULL OR length(resolution) BETWEEN 10 AND 3000)),
  ADD CONSTRAINT complaint_once UNIQUE (offer_id, award_offer_id);
CREATE INDEX complaint_pending_idx ON procurement.complaint (tender_id) WHERE resolved_at IS NULL;

ALTER TABLE procurement.tender ADD COLUMN award_round integer NOT NULL DEFAULT 1 CHECK (award_round >= 1);

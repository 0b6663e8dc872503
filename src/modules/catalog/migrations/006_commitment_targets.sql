-- Service-charter commitments with a metric and a target (issue #25): for commitment number
-- `commitment` (its position in `commitments`, from 0), the figure that measures it and the
-- target: [{ commitment, metric: 'in_time' | 'satisfaction' | 'median_days', target }].
ALTER TABLE catalog.procedure_version ADD COLUMN commitment_targets jsonb NOT NULL DEFAULT '[]'::jsonb;

-- A community council (or a commune) proposes a project as such: one of its spokespeople sends
-- the proposal on its behalf, and the council is shown as the proposer and is the executor.
ALTER TABLE consultations.proposal
  ADD COLUMN proposed_by_council text CHECK (proposed_by_council IS NULL OR length(proposed_by_council) BETWEEN 1 AND 64);

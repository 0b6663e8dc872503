-- The situation room's list of the worst overdue cases: undecided, clock running, by due date.
CREATE INDEX case_undecided_due_idx ON cases.case (due_date) WHERE outcome IS NULL AND paused_on IS NULL;

-- The situation room's list of the worst overdue reports: open, unanswered, visible, by due time.
CREATE INDEX report_unanswered_due_idx ON reports.report (due_at)
  WHERE status IN ('received', 'in_progress') AND first_response_at IS NULL AND hidden_at IS NULL;

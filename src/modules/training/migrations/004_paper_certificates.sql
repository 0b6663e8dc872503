-- Paper certificates (docs/training.md, "Paper certificates"): a facilitator prints, for an
-- attendee without an account whose attendance is completed, the signed certificate of the
-- course (documents module, holder by name and identity document). One per person (identity
-- document) and course: the row is claimed first, so a burst of clicks issues one document.
CREATE TABLE training.paper_certificate (
  course_id text NOT NULL REFERENCES training.course (id),
  learner_document text NOT NULL,
  cohort_id uuid NOT NULL REFERENCES training.cohort (id),
  learner_name text NOT NULL,
  issued_by uuid NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  -- The signed document, once issued.
  document_number text,
  verification_code text,
  PRIMARY KEY (course_id, learner_document)
);
CREATE INDEX paper_certificate_cohort_idx ON training.paper_certificate (cohort_id);

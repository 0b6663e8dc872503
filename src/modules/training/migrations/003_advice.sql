-- Advice requests from entities (docs/training.md, "Advice to entities"): an entity asks for
-- technical or legal advice; the platform's training managers assign experts, record sessions
-- and answer, within a legal time counted in the country profile's business days.
CREATE TABLE training.advice_request (
  id uuid PRIMARY KEY,
  agency_code text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('technical', 'legal')),
  need text NOT NULL CHECK (length(need) BETWEEN 1 AND 2000),
  requested_by uuid NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  due_on date NOT NULL,
  answer text CHECK (length(answer) <= 4000),
  answered_by uuid,
  answered_at timestamptz
);
CREATE INDEX advice_request_agency_idx ON training.advice_request (agency_code, requested_at);

CREATE TABLE training.advice_expert (
  request_id uuid NOT NULL REFERENCES training.advice_request (id),
  expert_name text NOT NULL CHECK (length(expert_name) BETWEEN 1 AND 200),
  assigned_by uuid NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (request_id, expert_name)
);

CREATE TABLE training.advice_session (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES training.advice_request (id),
  held_on date NOT NULL,
  notes text NOT NULL CHECK (length(notes) BETWEEN 1 AND 2000),
  recorded_by uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX advice_session_request_idx ON training.advice_session (request_id, held_on);

CREATE SCHEMA cases;

-- An application being filled in (save and resume): one per person and procedure version.
CREATE TABLE cases.draft (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL,
  version_id uuid NOT NULL,
  answers jsonb NOT NULL DEFAULT '{}',
  -- What was typed on a page that could not be accepted yet (page id → posted fields), shown back on resuming.
  pending_fields jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, version_id)
);

-- A submitted application and its processing by the agency.
CREATE TABLE cases.case (
  id uuid PRIMARY KEY,
  tracking_code text NOT NULL UNIQUE,
  account_id uuid NOT NULL,
  procedure_id uuid NOT NULL,
  version_id uuid NOT NULL,
  procedure_name text NOT NULL,
  agency_code text NOT NULL,
  state text NOT NULL,
  outcome text CHECK (outcome IN ('approved', 'rejected')),
  answers jsonb NOT NULL,
  -- online: filed by the person; assisted: filed by an official for a person who came in person.
  channel text NOT NULL CHECK (channel IN ('online', 'assisted')),
  filed_by uuid,
  assignee_id uuid,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  state_entered_at timestamptz NOT NULL DEFAULT now(),
  -- Legal-time clock: the last business day to decide; moved on while paused (waiting on the person).
  due_date date NOT NULL,
  paused_on date,
  decided_at timestamptz,
  is_escalated boolean NOT NULL DEFAULT false,
  satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
  satisfaction_comment text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_account_idx ON cases.case (account_id, submitted_at DESC);
CREATE INDEX case_agency_idx ON cases.case (agency_code, state, due_date);
CREATE INDEX case_procedure_idx ON cases.case (procedure_id);

-- The case's timeline: transitions, notes (internal or not) and assignments.
CREATE TABLE cases.case_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases.case (id),
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_type text NOT NULL CHECK (actor_type IN ('person', 'official', 'system')),
  actor_id uuid,
  kind text NOT NULL CHECK (kind IN ('transition', 'note', 'assignment', 'escalation')),
  action text NOT NULL,
  from_state text,
  to_state text,
  text text,
  is_internal boolean NOT NULL DEFAULT false
);
CREATE INDEX case_event_case_idx ON cases.case_event (case_id, id);

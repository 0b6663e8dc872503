CREATE SCHEMA training;

-- The catalogue as data (docs/training.md): a course's titles, modules, lessons, quizzes and
-- final assessment in Spanish and English live in `content`; the seed keeps it up to date.
CREATE TABLE training.course (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{3,80}$'),
  audience text NOT NULL CHECK (audience IN ('citizen', 'servant')),
  programme text NOT NULL CHECK (programme ~ '^[a-z0-9_]{2,40}$'),
  agency_code text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  pass_percent integer NOT NULL DEFAULT 70 CHECK (pass_percent BETWEEN 1 AND 100),
  content jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One enrolment per person and course. agency_code: the person's entity when they hold a role
-- in one (a public servant), for the entity's report and the figures by entity.
CREATE TABLE training.enrolment (
  id uuid PRIMARY KEY,
  course_id text NOT NULL REFERENCES training.course (id),
  account_id uuid NOT NULL,
  agency_code text,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  score_percent integer CHECK (score_percent BETWEEN 0 AND 100),
  -- The signed certificate (documents module), once issued.
  certificate_number text,
  certificate_code text,
  UNIQUE (course_id, account_id)
);
CREATE INDEX enrolment_account_idx ON training.enrolment (account_id);
CREATE INDEX enrolment_agency_idx ON training.enrolment (agency_code, course_id) WHERE agency_code IS NOT NULL;

-- A lesson's quiz answered (the lesson is then done); the last answers are kept.
CREATE TABLE training.lesson_progress (
  enrolment_id uuid NOT NULL REFERENCES training.enrolment (id),
  lesson_id text NOT NULL,
  correct integer NOT NULL CHECK (correct >= 0),
  total integer NOT NULL CHECK (total >= 0),
  completed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (enrolment_id, lesson_id)
);

-- Attendance of people without an account at a guided session (an Infocentro), registered by
-- a facilitator of the agency that runs it; a cohort is a named group of sessions.
CREATE TABLE training.cohort (
  id uuid PRIMARY KEY,
  course_id text NOT NULL REFERENCES training.course (id),
  agency_code text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE training.attendance (
  id uuid PRIMARY KEY,
  cohort_id uuid NOT NULL REFERENCES training.cohort (id),
  learner_name text NOT NULL CHECK (length(learner_name) BETWEEN 1 AND 200),
  learner_document text NOT NULL CHECK (length(learner_document) BETWEEN 3 AND 20),
  session_date date NOT NULL,
  completed boolean NOT NULL DEFAULT false,
  registered_by uuid NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cohort_id, learner_document, session_date)
);

-- xAPI 1.0.3 statements (the Learning Record Store): those the platform records for progress
-- (client_id null) and those agencies' systems send. agency_code: whose statements they are
-- (the course's agency, or the sending client's); a client reads only its agency's.
CREATE TABLE training.statement (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  agency_code text NOT NULL,
  client_id text,
  statement jsonb NOT NULL,
  stored timestamptz NOT NULL,
  voided boolean NOT NULL DEFAULT false
);
CREATE INDEX statement_agency_stored_idx ON training.statement (agency_code, stored, seq);

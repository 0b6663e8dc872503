CREATE SCHEMA observatory;

-- A plan (the national e-government plan, a department's or municipality's plan): its
-- strategic lines, each line's results or goals, each goal's indicators
-- (docs/observatory.md). The plan's administrators hold `plan_admin` in owner_agency.
CREATE TABLE observatory.plan (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  owner_agency text NOT NULL,
  territory_code text,
  start_year integer NOT NULL,
  end_year integer NOT NULL CHECK (end_year >= start_year),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE observatory.line (
  id uuid PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES observatory.plan (id) ON DELETE CASCADE,
  position integer NOT NULL,
  axis text NOT NULL DEFAULT '' CHECK (length(axis) <= 200),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  UNIQUE (plan_id, position)
);

CREATE TABLE observatory.goal (
  id uuid PRIMARY KEY,
  line_id uuid NOT NULL REFERENCES observatory.line (id) ON DELETE CASCADE,
  position integer NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 600),
  UNIQUE (line_id, position)
);

-- source 'computed': evaluated from the platform's public figures (`formula`, a ratio of
-- stats; never another module's tables); 'reported': the figure comes from the yearly
-- report of responsible_agency. `observatory`: one of the Observatorio's indicators (seed 003).
CREATE TABLE observatory.indicator (
  id uuid PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES observatory.plan (id) ON DELETE CASCADE,
  goal_id uuid NOT NULL REFERENCES observatory.goal (id) ON DELETE CASCADE,
  code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,59}$'),
  position integer NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  unit text NOT NULL CHECK (unit IN ('percent', 'count', 'points')),
  direction text NOT NULL CHECK (direction IN ('increase', 'decrease')),
  baseline numeric,
  baseline_year integer,
  source text NOT NULL CHECK (source IN ('computed', 'reported')),
  formula jsonb,
  responsible_agency text NOT NULL,
  observatory boolean NOT NULL DEFAULT false,
  UNIQUE (plan_id, code),
  CHECK ((source = 'computed') = (formula IS NOT NULL))
);
CREATE INDEX indicator_goal ON observatory.indicator (goal_id, position);

CREATE TABLE observatory.target (
  indicator_id uuid NOT NULL REFERENCES observatory.indicator (id) ON DELETE CASCADE,
  year integer NOT NULL,
  value numeric NOT NULL,
  PRIMARY KEY (indicator_id, year)
);

-- History per indicator, year by year: computed values snapshotted by the yearly job
-- (origin 'snapshot'), reported ones from the responsible entity's yearly report.
CREATE TABLE observatory.yearly_value (
  indicator_id uuid NOT NULL REFERENCES observatory.indicator (id) ON DELETE CASCADE,
  year integer NOT NULL,
  value numeric,
  origin text NOT NULL CHECK (origin IN ('snapshot', 'report')),
  report_id uuid,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (indicator_id, year)
);

-- An entity's yearly report on the plan: one per plan, agency and year.
CREATE TABLE observatory.yearly_report (
  id uuid PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES observatory.plan (id) ON DELETE CASCADE,
  agency_code text NOT NULL,
  year integer NOT NULL,
  submitted_by uuid NOT NULL,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (plan_id, agency_code, year)
);

CREATE TABLE observatory.report_line (
  report_id uuid NOT NULL REFERENCES observatory.yearly_report (id) ON DELETE CASCADE,
  line_id uuid NOT NULL REFERENCES observatory.line (id) ON DELETE CASCADE,
  done text NOT NULL CHECK (length(done) BETWEEN 1 AND 4000),
  evidence text NOT NULL DEFAULT '' CHECK (length(evidence) <= 2000),
  PRIMARY KEY (report_id, line_id)
);

-- Notes of the mid-term and final evaluations, kept beside the yearly reports.
CREATE TABLE observatory.evaluation (
  id uuid PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES observatory.plan (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('mid_term', 'final')),
  year integer NOT NULL,
  note text NOT NULL CHECK (length(note) BETWEEN 1 AND 8000),
  author_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

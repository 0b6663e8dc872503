CREATE SCHEMA reports;

-- What can be reported: a community problem or a complaint about a public service.
CREATE TABLE reports.category (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,40}$'),
  name_es text NOT NULL,
  name_en text NOT NULL,
  description_es text NOT NULL DEFAULT '',
  description_en text NOT NULL DEFAULT '',
  -- Category-specific questions (Open311 attributes): [{code, datatype, required, order,
  -- description: {es, en}, values: [{key, name: {es, en}}]}].
  questions jsonb NOT NULL DEFAULT '[]',
  is_anonymous_allowed boolean NOT NULL DEFAULT false,
  -- A complaint about a public service names the agency it is about.
  is_agency_complaint boolean NOT NULL DEFAULT false,
  -- Legal response time, in business days of the country profile.
  legal_response_days integer NOT NULL CHECK (legal_response_days BETWEEN 1 AND 365),
  -- Business days after "resolved" during which the reporter may contest it.
  contest_days integer NOT NULL DEFAULT 10 CHECK (contest_days BETWEEN 0 AND 365),
  -- Radius, in metres, within which open reports of the category count as possible duplicates.
  duplicate_radius_m integer NOT NULL DEFAULT 150 CHECK (duplicate_radius_m BETWEEN 1 AND 100000),
  position integer NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true
);

-- Routing: the most specific rule (by territory depth) for a category decides the agency.
-- territory_code null: anywhere in the country.
CREATE TABLE reports.routing_rule (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category_code text NOT NULL REFERENCES reports.category (code),
  territory_code text,
  agency_code text NOT NULL,
  UNIQUE NULLS NOT DISTINCT (category_code, territory_code)
);

CREATE TABLE reports.report (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category_code text NOT NULL REFERENCES reports.category (code),
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'in_progress', 'resolved', 'rejected', 'duplicate')),
  description text NOT NULL,
  answers jsonb NOT NULL DEFAULT '{}',
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lon double precision CHECK (lon BETWEEN -180 AND 180),
  address text,
  territory_code text,
  -- The territory and its ancestors, top level first (routing, filters, statistics).
  territory_path text[] NOT NULL DEFAULT '{}',
  -- The agency a complaint is about (complaint categories), and the competent agency.
  subject_agency_code text,
  agency_code text,
  agency_name text,
  -- Private: never shown publicly.
  reporter_account_id uuid,
  contact jsonb,
  is_anonymous boolean NOT NULL DEFAULT false,
  on_behalf_of_territory text,
  on_behalf_of_name text,
  source text NOT NULL DEFAULT 'web',
  idempotency_scope text,
  idempotency_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL,
  accepted_at timestamptz,
  first_response_at timestamptz,
  resolved_at timestamptz,
  escalated_at timestamptz,
  reopened_count integer NOT NULL DEFAULT 0,
  supporter_count integer NOT NULL DEFAULT 0,
  duplicate_of bigint REFERENCES reports.report (id),
  status_reason text,
  hidden_at timestamptz,
  hidden_reason text,
  UNIQUE (idempotency_scope, idempotency_key)
);
-- Public list (newest first) and its filters; duplicate search by bounding box.
CREATE INDEX report_created_idx ON reports.report (created_at DESC, id DESC);
CREATE INDEX report_territory_path_idx ON reports.report USING gin (territory_path);
CREATE INDEX report_agency_idx ON reports.report (agency_code, status, created_at DESC);
CREATE INDEX report_category_idx ON reports.report (category_code, created_at DESC);
CREATE INDEX report_nearby_idx ON reports.report (category_code, lat, lon) WHERE status IN ('received', 'in_progress') AND lat IS NOT NULL;
CREATE INDEX report_triage_idx ON reports.report (created_at) WHERE agency_code IS NULL;
CREATE INDEX report_due_idx ON reports.report (due_at) WHERE status IN ('received', 'in_progress') AND escalated_at IS NULL;
CREATE INDEX report_reporter_idx ON reports.report (reporter_account_id, created_at DESC) WHERE reporter_account_id IS NOT NULL;
CREATE INDEX report_updated_idx ON reports.report (updated_at);

CREATE TABLE reports.photo (
  report_id bigint NOT NULL REFERENCES reports.report (id),
  position smallint NOT NULL,
  sha256 text NOT NULL,
  media_type text NOT NULL,
  filename text NOT NULL,
  PRIMARY KEY (report_id, position)
);

-- The timeline of a report. actor_* is private; public_text is what the public page shows.
CREATE TABLE reports.report_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id bigint NOT NULL REFERENCES reports.report (id),
  kind text NOT NULL CHECK (kind IN ('submitted', 'routed', 'triaged', 'accepted', 'reassigned', 'replied', 'status_changed', 'merged', 'evidence', 'contested', 'supported', 'escalated', 'hidden')),
  status text,
  public_text text,
  agency_code text,
  agency_name text,
  actor_type text NOT NULL,
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  hidden_at timestamptz,
  hidden_reason text
);
CREATE INDEX report_event_report_idx ON reports.report_event (report_id, id);
CREATE INDEX report_event_created_idx ON reports.report_event (created_at, id) WHERE kind IN ('replied', 'status_changed', 'accepted', 'reassigned', 'merged');

CREATE TABLE reports.evidence (
  event_id bigint NOT NULL REFERENCES reports.report_event (id),
  position smallint NOT NULL,
  sha256 text NOT NULL,
  media_type text NOT NULL,
  filename text NOT NULL,
  PRIMARY KEY (event_id, position)
);

-- "Me too": one support per person (or per anonymous browser key) and report.
CREATE TABLE reports.support (
  report_id bigint NOT NULL REFERENCES reports.report (id),
  supporter text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (report_id, supporter)
);

-- Delivery to an agency's own system.
CREATE TABLE reports.agency_webhook (
  agency_code text PRIMARY KEY,
  url text NOT NULL,
  secret text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE reports.delivery (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id bigint NOT NULL REFERENCES reports.report (id),
  event_id bigint NOT NULL REFERENCES reports.report_event (id),
  agency_code text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'acknowledged')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  UNIQUE (event_id, agency_code)
);

-- Alerts: a territory (and below) or a circle.
CREATE TABLE reports.subscription (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id uuid NOT NULL,
  territory_code text,
  lat double precision,
  lon double precision,
  radius_m integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((territory_code IS NOT NULL) OR (lat IS NOT NULL AND lon IS NOT NULL AND radius_m IS NOT NULL))
);
CREATE INDEX subscription_territory_idx ON reports.subscription (territory_code);
CREATE INDEX subscription_account_idx ON reports.subscription (account_id);

-- Statistics, kept incrementally. Each change inserts small delta rows (no hot row is
-- updated on the request path); a job folds them into reports.stat. A scope is
-- 't:<territory>', 'a:<agency>' or 'all'. bucket -1 holds counters; bucket >= 0 counts
-- first responses by hours taken (for the median).
CREATE TABLE reports.stat (
  scope text NOT NULL,
  bucket integer NOT NULL,
  received bigint NOT NULL DEFAULT 0,
  resolved bigint NOT NULL DEFAULT 0,
  answered bigint NOT NULL DEFAULT 0,
  answered_in_time bigint NOT NULL DEFAULT 0,
  reopened bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, bucket)
);
CREATE TABLE reports.stat_delta (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scope text NOT NULL,
  bucket integer NOT NULL,
  received integer NOT NULL DEFAULT 0,
  resolved integer NOT NULL DEFAULT 0,
  answered integer NOT NULL DEFAULT 0,
  answered_in_time integer NOT NULL DEFAULT 0,
  reopened integer NOT NULL DEFAULT 0
);
CREATE INDEX stat_delta_scope_idx ON reports.stat_delta (scope);

CREATE SCHEMA cgii;

-- A computer-security incident reported by a public entity (docs/cgii.md): classified with the
-- reference taxonomy (category), a severity that sets its response times, a TLP 2.0 marking.
CREATE TABLE cgii.incident (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  agency_code text NOT NULL,
  reported_by text NOT NULL,
  reported_via text NOT NULL CHECK (reported_via IN ('web', 'api', 'import')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 10000),
  detected_at timestamptz NOT NULL,
  reported_at timestamptz NOT NULL DEFAULT now(),
  systems_affected text NOT NULL DEFAULT '' CHECK (length(systems_affected) <= 2000),
  data_affected text NOT NULL DEFAULT '' CHECK (length(data_affected) <= 2000),
  personal_data boolean NOT NULL DEFAULT false,
  category text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  tlp text NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
  status text NOT NULL DEFAULT 'reported' CHECK (status IN ('reported', 'triaged', 'waiting_entity', 'closed')),
  assigned_to uuid,
  first_response_due timestamptz NOT NULL,
  containment_due timestamptz NOT NULL,
  closure_due timestamptz NOT NULL,
  first_response_at timestamptz,
  contained_at timestamptz,
  closed_at timestamptz,
  closure_report text CHECK (length(closure_report) <= 10000),
  escalated_at timestamptz,
  source_key text UNIQUE
);
CREATE INDEX incident_agency_idx ON cgii.incident (agency_code, reported_at DESC);
CREATE INDEX incident_open_due_idx ON cgii.incident (closure_due) WHERE status <> 'closed' AND escalated_at IS NULL;

-- Indicators of compromise as structured data.
CREATE TABLE cgii.indicator (
  incident_id uuid NOT NULL REFERENCES cgii.incident (id),
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('ipv4', 'ipv6', 'domain', 'url', 'sha256', 'md5', 'email')),
  value text NOT NULL CHECK (length(value) BETWEEN 1 AND 2000),
  PRIMARY KEY (incident_id, position)
);

-- Evidence files, kept by hash in platform.file; custody: every upload and read.
CREATE TABLE cgii.evidence (
  incident_id uuid NOT NULL REFERENCES cgii.incident (id),
  sha256 text NOT NULL,
  filename text NOT NULL,
  media_type text NOT NULL,
  size integer NOT NULL,
  PRIMARY KEY (incident_id, sha256)
);
CREATE TABLE cgii.custody (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id uuid NOT NULL REFERENCES cgii.incident (id),
  sha256 text NOT NULL,
  action text NOT NULL CHECK (action IN ('uploaded', 'read')),
  actor text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX custody_incident_idx ON cgii.custody (incident_id, sha256, at);

-- The incident's record: the analyst's notes and actions, requests to the entity and its
-- answers, triage and closure. TLP:RED entries carry their named recipients (accounts).
CREATE TABLE cgii.note (
  id uuid PRIMARY KEY,
  incident_id uuid NOT NULL REFERENCES cgii.incident (id),
  kind text NOT NULL CHECK (kind IN ('note', 'action', 'request', 'answer', 'triage', 'closure')),
  author text NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  tlp text NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
  recipients uuid[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (tlp <> 'red' OR cardinality(recipients) > 0)
);
CREATE INDEX note_incident_idx ON cgii.note (incident_id, created_at);

-- Vulnerability reports from anyone (researchers, citizens), optionally OpenPGP-encrypted.
CREATE TABLE cgii.disclosure (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  reporter_name text NOT NULL DEFAULT '' CHECK (length(reporter_name) <= 200),
  reporter_contact text NOT NULL CHECK (length(reporter_contact) BETWEEN 3 AND 300),
  system text NOT NULL CHECK (length(system) BETWEEN 1 AND 500),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 50000),
  encrypted boolean NOT NULL DEFAULT false,
  credit_as text CHECK (length(credit_as) <= 200),
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'answered')),
  answer text CHECK (length(answer) <= 10000),
  received_at timestamptz NOT NULL DEFAULT now(),
  answered_at timestamptz
);

-- The centre's OpenPGP key (one row), made on first need.
CREATE TABLE cgii.centre_key (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  public_armored text NOT NULL,
  private_armored text NOT NULL,
  fingerprint text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

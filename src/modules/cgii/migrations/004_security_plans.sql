-- Institutional Information Security Plans (DS 2514; docs/cgii.md#security-plans): an entity's
-- security contact files its plan (sections, owner, approval and review dates, an optional PDF
-- kept by hash in the file store); the latest plan filed is the entity's current one, in force
-- from its approval until its review date. The CGII records observations the entity sees;
-- reminders go before the review date, once per plan and threshold.
CREATE TABLE cgii.plan (
  id uuid PRIMARY KEY,
  agency_code text NOT NULL,
  sections text NOT NULL CHECK (length(sections) BETWEEN 1 AND 20000),
  owner text NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
  approved_on date NOT NULL,
  expires_on date NOT NULL CHECK (expires_on > approved_on),
  pdf_sha256 text,
  pdf_filename text,
  filed_by uuid NOT NULL,
  filed_at timestamptz NOT NULL DEFAULT now(),
  -- Set when a later plan of the entity is filed: it is no longer the current one.
  superseded_at timestamptz,
  -- Set by the sweep once the current plan's review date has passed (the figure counts it out).
  lapsed_at timestamptz
);
CREATE INDEX plan_agency_idx ON cgii.plan (agency_code, filed_at DESC);
CREATE UNIQUE INDEX plan_current_idx ON cgii.plan (agency_code) WHERE superseded_at IS NULL;
CREATE INDEX plan_due_idx ON cgii.plan (expires_on) WHERE superseded_at IS NULL AND lapsed_at IS NULL;

CREATE TABLE cgii.plan_observation (
  id uuid PRIMARY KEY,
  plan_id uuid NOT NULL REFERENCES cgii.plan (id),
  author uuid NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plan_observation_plan_idx ON cgii.plan_observation (plan_id, created_at);

-- The reminders sent (days before the review date; 0: lapsed), once per plan and threshold.
CREATE TABLE cgii.plan_reminder (
  plan_id uuid NOT NULL REFERENCES cgii.plan (id),
  days integer NOT NULL,
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (plan_id, days)
);

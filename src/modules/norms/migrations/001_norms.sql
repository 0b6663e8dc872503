CREATE SCHEMA norms;

-- A public consultation of a draft regulation, plan or policy (docs/projects.md, "Public
-- consultation of norms"): an agency opens the text by articles for comment for a period, then
-- answers every comment in public and publishes the final text.
CREATE TABLE norms.consultation (
  id uuid PRIMARY KEY,
  agency_code text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('regulation', 'plan', 'policy')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 3000),
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL CHECK (closes_at > opens_at),
  final_published_at timestamptz,
  source_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The draft by articles; the final text of each (null: removed in the final text), and articles
-- the final text adds (draft_text null).
CREATE TABLE norms.article (
  consultation_id uuid NOT NULL REFERENCES norms.consultation (id),
  number integer NOT NULL CHECK (number > 0),
  heading text NOT NULL DEFAULT '' CHECK (length(heading) <= 300),
  draft_text text CHECK (length(draft_text) <= 20000),
  final_text text CHECK (length(final_text) <= 20000),
  PRIMARY KEY (consultation_id, number)
);

-- Comments on an article (article_number) or on the whole text (null), and the agency's answer.
CREATE TABLE norms.comment (
  id uuid PRIMARY KEY,
  consultation_id uuid NOT NULL REFERENCES norms.consultation (id),
  article_number integer,
  account_id uuid NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 3000),
  created_at timestamptz NOT NULL DEFAULT now(),
  outcome text CHECK (outcome IN ('accepted', 'partly', 'rejected')),
  reason text CHECK (length(reason) <= 3000),
  answered_at timestamptz,
  CHECK ((outcome IS NULL) = (reason IS NULL) AND (outcome IS NULL) = (answered_at IS NULL))
);
CREATE INDEX comment_consultation_idx ON norms.comment (consultation_id, created_at);
CREATE INDEX comment_account_idx ON norms.comment (account_id);

-- One support per person and comment, enforced here.
CREATE TABLE norms.support (
  comment_id uuid NOT NULL REFERENCES norms.comment (id),
  account_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (comment_id, account_id)
);

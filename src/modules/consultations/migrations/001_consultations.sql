CREATE SCHEMA consultations;

-- A Consulta Popular (docs/consulta-popular.md): a scope of territorial units, each with its
-- budget; phases with their dates; the ballot rule and the result method, named up front.
CREATE TABLE consultations.consultation (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,80}$'),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  country_profile text NOT NULL,
  currency text NOT NULL CHECK (currency IN ('BOB', 'VES')),
  -- approval: choose between approval_min and approval_max proposals; knapsack: any set whose
  -- total cost fits the unit's budget.
  ballot_rule text NOT NULL CHECK (ballot_rule IN ('approval', 'knapsack')),
  approval_min integer NOT NULL DEFAULT 1 CHECK (approval_min >= 1),
  approval_max integer NOT NULL DEFAULT 3 CHECK (approval_max >= approval_min),
  -- greedy: most supported first while the budget allows; mes: method of equal shares.
  result_method text NOT NULL CHECK (result_method IN ('greedy', 'mes')),
  min_level text NOT NULL DEFAULT 'bajo' CHECK (min_level IN ('bajo', 'sustancial')),
  -- census: only people in the imported census; territory: the person's verified territory;
  -- both: the census first, else the verified territory.
  eligibility text NOT NULL DEFAULT 'both' CHECK (eligibility IN ('census', 'territory', 'both')),
  allow_revote boolean NOT NULL DEFAULT true,
  proposals_open_at timestamptz NOT NULL,
  review_open_at timestamptz NOT NULL,
  voting_open_at timestamptz NOT NULL,
  voting_close_at timestamptz NOT NULL,
  execution_open_at timestamptz NOT NULL,
  CHECK (proposals_open_at <= review_open_at AND review_open_at <= voting_open_at AND voting_open_at < voting_close_at AND voting_close_at <= execution_open_at),
  results_published_at timestamptz,
  agency_code text,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The units of the scope: a territory of the tree (commune, community council, municipality)
-- or a feature of a territory layer (a communal circuit), each with its budget.
CREATE TABLE consultations.unit (
  consultation_id uuid NOT NULL REFERENCES consultations.consultation (id) ON DELETE CASCADE,
  code text NOT NULL,
  layer_code text,
  name text NOT NULL,
  budget_minor bigint NOT NULL CHECK (budget_minor > 0),
  PRIMARY KEY (consultation_id, code)
);

-- Proposals: the earlier proposal (lower `seq`) wins a tie after the lower cost.
CREATE TABLE consultations.proposal (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  consultation_id uuid NOT NULL,
  unit_code text NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
  cost_minor bigint NOT NULL CHECK (cost_minor > 0),
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lon double precision CHECK (lon BETWEEN -180 AND 180),
  executor_territory_code text NOT NULL,
  submitted_by uuid,
  review_status text NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'viable', 'not_viable')),
  review_reason text CHECK (review_reason IS NULL OR length(review_reason) BETWEEN 1 AND 2000),
  reviewed_by uuid,
  reviewed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (consultation_id, unit_code) REFERENCES consultations.unit (consultation_id, code) ON DELETE CASCADE,
  CHECK (review_status = 'pending' OR review_reason IS NOT NULL)
);
CREATE INDEX proposal_consultation ON consultations.proposal (consultation_id, unit_code, seq);

-- The territorial census: who votes in which unit (imported from CSV by officials).
CREATE TABLE consultations.census (
  consultation_id uuid NOT NULL REFERENCES consultations.consultation (id) ON DELETE CASCADE,
  document_type text NOT NULL,
  document_number text NOT NULL,
  unit_code text NOT NULL,
  PRIMARY KEY (consultation_id, document_type, document_number),
  FOREIGN KEY (consultation_id, unit_code) REFERENCES consultations.unit (consultation_id, code) ON DELETE CASCADE
);

-- Each import and its report of rejected rows (line, reason), kept for the officials' page.
CREATE TABLE consultations.census_import (
  id uuid PRIMARY KEY,
  consultation_id uuid NOT NULL REFERENCES consultations.consultation (id) ON DELETE CASCADE,
  imported_by uuid NOT NULL,
  accepted integer NOT NULL,
  rejected jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The poll book: WHO voted, WHERE and HOW (online or at an assembly), never what. Its key is
-- the person's identity document, so online and paper votes of one person collide: the
-- database, not the code, keeps one person to one ballot per consultation. No time of day:
-- the day only (for participation by day), so it cannot be lined up with ballots.
CREATE TABLE consultations.poll_book (
  consultation_id uuid NOT NULL REFERENCES consultations.consultation (id) ON DELETE CASCADE,
  document_type text NOT NULL,
  document_number text NOT NULL,
  account_id uuid,
  unit_code text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('online', 'assembly')),
  voted_on date NOT NULL,
  PRIMARY KEY (consultation_id, document_type, document_number)
);
CREATE INDEX poll_book_account ON consultations.poll_book (account_id) WHERE account_id IS NOT NULL;

-- WHAT was chosen, apart from who. No person, no time, no sequence: a random uuid key and a
-- random bucket. A ballot is cast into the inbox (with the poll-book row, atomically); the
-- mixing job (consultations:mix) moves the inbox into `ballot` in random order in one
-- transaction, so neither physical order nor transaction ids line ballots up with voters.
-- `key_hash` is SHA-256 of the receipt's secret: only its holder finds the ballot again.
-- `commitment` is SHA-256 of the salt (from the secret) and the choices: published beside
-- `receipt_id` so a voter checks theirs was counted as cast.
CREATE TABLE consultations.ballot_inbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL,
  unit_code text NOT NULL,
  choices uuid[] NOT NULL,
  receipt_id text,
  key_hash bytea UNIQUE,
  commitment text
);

CREATE TABLE consultations.ballot (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id uuid NOT NULL REFERENCES consultations.consultation (id) ON DELETE CASCADE,
  unit_code text NOT NULL,
  choices uuid[] NOT NULL,
  -- Online ballots carry their receipt; ballots of assemblies' paper tallies do not.
  receipt_id text UNIQUE,
  key_hash bytea UNIQUE,
  commitment text,
  bucket smallint NOT NULL DEFAULT floor(random() * 64)::smallint
);
CREATE INDEX ballot_consultation ON consultations.ballot (consultation_id, bucket);

-- Assemblies: the tally an official records (how many attended, how many paper ballots).
CREATE TABLE consultations.assembly (
  id uuid PRIMARY KEY,
  consultation_id uuid NOT NULL REFERENCES consultations.consultation (id) ON DELETE CASCADE,
  unit_code text NOT NULL,
  held_on date NOT NULL,
  attendees integer NOT NULL CHECK (attendees >= 0),
  ballots integer NOT NULL CHECK (ballots >= 0 AND ballots <= attendees),
  recorded_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The results as published: per proposal, its approvals and whether it is funded.
CREATE TABLE consultations.result (
  consultation_id uuid NOT NULL REFERENCES consultations.consultation (id) ON DELETE CASCADE,
  proposal_id uuid NOT NULL REFERENCES consultations.proposal (id) ON DELETE CASCADE,
  unit_code text NOT NULL,
  votes integer NOT NULL,
  funded boolean NOT NULL,
  rank integer NOT NULL,
  PRIMARY KEY (consultation_id, proposal_id)
);

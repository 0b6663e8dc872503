CREATE SCHEMA peace_justice;

-- The kinds of dispute (docs/peace-justice.md): data, not code. A kind that is not for mediation
-- (violence, crimes) is referred to the competent authority at once, with the reason, and never mediated.
CREATE TABLE peace_justice.kind (
  code text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,40}$'),
  mediable boolean NOT NULL,
  -- Who a case of this kind is referred to when it is not for mediation.
  authority text CHECK (length(authority) BETWEEN 1 AND 200),
  CHECK (mediable OR authority IS NOT NULL),
  position integer NOT NULL
);
INSERT INTO peace_justice.kind (code, mediable, authority, position) VALUES
  ('neighbours', true, NULL, 1),
  ('boundaries', true, NULL, 2),
  ('debts', true, NULL, 3),
  ('housing', true, NULL, 4),
  ('services', true, NULL, 5),
  ('family_support', true, NULL, 6),
  ('violence', false, 'Ministerio Público / Fiscalía', 7),
  ('gender_violence', false, 'Fiscalía especializada en violencia contra la mujer', 8),
  ('crime', false, 'Ministerio Público / Fiscalía', 9),
  ('children_at_risk', false, 'Consejo de Protección de Niños, Niñas y Adolescentes / Defensoría de la Niñez', 10);

-- A request for mediation. Its content is seen only by its parties and the justice of peace of
-- its territory (or above); the public sees counts only.
CREATE TABLE peace_justice.mediation (
  id uuid PRIMARY KEY,
  -- The code a party without an account quotes (with their own party code) to follow the case.
  code text NOT NULL UNIQUE CHECK (code ~ '^JP-[0-9A-Z]{8}$'),
  kind text NOT NULL REFERENCES peace_justice.kind (code),
  subject text NOT NULL CHECK (length(subject) BETWEEN 10 AND 4000),
  territory_code text NOT NULL,
  territory_path text[] NOT NULL,
  requester_account_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'referred', 'in_mediation', 'act_recorded', 'act_signed', 'closed')),
  outcome text CHECK (outcome IN ('fulfilled', 'partly_fulfilled', 'not_fulfilled', 'no_agreement', 'referred', 'withdrawn')),
  CHECK ((status IN ('referred', 'closed')) = (outcome IS NOT NULL)),
  referred_to text CHECK (length(referred_to) BETWEEN 1 AND 200),
  referral_reason text CHECK (length(referral_reason) BETWEEN 1 AND 2000),
  CHECK ((status = 'referred') = (referred_to IS NOT NULL AND referral_reason IS NOT NULL)),
  justice_account_id uuid,
  act_text text CHECK (length(act_text) BETWEEN 10 AND 8000),
  act_recorded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE INDEX mediation_territory_idx ON peace_justice.mediation USING gin (territory_path);
CREATE INDEX mediation_requester_idx ON peace_justice.mediation (requester_account_id);

-- The parties: the requester (position 0) and the others, by account or by name and identity
-- document; one without an account follows the case with a code of their own, which the justice
-- hands over in a written notice (it is shown to the justice and the requester only).
CREATE TABLE peace_justice.party (
  id uuid PRIMARY KEY,
  mediation_id uuid NOT NULL REFERENCES peace_justice.mediation (id),
  position integer NOT NULL CHECK (position BETWEEN 0 AND 20),
  account_id uuid,
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  document_number text CHECK (length(document_number) BETWEEN 3 AND 30),
  follow_code text CHECK (follow_code ~ '^[0-9A-Z]{10}$'),
  CHECK ((account_id IS NULL) = (follow_code IS NOT NULL)),
  -- The act accepted: signed in at level sustancial, or in person attested by the justice.
  accepted_at timestamptz,
  accepted_via text CHECK (accepted_via IN ('online', 'in_person')),
  CHECK ((accepted_at IS NULL) = (accepted_via IS NULL)),
  -- The sealed act issued to this party (documents module), when they have an account.
  document_id uuid,
  UNIQUE (mediation_id, position)
);
CREATE INDEX party_account_idx ON peace_justice.party (account_id) WHERE account_id IS NOT NULL;

-- What happened, in order: accepted, referred, sessions scheduled and held, act, acceptances,
-- fulfilment, closing. Append-only history of the case.
CREATE TABLE peace_justice.entry (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  mediation_id uuid NOT NULL REFERENCES peace_justice.mediation (id),
  kind text NOT NULL CHECK (kind IN ('requested', 'accepted', 'referred', 'session_scheduled', 'session_held', 'act_recorded', 'act_accepted', 'act_sealed', 'fulfilment', 'closed')),
  text text CHECK (length(text) <= 4000),
  data jsonb NOT NULL DEFAULT '{}',
  actor_account_id uuid,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entry_mediation_idx ON peace_justice.entry (mediation_id, id);

-- The situation room's instructions: from an item the room follows (a territory's figure, a
-- report, a case…), an operator instructs the responsible agency or territory (a commune acts
-- through its territory-scoped roles) with a deadline; followed like a case.
CREATE SCHEMA situation_room;

CREATE TABLE situation_room.instruction (
  id uuid PRIMARY KEY,
  -- What it is about: the kind of item and its public reference (a report's code, a territory's code…).
  item_kind text NOT NULL CHECK (item_kind IN ('territory', 'report', 'case', 'clap_delivery')),
  item_ref text NOT NULL CHECK (length(item_ref) BETWEEN 1 AND 64),
  -- The room it was sent from (its path, top level first: operators of any unit above see it).
  territory_path text[] NOT NULL CHECK (cardinality(territory_path) > 0),
  -- The recipient: a territory (its path; its responders act) or an agency (its administrators act).
  recipient_path text[],
  recipient_agency text,
  CHECK ((recipient_path IS NULL) <> (recipient_agency IS NULL)),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  due_on date NOT NULL,
  status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'received', 'acted', 'answered')),
  overdue boolean NOT NULL DEFAULT false,
  answer text CHECK (length(answer) <= 2000),
  sent_by uuid NOT NULL,
  -- One instruction per operator and form: a replayed or doubled submission sends it once.
  request_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  received_at timestamptz,
  acted_at timestamptz,
  answered_at timestamptz,
  answered_by uuid,
  UNIQUE (sent_by, request_key)
);
CREATE INDEX instruction_path ON situation_room.instruction USING gin (territory_path);
CREATE INDEX instruction_recipient_path ON situation_room.instruction USING gin (recipient_path);
CREATE INDEX instruction_recipient_agency ON situation_room.instruction (recipient_agency, created_at DESC);
CREATE INDEX instruction_open_due ON situation_room.instruction (due_on) WHERE status <> 'answered' AND NOT overdue;

-- The instruction's timeline: every step, who took it and when.
CREATE TABLE situation_room.instruction_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  instruction_id uuid NOT NULL REFERENCES situation_room.instruction (id),
  kind text NOT NULL CHECK (kind IN ('sent', 'received', 'acted', 'answered', 'overdue')),
  actor uuid,
  text text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX instruction_event_instruction ON situation_room.instruction_event (instruction_id, id);

-- CLAP distribution: one delivery of a cycle to a community council (Venezuelan profile, seed
-- 004). Scheduled by the room; reported by the distributor (date, families served, what was
-- delivered); confirmed or disputed by the community's spokespeople. Overdue: not reported by
-- its scheduled day; a discrepancy: disputed, or the families counted differ from those reported.
CREATE TABLE situation_room.clap_delivery (
  id uuid PRIMARY KEY,
  territory_path text[] NOT NULL CHECK (cardinality(territory_path) > 0),
  cycle text NOT NULL CHECK (cycle ~ '^\d{4}-\d{2}$'),
  scheduled_on date NOT NULL,
  families_planned integer NOT NULL CHECK (families_planned > 0),
  delivered_on date,
  families_served integer CHECK (families_served >= 0),
  items text CHECK (length(items) <= 500),
  reported_by uuid,
  confirmation text CHECK (confirmation IN ('confirmed', 'disputed')),
  families_counted integer CHECK (families_counted >= 0),
  dispute_note text CHECK (length(dispute_note) <= 1000),
  confirmed_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (territory_path, cycle)
);
CREATE INDEX clap_delivery_path ON situation_room.clap_delivery USING gin (territory_path);

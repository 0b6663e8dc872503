-- The communes' Agenda Concreta de Acción (ACA, issue 18, seed 004): the actions of a commune or
-- communal circuit (a territory path), entered by its spokespeople (room_responder over it): who
-- is responsible, the deadline, the progress with its log, and the projects and reports each one
-- is linked to. Overdue: the deadline passed (the country's zone) and not done.
CREATE TABLE situation_room.aca_action (
  id uuid PRIMARY KEY,
  territory_path text[] NOT NULL CHECK (cardinality(territory_path) > 0),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL CHECK (length(description) <= 2000),
  -- The responsible: a committee, a spokesperson or an agency's name; optionally an agency code.
  responsible text NOT NULL CHECK (length(responsible) BETWEEN 1 AND 200),
  responsible_agency text CHECK (length(responsible_agency) BETWEEN 1 AND 64),
  due_on date NOT NULL,
  progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done')),
  CHECK ((status = 'done') = (progress = 100)),
  -- Linked items: projects (their ids) and reports (their public codes, R-n), checked through their modules.
  project_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(project_ids) <= 20),
  report_codes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(report_codes) <= 20),
  created_by uuid NOT NULL,
  -- One action per person and form (or API request key): a replayed or doubled request creates it once.
  request_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (created_by, request_key)
);
CREATE INDEX aca_action_path ON situation_room.aca_action USING gin (territory_path);

-- The progress log: each update's percent and note, who and when (who is not public).
CREATE TABLE situation_room.aca_progress (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  action_id uuid NOT NULL REFERENCES situation_room.aca_action (id),
  percent smallint NOT NULL CHECK (percent BETWEEN 0 AND 100),
  note text CHECK (length(note) <= 1000),
  actor uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX aca_progress_action ON situation_room.aca_progress (action_id, id);

-- The room instructs from an ACA action too.
ALTER TABLE situation_room.instruction DROP CONSTRAINT instruction_item_kind_check;
ALTER TABLE situation_room.instruction ADD CONSTRAINT instruction_item_kind_check CHECK (item_kind IN ('territory', 'report', 'case', 'clap_delivery', 'aca_action'));

-- Platform tables: settings, the audit log (append-only, hash-chained) and the outbox.

CREATE TABLE platform.setting (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE SCHEMA audit;

-- One row per state-changing action, inserted in the transaction of the change with the
-- hash of its own content. The sealer links committed rows into the chain afterwards
-- (position, prev_hash, chain_hash), so writers never wait on each other.
CREATE TABLE audit.entry (
  id uuid PRIMARY KEY,
  occurred_at timestamptz(3) NOT NULL,
  actor_type text NOT NULL,
  actor_id text,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id text,
  content_hash text NOT NULL,
  position bigint UNIQUE,
  prev_hash text,
  chain_hash text,
  sealed_at timestamptz
);
CREATE INDEX entry_unsealed_idx ON audit.entry (occurred_at, id) WHERE position IS NULL;
CREATE INDEX entry_subject_idx ON audit.entry (subject_type, subject_id);

-- The published head of the chain: one row.
CREATE TABLE audit.head (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  position bigint NOT NULL,
  chain_hash text NOT NULL,
  sealed_at timestamptz NOT NULL
);

-- Entries are append-only: no delete, no truncate, and the only update allowed is the
-- sealer filling in the chain columns of an unsealed entry once.
CREATE FUNCTION audit.guard_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'audit entries are append-only: % is not allowed', TG_OP;
  END IF;
  IF OLD.position IS NOT NULL
     OR (NEW.id, NEW.occurred_at, NEW.actor_type, NEW.actor_id, NEW.action, NEW.subject_type,
         NEW.subject_id, NEW.data, NEW.request_id, NEW.content_hash)
        IS DISTINCT FROM
        (OLD.id, OLD.occurred_at, OLD.actor_type, OLD.actor_id, OLD.action, OLD.subject_type,
         OLD.subject_id, OLD.data, OLD.request_id, OLD.content_hash) THEN
    RAISE EXCEPTION 'audit entries are append-only: entry % cannot be changed', OLD.id;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER entry_append_only BEFORE UPDATE OR DELETE ON audit.entry
  FOR EACH ROW EXECUTE FUNCTION audit.guard_entry();
CREATE TRIGGER entry_no_truncate BEFORE TRUNCATE ON audit.entry
  FOR EACH STATEMENT EXECUTE FUNCTION audit.guard_entry();

-- Transactional outbox: events written in the transaction of the change; the dispatcher
-- hands each one to its subscribers' jobs and marks it dispatched.
CREATE TABLE platform.outbox (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz
);
CREATE INDEX outbox_pending_idx ON platform.outbox (id) WHERE dispatched_at IS NULL;

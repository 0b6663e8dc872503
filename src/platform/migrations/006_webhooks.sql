-- The platform's one webhook mechanism (src/platform/webhooks, docs/webhooks.md): an agency's
-- (or a client's) subscription to topics that modules declare, and the log of every delivery.
CREATE TABLE platform.webhook_subscription (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_kind text NOT NULL CHECK (owner_kind IN ('agency', 'client')),
  owner_id text NOT NULL,
  -- The module that manages it (the page where it is set), so each module lists its own.
  module text NOT NULL,
  url text NOT NULL CHECK (length(url) <= 500),
  topics text[] NOT NULL CHECK (cardinality(topics) > 0),
  -- AES-256-GCM of the key bytes ('v1.<iv>.<ciphertext>.<tag>'); never the secret in clear.
  -- secret_legacy holds a secret moved from an older table until the next start encrypts it.
  secret_encrypted text,
  secret_legacy text,
  CHECK (secret_encrypted IS NOT NULL OR secret_legacy IS NOT NULL),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_kind, owner_id, module)
);
CREATE INDEX webhook_subscription_owner_idx ON platform.webhook_subscription (owner_kind, owner_id) WHERE is_active;

-- One message to one subscription: the body is fixed when it is enqueued (signed as it is on
-- every attempt), `message_id` is the `webhook-id` the receiver drops repeats with.
-- `source_key` makes enqueueing idempotent (e.g. the timeline entry it reports).
CREATE TABLE platform.webhook_delivery (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_id bigint NOT NULL REFERENCES platform.webhook_subscription (id) ON DELETE CASCADE,
  topic text NOT NULL,
  source_key text NOT NULL,
  message_id text NOT NULL UNIQUE,
  body text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  last_status_code integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  UNIQUE (subscription_id, source_key)
);
CREATE INDEX webhook_delivery_log_idx ON platform.webhook_delivery (subscription_id, id DESC);

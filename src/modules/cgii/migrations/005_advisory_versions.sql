-- Advisories are edited and withdrawn (docs/cgii.md#advisories): each edit bumps the version and
-- keeps what changed (who, when, each field's earlier and new value); a withdrawal keeps who,
-- when and the reason, shown in the public bulletin as "retirado". Imported advisories (STIX)
-- keep their version and withdrawal as exported.
ALTER TABLE cgii.advisory
  ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  ADD COLUMN modified_at timestamptz,
  ADD COLUMN withdrawn_at timestamptz,
  ADD COLUMN withdrawn_by uuid,
  ADD COLUMN withdrawal_reason text CHECK (length(withdrawal_reason) BETWEEN 1 AND 2000),
  ADD CONSTRAINT advisory_withdrawal_check CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL));

-- One row per edit: the version it made, who and when, and each changed field ({ field: { from, to } }).
CREATE TABLE cgii.advisory_version (
  advisory_id uuid NOT NULL REFERENCES cgii.advisory (id),
  version integer NOT NULL CHECK (version >= 2),
  edited_by uuid NOT NULL,
  edited_at timestamptz NOT NULL,
  changes jsonb NOT NULL,
  renotified boolean NOT NULL DEFAULT false,
  PRIMARY KEY (advisory_id, version)
);

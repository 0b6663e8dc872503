-- The last rebuild of the reports-by-layer figure (docs/situation-room.md, "Reports by layer"):
-- the highest report id it counted, so the live handler of a report it already counted (an
-- event handled after the rebuild) does not count it again.
CREATE TABLE situation_room.layer_rebuild (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  through_report bigint NOT NULL,
  rebuilt_at timestamptz NOT NULL DEFAULT now()
);

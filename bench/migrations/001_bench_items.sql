-- Tables of the benchmark module (bench/bench-module.ts), only ever created in the
-- throw-away database of `npm run bench`. `item` is written by Tambo's audited path,
-- `plain_item` (same shape) by the baseline's plain INSERT.
CREATE SCHEMA bench;

CREATE TABLE bench.item (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  amount integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE bench.plain_item (LIKE bench.item INCLUDING ALL);

-- For the counterfactual writer that locks a chain head in every transaction (the design
-- ARCHITECTURE.md decision 8 rules out), to show what it would cost.
CREATE TABLE bench.chain_head (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  position bigint NOT NULL
);
INSERT INTO bench.chain_head (position) VALUES (0);

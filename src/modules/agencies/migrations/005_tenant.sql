-- Subnational governments as tenants (issue #25, docs/entities.md#tenants): an autonomous
-- territorial entity of the register (departmental, regional, municipal or indigenous) that a
-- platform administrator onboarded gets its own public space (/gobiernos/{code}); its staff
-- are the roles scoped to its code. One row per tenant: onboarding twice writes nothing.
CREATE TABLE agencies.tenant (
  code text PRIMARY KEY REFERENCES agencies.agency (code),
  onboarded_at timestamptz NOT NULL,
  onboarded_by text NOT NULL CHECK (length(onboarded_by) <= 80)
);

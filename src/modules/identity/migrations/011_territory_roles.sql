-- A role is held in an agency (a case handler of SEGIP) or over a territory (a community
-- council's spokesperson; the grant covers the territories below it), never both: the
-- modules declare each role's scope, and identity's role administration grants it so.
-- Platform roles are not rows here (platform_admin is the account's flag). The territory is
-- kept as its code, checked against the territorial registry by the service, as the agency is.
ALTER TABLE identity.role_assignment DROP CONSTRAINT role_assignment_pkey;
ALTER TABLE identity.role_assignment ALTER COLUMN agency_code DROP NOT NULL;
ALTER TABLE identity.role_assignment ADD COLUMN territory_code text;
ALTER TABLE identity.role_assignment ADD CONSTRAINT role_assignment_one_scope CHECK ((agency_code IS NULL) <> (territory_code IS NULL));
ALTER TABLE identity.role_assignment ADD CONSTRAINT role_assignment_territory_code CHECK (territory_code ~ '^[A-Z0-9][A-Z0-9-]{0,63}$');
-- Once per person, role and scope.
CREATE UNIQUE INDEX role_assignment_agency_key ON identity.role_assignment (account_id, agency_code, role) WHERE agency_code IS NOT NULL;
CREATE UNIQUE INDEX role_assignment_territory_key ON identity.role_assignment (account_id, territory_code, role) WHERE territory_code IS NOT NULL;
-- The administration lists who holds roles in a territory.
CREATE INDEX role_assignment_territory_idx ON identity.role_assignment (territory_code) WHERE territory_code IS NOT NULL;

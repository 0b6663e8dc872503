-- The roles an agency's officials can hold are what the modules declare (`roles` in
-- defineModule, checked at start); identity's role administration refuses any other name.
-- The table no longer lists identity's own five, so a module can add a role without a
-- migration of identity's; it keeps the shape of a declared name.
ALTER TABLE identity.role_assignment DROP CONSTRAINT role_assignment_role_check;
ALTER TABLE identity.role_assignment ADD CONSTRAINT role_assignment_role_name CHECK (role ~ '^[a-z][a-z0-9_]*$');

-- The agency an agency answers to (a service under its ministry): overdue matters escalate to it.
ALTER TABLE agencies.agency ADD COLUMN superior_code text REFERENCES agencies.agency (code);

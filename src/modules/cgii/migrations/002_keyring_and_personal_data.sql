-- The centre's OpenPGP private key leaves the database in clear (docs/cgii.md#the-centres-key):
-- it is kept sealed under the keyring purpose `cgii-openpgp` (AES-256-GCM, the key in
-- SESSION_SECRET / KEYRING_FILE, never in the database). A row written before this migration
-- still has `private_armored`; the module seals it when the application starts and clears the
-- column. Keys are rotated: the current key is the one row not retired; retired keys stay to
-- read the reports encrypted to them.
ALTER TABLE cgii.centre_key DROP COLUMN id;
ALTER TABLE cgii.centre_key
  ADD PRIMARY KEY (fingerprint),
  ALTER COLUMN private_armored DROP NOT NULL,
  ADD COLUMN private_sealed text,
  ADD COLUMN retired_at timestamptz,
  ADD CONSTRAINT centre_key_private_once CHECK ((private_armored IS NULL) <> (private_sealed IS NULL));
CREATE UNIQUE INDEX centre_key_current_idx ON cgii.centre_key ((true)) WHERE retired_at IS NULL;

-- A signed-in person who reports a vulnerability is linked to the report ("Mis datos").
ALTER TABLE cgii.disclosure ADD COLUMN reporter_account_id uuid;
CREATE INDEX disclosure_reporter_idx ON cgii.disclosure (reporter_account_id) WHERE reporter_account_id IS NOT NULL;
-- "Mis datos": the incidents a person reported, the notes they wrote, the evidence they read.
CREATE INDEX incident_reported_by_idx ON cgii.incident (reported_by);
CREATE INDEX note_author_idx ON cgii.note (author);
CREATE INDEX custody_actor_idx ON cgii.custody (actor);

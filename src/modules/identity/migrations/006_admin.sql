-- Administration of Ciudadanía Digital: in-person identity verification by registrars.

-- The record behind identity.account.verified_at / verified_by: which registrar checked the
-- person's physical document, for which agency, at which office. One row per verification
-- (an account created by a registrar — assisted registration — has one too).
CREATE TABLE identity.in_person_verification (
  id uuid PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES identity.account (id),
  registrar_id uuid NOT NULL REFERENCES identity.account (id),
  agency_code text NOT NULL,
  office text NOT NULL,
  notes text NOT NULL DEFAULT '',
  is_assisted_registration boolean NOT NULL DEFAULT false,
  verified_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX in_person_verification_account_idx ON identity.in_person_verification (account_id);
CREATE INDEX in_person_verification_agency_idx ON identity.in_person_verification (agency_code, verified_at DESC);

-- An account created by a registrar starts with a temporary password, shown once to the
-- registrar to hand to the person; the person should choose their own at the next sign-in.
ALTER TABLE identity.account ADD COLUMN password_change_required boolean NOT NULL DEFAULT false;

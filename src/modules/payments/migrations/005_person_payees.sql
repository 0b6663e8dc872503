-- People as payees (docs/payments.md, "Who is paid"): a person who sells as herself in the
-- marketplace registers her own settlement account. Her payee key is `PE-<account id>`, carried
-- by orders, ledgers and reconciliations like an agency's code or `UE-<unit key>`.
ALTER TABLE payments.payee DROP CONSTRAINT payee_kind_check;
ALTER TABLE payments.payee ADD CONSTRAINT payee_kind_check CHECK (kind IN ('agency', 'unit', 'person'));
ALTER TABLE payments.payee ADD COLUMN person_account_id uuid UNIQUE;
ALTER TABLE payments.payee DROP CONSTRAINT payee_kind_key_check;
ALTER TABLE payments.payee ADD CONSTRAINT payee_kind_key_check CHECK (
  CASE kind
    WHEN 'unit' THEN unit_key IS NOT NULL AND person_account_id IS NULL AND agency_code = 'UE-' || unit_key
    WHEN 'person' THEN person_account_id IS NOT NULL AND unit_key IS NULL AND collecting_agencies = '{}' AND agency_code = 'PE-' || person_account_id::text
    ELSE unit_key IS NULL AND person_account_id IS NULL AND agency_code !~ '^(UE|PE)-' AND collecting_agencies = '{}'
  END
);

-- Economic units as payees (docs/payments.md, "Who is paid"). A payee is an agency (its treasury
-- account) or an economic unit of the registries (`unidades_economicas`, by its key: NIT, RIF),
-- whose settlement account its representative registers. Both live in `payments.payee`, keyed by
-- the payee key that orders, ledgers and reconciliations carry (`payee_agency` columns, named
-- before units existed): an agency's code, or `UE-<unit key>` for a unit.
ALTER TABLE payments.payee ADD COLUMN kind text NOT NULL DEFAULT 'agency' CHECK (kind IN ('agency', 'unit'));
ALTER TABLE payments.payee ADD COLUMN unit_key text CHECK (unit_key ~ '^[A-Za-z0-9-]{1,37}$');
-- The agencies whose systems may create orders for the unit through the API (the marketplace's
-- or a programme's agency); the unit's representative names them.
ALTER TABLE payments.payee ADD COLUMN collecting_agencies text[] NOT NULL DEFAULT '{}';
ALTER TABLE payments.payee ADD CONSTRAINT payee_kind_key_check CHECK (
  CASE kind
    WHEN 'unit' THEN unit_key IS NOT NULL AND agency_code = 'UE-' || unit_key
    ELSE unit_key IS NULL AND agency_code !~ '^UE-' AND collecting_agencies = '{}'
  END
);

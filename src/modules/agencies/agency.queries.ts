// Every SQL statement on agencies.agency and its versions.
import { type Selectable, sql } from 'kysely';
import { typed, type Queryable } from '../../platform/db/index.ts';
import type { Agency, AgencyKind, AgencyLevel, AgencyVersion } from './agency.types.ts';
import type { AgencyRow, Tables } from './db.generated.ts';

const columns = ['code', 'country', 'name', 'acronym', 'kind', 'territory_code', 'mission', 'superior_code', 'level', 'legal_basis', 'contact_email', 'contact_phone', 'egov_officer'] as const;
const toAgency = (row: Pick<Selectable<AgencyRow>, (typeof columns)[number]>): Agency => ({
  code: row.code,
  country: row.country,
  name: row.name,
  acronym: row.acronym,
  kind: row.kind as AgencyKind,
  territoryCode: row.territory_code,
  mission: row.mission,
  superiorCode: row.superior_code,
  level: row.level as AgencyLevel,
  legalBasis: row.legal_basis,
  contactEmail: row.contact_email,
  contactPhone: row.contact_phone,
  egovOfficer: row.egov_officer,
});

export async function findAgency(db: Queryable, code: string): Promise<Agency | undefined> {
  const row = await typed<Tables>(db).selectFrom('agencies.agency').select(columns).where('code', '=', code).executeTakeFirst();
  return row ? toAgency(row) : undefined;
}

export async function findAgencies(db: Queryable, country: string, options: { kind?: AgencyKind; levels?: readonly AgencyLevel[] } = {}): Promise<Agency[]> {
  let query = typed<Tables>(db).selectFrom('agencies.agency').select(columns).where('country', '=', country);
  if (options.kind) query = query.where('kind', '=', options.kind);
  if (options.levels) query = options.levels.length === 0 ? query.where(sql<boolean>`false`) : query.where('level', 'in', options.levels);
  const rows = await query.orderBy('name').execute();
  return rows.map(toAgency);
}

export async function findAgencyVersions(db: Queryable, code: string): Promise<AgencyVersion[]> {
  const rows = await typed<Tables>(db).selectFrom('agencies.agency_version').selectAll().where('code', '=', code).orderBy('version', 'desc').execute();
  return rows.map((r) => ({
    version: r.version,
    name: r.name,
    acronym: r.acronym,
    kind: r.kind,
    level: r.level,
    superiorCode: r.superior_code,
    territoryCode: r.territory_code,
    legalBasis: r.legal_basis,
    contactEmail: r.contact_email,
    contactPhone: r.contact_phone,
    egovOfficer: r.egov_officer,
    validFrom: new Date(r.valid_from),
    validTo: r.valid_to === null ? null : new Date(r.valid_to),
    actor: r.actor,
  }));
}

/** Inserts or updates by code; returns 'created', 'updated' or 'unchanged'. The trigger writes the version as `actor`. */
export async function upsertAgency(db: Queryable, agency: Agency, actor: string): Promise<'created' | 'updated' | 'unchanged'> {
  await sql`SELECT set_config('tambo.actor', ${actor}, true)`.execute(db);
  const result = await sql<{ inserted: boolean }>`
    INSERT INTO agencies.agency (code, country, name, acronym, kind, territory_code, mission, superior_code, level, legal_basis, contact_email, contact_phone, egov_officer)
    VALUES (${agency.code}, ${agency.country}, ${agency.name}, ${agency.acronym}, ${agency.kind}, ${agency.territoryCode}, ${agency.mission}, ${agency.superiorCode},
            ${agency.level}, ${agency.legalBasis}, ${agency.contactEmail}, ${agency.contactPhone}, ${agency.egovOfficer})
    ON CONFLICT (code) DO UPDATE SET
      name = EXCLUDED.name, acronym = EXCLUDED.acronym, kind = EXCLUDED.kind,
      territory_code = EXCLUDED.territory_code, mission = EXCLUDED.mission, superior_code = EXCLUDED.superior_code,
      level = EXCLUDED.level, legal_basis = EXCLUDED.legal_basis, contact_email = EXCLUDED.contact_email,
      contact_phone = EXCLUDED.contact_phone, egov_officer = EXCLUDED.egov_officer, updated_at = now()
    WHERE (agency.name, agency.acronym, agency.kind, agency.territory_code, agency.mission, agency.superior_code,
           agency.level, agency.legal_basis, agency.contact_email, agency.contact_phone, agency.egov_officer)
          IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.acronym, EXCLUDED.kind, EXCLUDED.territory_code, EXCLUDED.mission, EXCLUDED.superior_code,
           EXCLUDED.level, EXCLUDED.legal_basis, EXCLUDED.contact_email, EXCLUDED.contact_phone, EXCLUDED.egov_officer)
    RETURNING (xmax = 0) AS inserted`.execute(db);
  const row = result.rows[0];
  return row === undefined ? 'unchanged' : row.inserted ? 'created' : 'updated';
}

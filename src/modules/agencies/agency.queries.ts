// Every SQL statement on agencies.agency.
import { type Selectable, sql } from 'kysely';
import { typed, type Queryable } from '../../platform/db/index.ts';
import type { Agency, AgencyKind } from './agency.types.ts';
import type { AgencyRow, Tables } from './db.generated.ts';

const columns = ['code', 'country', 'name', 'acronym', 'kind', 'territory_code', 'mission', 'superior_code'] as const;
const toAgency = (row: Pick<Selectable<AgencyRow>, (typeof columns)[number]>): Agency => ({
  code: row.code,
  country: row.country,
  name: row.name,
  acronym: row.acronym,
  kind: row.kind as AgencyKind,
  territoryCode: row.territory_code,
  mission: row.mission,
  superiorCode: row.superior_code,
});

export async function findAgency(db: Queryable, code: string): Promise<Agency | undefined> {
  const row = await typed<Tables>(db).selectFrom('agencies.agency').select(columns).where('code', '=', code).executeTakeFirst();
  return row ? toAgency(row) : undefined;
}

export async function findAgencies(db: Queryable, country: string, options: { kind?: AgencyKind } = {}): Promise<Agency[]> {
  let query = typed<Tables>(db).selectFrom('agencies.agency').select(columns).where('country', '=', country);
  if (options.kind) query = query.where('kind', '=', options.kind);
  const rows = await query.orderBy('name').execute();
  return rows.map(toAgency);
}

/** Inserts or updates by code; returns 'created', 'updated' or 'unchanged'. */
export async function upsertAgency(db: Queryable, agency: Agency): Promise<'created' | 'updated' | 'unchanged'> {
  const result = await sql<{ inserted: boolean }>`
    INSERT INTO agencies.agency (code, country, name, acronym, kind, territory_code, mission, superior_code)
    VALUES (${agency.code}, ${agency.country}, ${agency.name}, ${agency.acronym}, ${agency.kind}, ${agency.territoryCode}, ${agency.mission}, ${agency.superiorCode})
    ON CONFLICT (code) DO UPDATE SET
      name = EXCLUDED.name, acronym = EXCLUDED.acronym, kind = EXCLUDED.kind,
      territory_code = EXCLUDED.territory_code, mission = EXCLUDED.mission, superior_code = EXCLUDED.superior_code, updated_at = now()
    WHERE (agency.name, agency.acronym, agency.kind, agency.territory_code, agency.mission, agency.superior_code)
          IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.acronym, EXCLUDED.kind, EXCLUDED.territory_code, EXCLUDED.mission, EXCLUDED.superior_code)
    RETURNING (xmax = 0) AS inserted`.execute(db);
  const row = result.rows[0];
  return row === undefined ? 'unchanged' : row.inserted ? 'created' : 'updated';
}

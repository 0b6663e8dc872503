// Every SQL statement on agencies.office.
import { type Selectable, sql } from 'kysely';
import { typed, type Queryable } from '../../platform/db/index.ts';
import type { Office, OfficeOpening } from './agency.types.ts';
import type { OfficeRow, Tables } from './db.generated.ts';

const columns = ['o.code', 'o.agency_code', 'o.name', 'o.territory_code', 'o.territory_path', 'o.address', 'o.hours', 'o.schedule', 'o.phone'] as const;
type Row = Pick<Selectable<OfficeRow>, 'code' | 'agency_code' | 'name' | 'territory_code' | 'territory_path' | 'address' | 'hours' | 'schedule' | 'phone'>;
const toOffice = (row: Row): Office => ({
  code: row.code,
  agencyCode: row.agency_code,
  name: row.name,
  territoryCode: row.territory_code,
  territoryPath: row.territory_path,
  address: row.address,
  hours: row.hours,
  schedule: row.schedule as unknown as OfficeOpening[],
  phone: row.phone,
});

/** The country's offices (through their agency), in one territory and below, or of one agency; by name. */
export async function findOffices(db: Queryable, country: string, filter: { territoryCode?: string; agencyCode?: string; codes?: string[] } = {}): Promise<Office[]> {
  let query = typed<Tables>(db).selectFrom('agencies.office as o').innerJoin('agencies.agency as a', 'a.code', 'o.agency_code').select(columns).where('a.country', '=', country);
  if (filter.territoryCode) query = query.where(sql<boolean>`o.territory_path @> ARRAY[${filter.territoryCode}]::text[]`);
  if (filter.agencyCode) query = query.where('o.agency_code', '=', filter.agencyCode);
  if (filter.codes) query = query.where('o.code', 'in', filter.codes.length > 0 ? filter.codes : ['']);
  const rows = await query.orderBy('o.name').orderBy('o.code').execute();
  return rows.map(toOffice);
}

/** Inserts or updates by code; returns 'created', 'updated' or 'unchanged'. */
export async function upsertOffice(db: Queryable, o: Office): Promise<'created' | 'updated' | 'unchanged'> {
  const result = await sql<{ inserted: boolean }>`
    INSERT INTO agencies.office (code, agency_code, name, territory_code, territory_path, address, hours, schedule, phone)
    VALUES (${o.code}, ${o.agencyCode}, ${o.name}, ${o.territoryCode}, ${o.territoryPath}::text[], ${o.address}, ${o.hours}, ${JSON.stringify(o.schedule)}::jsonb, ${o.phone})
    ON CONFLICT (code) DO UPDATE SET
      agency_code = EXCLUDED.agency_code, name = EXCLUDED.name, territory_code = EXCLUDED.territory_code,
      territory_path = EXCLUDED.territory_path, address = EXCLUDED.address, hours = EXCLUDED.hours, schedule = EXCLUDED.schedule, phone = EXCLUDED.phone, updated_at = now()
    WHERE (office.agency_code, office.name, office.territory_code, office.territory_path, office.address, office.hours, office.schedule, office.phone)
          IS DISTINCT FROM (EXCLUDED.agency_code, EXCLUDED.name, EXCLUDED.territory_code, EXCLUDED.territory_path, EXCLUDED.address, EXCLUDED.hours, EXCLUDED.schedule, EXCLUDED.phone)
    RETURNING (xmax = 0) AS inserted`.execute(db);
  const row = result.rows[0];
  return row === undefined ? 'unchanged' : row.inserted ? 'created' : 'updated';
}

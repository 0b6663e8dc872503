// Every SQL statement on territories.territory.
import { type Selectable, sql } from 'kysely';
import { typed, type Queryable } from '../../platform/db/index.ts';
import type { Tables, TerritoryRow } from './db.generated.ts';
import type { Territory } from './territory.types.ts';

const columns = ['code', 'country', 'level', 'name', 'parent_code', 'path', 'is_capital', 'is_demo'] as const;

/** A territory row as the module's type (boundary.queries.ts reads the same columns with the boundary). */
export const toTerritory = (row: Pick<Selectable<TerritoryRow>, (typeof columns)[number]>): Territory => ({
  code: row.code,
  country: row.country,
  level: row.level,
  name: row.name,
  parentCode: row.parent_code,
  path: row.path,
  isCapital: row.is_capital,
  isDemo: row.is_demo,
});

export async function findTerritory(db: Queryable, code: string): Promise<Territory | undefined> {
  const row = await typed<Tables>(db).selectFrom('territories.territory').select(columns).where('code', '=', code).executeTakeFirst();
  return row ? toTerritory(row) : undefined;
}

export async function findTerritoriesByCodes(db: Queryable, codes: string[]): Promise<Territory[]> {
  if (codes.length === 0) return [];
  const rows = await typed<Tables>(db).selectFrom('territories.territory').select(columns).where('code', 'in', codes).execute();
  return rows.map(toTerritory);
}

export async function findChildTerritories(db: Queryable, parentCode: string | null, options: { level?: string } = {}): Promise<Territory[]> {
  let query = typed<Tables>(db).selectFrom('territories.territory').select(columns);
  query = parentCode === null ? query.where('parent_code', 'is', null) : query.where('parent_code', '=', parentCode);
  if (options.level) query = query.where('level', '=', options.level);
  const rows = await query.orderBy('name').execute();
  return rows.map(toTerritory);
}

export async function countTerritories(db: Queryable): Promise<number> {
  const row = await typed<Tables>(db)
    .selectFrom('territories.territory')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts or updates a unit by code; returns whether anything changed. */
export async function upsertTerritory(db: Queryable, territory: Territory): Promise<boolean> {
  const result = await sql<Pick<TerritoryRow, 'code'>>`
    INSERT INTO territories.territory (code, country, level, name, parent_code, path, is_capital, is_demo)
    VALUES (${territory.code}, ${territory.country}, ${territory.level}, ${territory.name}, ${territory.parentCode},
            ${territory.path}::text[], ${territory.isCapital}, ${territory.isDemo})
    ON CONFLICT (code) DO UPDATE SET
      level = EXCLUDED.level, name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, path = EXCLUDED.path,
      is_capital = EXCLUDED.is_capital, is_demo = EXCLUDED.is_demo, updated_at = now()
    WHERE (territory.level, territory.name, territory.parent_code, territory.path, territory.is_capital, territory.is_demo)
          IS DISTINCT FROM (EXCLUDED.level, EXCLUDED.name, EXCLUDED.parent_code, EXCLUDED.path, EXCLUDED.is_capital, EXCLUDED.is_demo)
    RETURNING code`.execute(db);
  return result.rows.length > 0;
}

/** Who and why for every version the transaction's changes write (migration 003's trigger reads them). */
export async function setVersionAuthor(trx: Queryable, actor: string, reason: string): Promise<void> {
  await sql`SELECT set_config('tambo.actor', ${actor}, true), set_config('tambo.reason', ${reason}, true)`.execute(trx);
}

/** Renames a unit (a new version through the trigger); false when no unit has the code or the name is the same. */
export async function renameTerritory(db: Queryable, code: string, name: string): Promise<boolean> {
  const result = await sql`UPDATE territories.territory SET name = ${name}, updated_at = now() WHERE code = ${code} AND name IS DISTINCT FROM ${name}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export interface TerritoryVersionSelection {
  code: string;
  version: number;
  level: string;
  name: string;
  parent_code: string | null;
  path: string[];
  is_capital: boolean;
  valid_from: Date;
  valid_to: Date | null;
  actor: string;
  reason: string;
}

/** The version of a unit in force at an instant (undefined before it existed). */
export async function findTerritoryVersionAt(db: Queryable, code: string, at: Date): Promise<TerritoryVersionSelection | undefined> {
  const { rows } = await sql<TerritoryVersionSelection>`
    SELECT code, version, level, name, parent_code, path, is_capital, valid_from, valid_to, actor, reason
    FROM territories.territory_version
    WHERE code = ${code} AND valid_from <= ${at} AND (valid_to IS NULL OR valid_to > ${at})
    ORDER BY version DESC LIMIT 1`.execute(db);
  return rows[0];
}

/** Every version of a unit, oldest first. */
export async function findTerritoryVersions(db: Queryable, code: string): Promise<TerritoryVersionSelection[]> {
  const { rows } = await sql<TerritoryVersionSelection>`
    SELECT code, version, level, name, parent_code, path, is_capital, valid_from, valid_to, actor, reason
    FROM territories.territory_version WHERE code = ${code} ORDER BY version`.execute(db);
  return rows;
}

/** A page of units in force at an instant, by code, optionally those whose name or code matches. */
export async function findTerritoryVersionsAt(db: Queryable, at: Date, options: { search?: string; limit: number; offset: number }): Promise<{ rows: TerritoryVersionSelection[]; total: number }> {
  const like = options.search ? `%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await sql<TerritoryVersionSelection & { total: string }>`
    SELECT code, version, level, name, parent_code, path, is_capital, valid_from, valid_to, actor, reason, count(*) OVER () AS total
    FROM territories.territory_version
    WHERE valid_from <= ${at} AND (valid_to IS NULL OR valid_to > ${at})
      AND (${like}::text IS NULL OR name ILIKE ${like} OR code ILIKE ${like})
    ORDER BY code LIMIT ${options.limit} OFFSET ${options.offset}`.execute(db);
  return { rows, total: Number(rows[0]?.total ?? 0) };
}

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

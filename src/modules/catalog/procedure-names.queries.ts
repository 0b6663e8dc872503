// The public names of procedures by id, for publishing figures kept by procedure id
// (procedure.stats.ts, open data). Row types: db.generated.ts.
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

/** Slug and name (of the published version, else the latest) of each procedure asked; unknown ids are left out. */
export async function findProcedureNames(db: Queryable, ids: string[]): Promise<Array<{ id: string; slug: string; name: string }>> {
  const wellFormed = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  if (wellFormed.length === 0) return [];
  return typed<Tables>(db)
    .selectFrom('catalog.procedure as p')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('catalog.procedure_version as v')
          .select('v.name')
          .whereRef('v.procedure_id', '=', 'p.id')
          .orderBy((o) => o('v.id', '=', o.ref('p.published_version_id')), 'desc')
          .orderBy('v.version', 'desc')
          .limit(1)
          .as('v'),
      (join) => join.onTrue(),
    )
    .select(['p.id', 'p.slug', 'v.name'])
    .where('p.id', 'in', wellFormed)
    .execute();
}

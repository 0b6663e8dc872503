// The figures of a procedure's burden on the person, version by version (issue #25): steps,
// requirements, cost, time and visits to an office of each published or superseded version.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';

export interface BurdenRow {
  version: number;
  publishedAt: Date | null;
  steps: number;
  requirements: number;
  /** Fee in the country's currency; null when computed by a formula. */
  cost: number | null;
  days: number;
  visits: number;
}

export async function selectBurdenHistory(db: Queryable, slug: string): Promise<BurdenRow[] | undefined> {
  const procedure = await sql<{ id: string }>`SELECT id FROM catalog.procedure WHERE slug = ${slug} AND status = 'published'`.execute(db);
  const id = procedure.rows[0]?.id;
  if (!id) return undefined;
  const result = await sql<{ version: number; published_at: Date | null; steps: number; requirements: number; cost: string | null; days: number; visits: number }>`
    SELECT version, published_at, cardinality(steps) AS steps, cardinality(requirements) AS requirements,
           CASE fee_kind WHEN 'free' THEN 0 WHEN 'fixed' THEN fee_amount END AS cost,
           max_response_days AS days,
           coalesce(office_visits, CASE WHEN is_online THEN 0 ELSE 1 END) AS visits
    FROM catalog.procedure_version
    WHERE procedure_id = ${id} AND status IN ('published', 'superseded')
    ORDER BY version`.execute(db);
  return result.rows.map((r) => ({
    version: r.version,
    publishedAt: r.published_at,
    steps: r.steps,
    requirements: r.requirements,
    cost: r.cost === null ? null : Number(r.cost),
    days: r.days,
    visits: r.visits,
  }));
}

// What each agency offers in the catalog today: its published procedures and how many of them
// are done online (issue #25: the Observatorio's goals per level of the State read it).
import { sql } from 'kysely';
import type { Deps } from '../../platform/module.ts';

export interface AgencyOffer {
  agencyCode: string;
  published: number;
  online: number;
}

/** Published procedures per agency and how many of them are online; agencies with none are absent. */
export async function proceduresOfferedByAgency(deps: Pick<Deps, 'db'>): Promise<AgencyOffer[]> {
  const result = await sql<{ agency_code: string; published: number; online: number }>`
    SELECT p.agency_code, count(*)::int AS published, (count(*) FILTER (WHERE v.is_online))::int AS online
    FROM catalog.procedure p JOIN catalog.procedure_version v ON v.id = p.published_version_id
    WHERE p.status = 'published'
    GROUP BY p.agency_code ORDER BY p.agency_code`.execute(deps.db);
  return result.rows.map((r) => ({ agencyCode: r.agency_code, published: r.published, online: r.online }));
}

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

/** One published procedure's burden on the person in its first and its current version, and its commitments' targets. */
export interface ProcedureQualityRow {
  procedureId: string;
  agencyCode: string;
  /** Steps + requirements + visits to an office (null visits: 0 online, 1 otherwise). */
  burdenFirst: number;
  burdenNow: number;
  commitments: string[];
  commitmentTargets: unknown;
}

/** Every published procedure's burden, first and now, and its commitments (the ranking's saving and commitments terms). */
export async function selectProcedureQuality(deps: Pick<Deps, 'db'>): Promise<ProcedureQualityRow[]> {
  const result = await sql<{ id: string; agency_code: string; burden_first: number; burden_now: number; commitments: string[]; commitment_targets: unknown }>`
    WITH burden AS (
      SELECT procedure_id, version, cardinality(steps) + cardinality(requirements) + coalesce(office_visits, CASE WHEN is_online THEN 0 ELSE 1 END) AS burden
      FROM catalog.procedure_version WHERE status IN ('published', 'superseded'))
    SELECT p.id, p.agency_code, v.commitments, v.commitment_targets,
           (SELECT b.burden FROM burden b WHERE b.procedure_id = p.id ORDER BY b.version LIMIT 1)::int AS burden_first,
           (cardinality(v.steps) + cardinality(v.requirements) + coalesce(v.office_visits, CASE WHEN v.is_online THEN 0 ELSE 1 END))::int AS burden_now
    FROM catalog.procedure p JOIN catalog.procedure_version v ON v.id = p.published_version_id
    WHERE p.status = 'published'
    ORDER BY p.agency_code, p.id`.execute(deps.db);
  return result.rows.map((r) => ({
    procedureId: r.id,
    agencyCode: r.agency_code,
    burdenFirst: r.burden_first ?? r.burden_now,
    burdenNow: r.burden_now,
    commitments: r.commitments,
    commitmentTargets: r.commitment_targets,
  }));
}

// The SQL of the CGII's response-time figures: each incident's hours from its report to its first
// response and to its containment, with its month (on the country's clock) and its entity.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';

export interface ResponseTimes {
  month: string;
  agencyCode: string;
  firstResponseHours: number | null;
  containmentHours: number | null;
}

/** Incidents reported since `since` that had a first response or a containment. */
export async function responseTimesSince(db: Queryable, since: Date, timeZone: string): Promise<ResponseTimes[]> {
  const { rows } = await sql<ResponseTimes>`
    SELECT to_char(reported_at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month, agency_code AS "agencyCode",
      (extract(epoch FROM first_response_at - reported_at) / 3600)::float8 AS "firstResponseHours",
      (extract(epoch FROM contained_at - reported_at) / 3600)::float8 AS "containmentHours"
    FROM cgii.incident
    WHERE reported_at >= ${since} AND (first_response_at IS NOT NULL OR contained_at IS NOT NULL)`.execute(db);
  return rows;
}

// The statements of the agency integration: the case feed and the history entry a webhook reports.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';

export interface AgencyCaseChange {
  eventId: string;
  trackingCode: string;
  procedureId: string;
  procedureName: string;
  agencyCode: string;
  action: string;
  fromState: string | null;
  state: string;
  /** The case's outcome when read (for a webhook: right after this entry); null until decided. */
  outcome: 'approved' | 'rejected' | null;
  occurredAt: Date;
}

interface ChangeRow {
  id: string;
  tracking_code: string;
  procedure_id: string;
  procedure_name: string;
  agency_code: string;
  action: string;
  from_state: string | null;
  to_state: string;
  outcome: string | null;
  occurred_at: Date;
}

const toChange = (r: ChangeRow): AgencyCaseChange => ({
  eventId: String(r.id),
  trackingCode: r.tracking_code,
  procedureId: r.procedure_id,
  procedureName: r.procedure_name,
  agencyCode: r.agency_code,
  action: r.action,
  fromState: r.from_state,
  state: r.to_state,
  outcome: r.outcome as AgencyCaseChange['outcome'],
  occurredAt: r.occurred_at,
});

const changeColumns = sql`e.id::text AS id, c.tracking_code, c.procedure_id, c.procedure_name, c.agency_code, e.action, e.from_state, e.to_state, c.outcome, e.occurred_at`;

/**
 * The transitions of an agency's cases after history entry `afterId`, in the order written,
 * only those of transactions every snapshot sees as finished (the migration's `tx`).
 */
export async function findAgencyChanges(db: Queryable, agencyCode: string, afterId: string, limit: number): Promise<AgencyCaseChange[]> {
  const result = await sql<ChangeRow>`
    SELECT ${changeColumns}
    FROM cases.case_event e JOIN cases.case c ON c.id = e.case_id
    WHERE e.kind = 'transition' AND e.id > ${afterId}::bigint AND c.agency_code = ${agencyCode}
      AND e.tx < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY e.id
    LIMIT ${limit}`.execute(db);
  return result.rows.map(toChange);
}

/** The latest transition of a case (the one its caller just wrote, in its transaction), or its submission. */
export async function findLatestChange(db: Queryable, caseId: string, submission: boolean): Promise<AgencyCaseChange | undefined> {
  const result = await sql<ChangeRow>`
    SELECT ${changeColumns}
    FROM cases.case_event e JOIN cases.case c ON c.id = e.case_id
    WHERE e.case_id = ${caseId} AND e.kind = 'transition' AND (${!submission} OR e.action = 'submit')
    ORDER BY e.id DESC
    LIMIT 1`.execute(db);
  return result.rows[0] ? toChange(result.rows[0]) : undefined;
}

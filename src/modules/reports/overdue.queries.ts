// The reports past their legal time for the situation room: open, unanswered, not hidden, the
// longest overdue first (on `report_unanswered_due_idx`).
import { sql } from 'kysely';
import { typed, type Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

export interface OverdueReportRow {
  id: number;
  categoryName: { es: string; en: string };
  agencyCode: string | null;
  dueAt: Date;
}

export async function findOverdueReports(db: Queryable, query: { territory: string | null; agency: string | null; now: Date; limit: number }): Promise<OverdueReportRow[]> {
  let select = typed<Tables>(db)
    .selectFrom('reports.report as r')
    .innerJoin('reports.category as c', 'c.code', 'r.category_code')
    .select(['r.id', 'c.name_es', 'c.name_en', 'r.agency_code', 'r.due_at'])
    .where('r.status', 'in', ['received', 'in_progress'])
    .where('r.first_response_at', 'is', null)
    .where('r.hidden_at', 'is', null)
    .where('r.due_at', '<', query.now);
  if (query.territory !== null) select = select.where(sql<boolean>`r.territory_path @> ARRAY[${query.territory}]::text[]`);
  if (query.agency !== null) select = select.where('r.agency_code', '=', query.agency);
  const rows = await select.orderBy('r.due_at').orderBy('r.id').limit(query.limit).execute();
  return rows.map((r) => ({ id: Number(r.id), categoryName: { es: r.name_es, en: r.name_en }, agencyCode: r.agency_code, dueAt: r.due_at }));
}

// What the statistics are rebuilt from: the reports themselves, read in pages of ids.
import { typed, type Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

export interface ReportStatFacts {
  id: number;
  territoryPath: string[];
  agencyCode: string | null;
  categoryCode: string;
  createdAt: Date;
  status: string;
  dueAt: Date;
  firstResponseAt: Date | null;
  reopenedCount: number;
}

/** The reports after `afterId`, in id order, with what their figures are made of. */
export async function listReportStatFacts(db: Queryable, afterId: number, limit: number): Promise<ReportStatFacts[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('reports.report')
    .select(['id', 'territory_path', 'agency_code', 'category_code', 'created_at', 'status', 'due_at', 'first_response_at', 'reopened_count'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    territoryPath: r.territory_path,
    agencyCode: r.agency_code,
    categoryCode: r.category_code,
    createdAt: r.created_at,
    status: r.status,
    dueAt: r.due_at,
    firstResponseAt: r.first_response_at,
    reopenedCount: r.reopened_count,
  }));
}

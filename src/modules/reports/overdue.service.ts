// Reports past their legal time, for the situation room's list of the worst overdue (the module
// contract's `overdue`): public, as the reports themselves are; the category names what it is.
import type { OverdueDeclaration } from '../../platform/module.ts';
import { findOverdueReports } from './overdue.queries.ts';

export const reportsOverdue: OverdueDeclaration = {
  labelKey: 'reports.overdueItems.label',
  public: true,
  list: async (deps, query) =>
    (await findOverdueReports(deps.dbRead, query)).map((r) => ({
      kind: 'report',
      ref: String(r.id),
      title: r.categoryName[query.locale],
      agency: r.agencyCode,
      dueAt: r.dueAt,
      href: `/reportes/${r.id}`,
    })),
};

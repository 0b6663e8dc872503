// Cases past their legal time, for the situation room's list of the worst overdue (the module
// contract's `overdue`): for the room's operators only (a case is a person's), named by procedure
// and tracking code. Cases have no territory: they are listed in the national room, by agency.
import { endOfLocalDay } from '../../../platform/country/zoned.ts';
import type { OverdueDeclaration } from '../../../platform/module.ts';
import { findOverdueCases } from '../case.queries.ts';
import { defaultWorkflow } from '../../../platform/forms/index.ts';
import { today } from './procedures.service.ts';
import { openStates } from './queue.service.ts';

export const casesOverdue: OverdueDeclaration = {
  labelKey: 'cases.overdueItems.label',
  public: false,
  list: async (deps, query) => {
    if (query.territory !== null) return [];
    const rows = await findOverdueCases(deps.dbRead, { agency: query.agency, openStates: openStates(defaultWorkflow), today: today(deps, query.now), limit: query.limit });
    return rows.map((r) => ({
      kind: 'case',
      ref: r.trackingCode,
      title: r.procedureName,
      agency: r.agencyCode,
      dueAt: endOfLocalDay(deps.country.timeZone, r.dueDate),
      href: null,
    }));
  },
};

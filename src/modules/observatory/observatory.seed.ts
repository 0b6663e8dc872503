// Demo data (idempotent): the country's plan, its goals and indicators, and the past years'
// reported figures, created once (a plan already there is left as its administrators keep it).
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { BO_PLAN, DEMO_HISTORY, VE_PLAN } from './demo/plans.ts';
import { insertPlanSpec, selectIndicators, upsertYearlyValue } from './observatory.queries.ts';

export async function seedObservatory(deps: Deps): Promise<void> {
  const spec = deps.country.code === 've' ? VE_PLAN : BO_PLAN;
  await deps.db.transaction().execute(async (trx) => {
    if (!(await insertPlanSpec(trx, spec, uuidv7))) return;
    const history = DEMO_HISTORY[spec.code] ?? {};
    for (const indicator of await selectIndicators(trx, { planId: spec.id })) {
      for (const [year, value] of Object.entries(history[indicator.code] ?? {})) {
        await upsertYearlyValue(trx, { indicatorId: indicator.id, year: Number(year), value, origin: indicator.source === 'computed' ? 'snapshot' : 'report' });
      }
    }
  });
}

// Demo data (idempotent): the country's plan, its goals and indicators, and the past years'
// reported figures, created once (a plan already there is left as its administrators keep it).
import type { Deps } from '../../platform/module.ts';
import { ensureDemoOfficial } from '../identity/index.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { BO_PLAN, DEMO_HISTORY, VE_PLAN } from './demo/plans.ts';
import { insertPlanSpec, selectIndicators, upsertYearlyValue } from './observatory.queries.ts';

/** The demo plan administrator and reporter (README): plan_admin and plan_reporter in the plan's owner agency. */
export const DEMO_PLAN_STAFF = {
  admin: { email: 'planes@demo.tambo', password: 'Demo-2026-planes', givenName: 'Marco', familyName: 'Quisbert Laura', bo: '6123457 LP', ve: 'V-17890123', role: 'plan_admin' },
  reporter: { email: 'informes@demo.tambo', password: 'Demo-2026-informes', givenName: 'Elena', familyName: 'Rojas Paz', bo: '6234568 LP', ve: 'V-18901234', role: 'plan_reporter' },
} as const;

export async function seedObservatory(deps: Deps): Promise<void> {
  const spec = deps.country.code === 've' ? VE_PLAN : BO_PLAN;
  for (const staff of Object.values(DEMO_PLAN_STAFF)) {
    await ensureDemoOfficial(deps, { ...staff, documentNumber: staff[deps.country.code], roles: [{ agencyCode: spec.ownerAgency, role: staff.role }] });
  }
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

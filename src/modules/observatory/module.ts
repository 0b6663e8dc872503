// The Observatorio and the plans model (issue #18; docs/observatory.md): a plan's strategic
// lines, goals and indicators, each computed from the platform's public figures or reported
// by its entity in a yearly report; evaluation notes; the public /observatorio, CSV, open
// data and the JSON API. Subnational governments' plans use the same model (index.ts).
import { defineModule } from '../../platform/module.ts';
import { registerFigures } from './figures.service.ts';
import { allIndicatorRows } from './export.service.ts';
import { PLAN_ADMIN, PLAN_REPORTER } from './observatory.policy.ts';
import { seedObservatory } from './observatory.seed.ts';
import { findPersonalData } from './personal-data.service.ts';
import { observatoryStats } from './observatory.stats.ts';
import { currentYear, snapshotYear } from './plans.service.ts';
import { registerObservatoryApi } from './routes/api.ts';
import { registerObservatoryPages, registerStructurePages } from './routes/pages.tsx';
import { registerGovernmentPages } from './routes/governments.tsx';
import { PLANS_SCOPE, registerStructureApi } from './routes/structure-api.ts';

export const observatoryModule = defineModule({
  name: 'observatory',
  dependsOn: ['territories', 'agencies', 'identity', 'catalog'],
  migrations: new URL('./migrations/', import.meta.url),
  locales: new URL('./locales/', import.meta.url),
  errors: {
    OBSERVATORY_NOT_FOUND: { status: 404, title: 'No such plan or indicator' },
    OBSERVATORY_FORBIDDEN: { status: 403, title: "Only the plan's administrators, or the entity's reporting officials, may do this" },
    OBSERVATORY_REPORT_EXISTS: { status: 409, title: 'The entity already filed its report for that year' },
  },
  scopes: [{ name: PLANS_SCOPE, descriptionKey: 'observatory.scope.plans' }],
  routes: (app, deps) => {
    // The public figures formulas may name: what every loaded module declares.
    registerFigures(deps, app.tambo.modules);
    registerObservatoryApi(app, deps);
    registerObservatoryPages(app, deps);
    registerStructurePages(app, deps);
    registerStructureApi(app, deps);
    registerGovernmentPages(app, deps);
  },
  jobs: {
    // The history of computed indicators: the year just ended (on 1 January) and the year so far.
    'observatory:snapshot': async (_payload, deps) => {
      const year = currentYear(deps);
      await snapshotYear(deps, year - 1);
      await snapshotYear(deps, year);
    },
  },
  schedule: { 'observatory:snapshot': '30 4 * * *' },
  seed: seedObservatory,
  nav: [{ href: '/observatorio', labelKey: 'observatory.nav' }],
  adminLinks: [{ href: '/admin/gobiernos', labelKey: 'observatory.governments.admin.title', textKey: 'observatory.governments.admin.homeText', audience: 'platformAdmin' }],
  stats: observatoryStats,
  personalData: {
    titleKey: 'observatory.personalData.module',
    legalBasisKey: 'observatory.personalData.legalBasis',
    purposeKey: 'observatory.personalData.purpose',
    retentionKey: 'observatory.personalData.retention',
    fieldKeys: {
      plan: 'observatory.personalData.field.plan',
      agency_code: 'observatory.personalData.field.agency',
      year: 'observatory.personalData.field.year',
      submitted_at: 'observatory.personalData.field.submittedAt',
      kind: 'observatory.personalData.field.kind',
      created_at: 'observatory.personalData.field.createdAt',
    },
    valueKeys: { kind: 'observatory.kind.' },
    find: findPersonalData,
  },
  roles: [
    { name: PLAN_ADMIN, scope: 'agency', labelKey: 'observatory.role.planAdmin', hintKey: 'observatory.role.planAdminHint' },
    { name: PLAN_REPORTER, scope: 'agency', labelKey: 'observatory.role.planReporter', hintKey: 'observatory.role.planReporterHint' },
  ],
  openData: [
    {
      id: 'indicators',
      titleKey: 'observatory.contract.dataset.indicators',
      descriptionKey: 'observatory.contract.dataset.indicatorsDescription',
      refresh: 'live',
      schema: {
        type: 'object',
        properties: {
          plan: { type: 'string' },
          line: { type: 'string' },
          goal: { type: 'string' },
          indicator: { type: 'string' },
          name: { type: 'string' },
          unit: { type: 'string', enum: ['percent', 'count', 'points'] },
          source: { type: 'string', enum: ['computed', 'reported'] },
          responsible_agency: { type: 'string' },
          observatory: { type: 'boolean' },
          year: { type: 'integer' },
          value: { type: ['number', 'null'] },
          target: { type: ['number', 'null'] },
          target_year: { type: ['integer', 'null'] },
          baseline: { type: ['number', 'null'] },
          progress: { type: ['number', 'null'] },
        },
      },
      rows: async (deps) => (await allIndicatorRows(deps)) as unknown as Array<Record<string, unknown>>,
    },
  ],
});

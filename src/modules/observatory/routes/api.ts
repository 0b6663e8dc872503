// The plans and their indicators as JSON (public): GET /api/v1/plans and
// GET /api/v1/plans/{id}/indicators (where each indicator stands this year and its history).
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { BO_PLAN } from '../demo/plans.ts';
import { indicatorRows } from '../export.service.ts';
import { levelsView } from '../levels.service.ts';
import { currentYear, listPlans } from '../plans.service.ts';

const PlanSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    code: Type.String(),
    title: Type.String(),
    description: Type.String(),
    owner_agency: Type.String({ description: "The agency whose `plan_admin`s keep the plan's goals and indicators" }),
    territory_code: Type.Union([Type.String(), Type.Null()], { description: 'The territory of a subnational plan; null for a national one' }),
    start_year: Type.Integer(),
    end_year: Type.Integer(),
  },
  { $id: 'ObservatoryPlan' },
);

const Num = Type.Union([Type.Number(), Type.Null()]);
const IndicatorSchema = Type.Object(
  {
    line: Type.String({ description: 'The strategic line' }),
    goal: Type.String({ description: 'The result or goal the indicator measures' }),
    indicator: Type.String({ description: "The indicator's code in the plan" }),
    name: Type.String(),
    unit: Type.Union([Type.Literal('percent'), Type.Literal('count'), Type.Literal('points')]),
    source: Type.Union([Type.Literal('computed'), Type.Literal('reported')], { description: "computed: from the platform's public figures; reported: by the responsible entity's yearly report" }),
    responsible_agency: Type.String(),
    observatory: Type.Boolean({ description: "One of the Observatorio de Gobierno Electrónico's indicators" }),
    year: Type.Integer(),
    value: Num,
    target: Num,
    target_year: Type.Union([Type.Integer(), Type.Null()]),
    baseline: Num,
    progress: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'From the baseline to the target, 0 to 1' }),
  },
  { $id: 'ObservatoryIndicator' },
);

export function registerObservatoryApi(app: TamboApp, deps: Deps): void {
  app.addSchema(PlanSchema);
  app.addSchema(IndicatorSchema);

  app.get(
    '/api/v1/plans',
    {
      schema: {
        tags: ['observatory'],
        operationId: 'listPlans',
        summary: 'The plans the Observatorio follows (public)',
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('ObservatoryPlan')) }) },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      const plans = await listPlans(deps);
      return {
        items: plans.map((p) => ({
          id: p.id,
          code: p.code,
          title: p.title,
          description: p.description,
          owner_agency: p.ownerAgency,
          territory_code: p.territoryCode,
          start_year: p.startYear,
          end_year: p.endYear,
        })),
      };
    },
  );

  app.get(
    '/api/v1/plans/:id/indicators',
    {
      schema: {
        tags: ['observatory'],
        operationId: 'listPlanIndicators',
        summary: "A plan's indicators and where each stands this year (public)",
        description:
          'Computed indicators are evaluated from the public figures at the moment of the request; reported ones carry the latest figure their entity reported. Unknown plan: 404 `OBSERVATORY_NOT_FOUND`.',
        params: Type.Object({ id: Type.String({ format: 'uuid', description: "The plan's id (from GET /api/v1/plans)" }) }),
        response: { 200: Type.Object({ plan: Type.String(), items: Type.Array(Type.Ref('ObservatoryIndicator')) }) },
        'x-errors': ['OBSERVATORY_NOT_FOUND'],
        'x-example': { params: { id: BO_PLAN.id } },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      const rows = await indicatorRows(deps, request.params.id);
      return { plan: request.params.id, items: rows.map(({ plan: _plan, ...row }) => row) };
    },
  );

  app.get(
    '/api/v1/observatory/levels',
    {
      schema: {
        tags: ['observatory'],
        operationId: 'getObservatoryLevels',
        summary: "The plan's goals per level of the State and every entity's figures by level (public)",
        description:
          'Computed at the moment of the request from the register of public entities (GET /api/v1/agencies), the plans in force, the yearly reports filed for the year and the catalog of procedures (docs/entities.md).',
        querystring: Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'Default: the current year' })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            year: Type.Integer(),
            goals: Type.Array(
              Type.Object({
                code: Type.String(),
                line: Type.Integer({ description: 'Strategic line of the national plan' }),
                group: Type.String({ description: 'Level of the State: central, control, territorial, university' }),
                numerator: Type.Integer(),
                denominator: Type.Integer(),
                value: Type.Union([Type.Number(), Type.Null()], { description: 'Percent' }),
                target: Type.Number(),
                targetYear: Type.Integer(),
                met: Type.Boolean(),
              }),
            ),
            levels: Type.Array(
              Type.Object({
                group: Type.String(),
                level: Type.Union([Type.String(), Type.Null()], { description: 'null: the whole level of the State' }),
                entities: Type.Integer(),
                withPlan: Type.Integer(),
                reporting: Type.Integer(),
                offeringOnline: Type.Integer(),
                published: Type.Integer(),
                online: Type.Integer(),
              }),
            ),
            entities: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                level: Type.String(),
                group: Type.String(),
                planInForce: Type.Boolean(),
                reportFiled: Type.Boolean(),
                published: Type.Integer(),
                online: Type.Integer(),
              }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      const view = await levelsView(deps, request.query.year ?? currentYear(deps));
      return {
        year: view.year,
        goals: view.goals,
        levels: view.groups.flatMap((g) => [{ group: g.group, level: null, ...withoutKey(g.total) }, ...g.levels.map((l) => ({ group: g.group, level: l.key, ...withoutKey(l) }))]),
        entities: view.entities,
      };
    },
  );
}

const withoutKey = <T extends { key: string }>({ key: _key, ...rest }: T) => rest;

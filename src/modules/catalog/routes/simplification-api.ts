// GET /api/v1/procedures/{slug}/simplification: the procedure's burden on the person version
// by version and the saving (issue #25, docs/entities.md). Public.
import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { simplificationHistory } from '../simplification.service.ts';

const Figures = {
  steps: Type.Integer(),
  requirements: Type.Integer(),
  cost: Type.Union([Type.Number(), Type.Null()], { description: "In the country's currency; null when a formula prices it" }),
  days: Type.Integer({ description: 'Maximum response time, business days' }),
  visits: Type.Integer({ description: 'Visits to an office' }),
};
const SavingSchema = Type.Object(Figures, { description: 'Positive: the person does, pays or waits less' });

export function registerSimplificationApi(app: TamboApp, deps: Deps): void {
  app.get(
    '/api/v1/procedures/:slug/simplification',
    {
      schema: {
        tags: ['catalog'],
        operationId: 'getProcedureSimplification',
        summary: "A procedure's simplification history: steps, requirements, cost, time and visits per published version, and the saving",
        'x-errors': ['CATALOG_PROCEDURE_NOT_FOUND'],
        params: Type.Object({ slug: Type.String({ maxLength: 120 }) }),
        response: {
          200: Type.Object({
            slug: Type.String(),
            versions: Type.Array(
              Type.Object({
                version: Type.Integer({ minimum: 1 }),
                publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
                ...Figures,
                saving: Type.Union([SavingSchema, Type.Null()], { description: 'Against the previous version; null for the first' }),
              }),
            ),
            total: SavingSchema,
          }),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      const history = await simplificationHistory(deps, request.params.slug);
      return { ...history, versions: history.versions.map((v) => ({ ...v, publishedAt: v.publishedAt ? new Date(v.publishedAt).toISOString() : null })) };
    },
  );
}

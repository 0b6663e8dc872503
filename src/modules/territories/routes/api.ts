import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getTerritoryWithAncestors, listTerritories } from '../territory.service.ts';
import type { Territory } from '../territory.types.ts';

const TerritorySchema = Type.Object(
  {
    code: Type.String({ examples: ['BO-L-01-01'] }),
    name: Type.String(),
    level: Type.String({ description: 'Level key of the country profile (e.g. departamento, municipio)' }),
    parentCode: Type.Union([Type.String(), Type.Null()]),
    isCapital: Type.Boolean(),
    isDemo: Type.Boolean({ description: 'Fictional unit of the demo data' }),
  },
  { $id: 'Territory' },
);

const TerritoryDetailSchema = Type.Object(
  {
    territory: Type.Ref('Territory'),
    ancestors: Type.Array(Type.Ref('Territory'), { description: 'From the top level down, excluding the unit itself' }),
    children: Type.Array(Type.Ref('Territory')),
  },
  { $id: 'TerritoryDetail' },
);

const toJson = (t: Territory) => ({ code: t.code, name: t.name, level: t.level, parentCode: t.parentCode, isCapital: t.isCapital, isDemo: t.isDemo });

export function registerTerritoryApi(app: TamboApp, deps: Deps): void {
  app.addSchema(TerritorySchema);
  app.addSchema(TerritoryDetailSchema);

  app.get(
    '/api/v1/territories',
    {
      schema: {
        tags: ['territories'],
        operationId: 'listTerritories',
        summary: 'Territorial units under a parent (the top level when no parent is given)',
        querystring: Type.Object(
          {
            parent: Type.Optional(Type.String({ maxLength: 64 })),
            level: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Territory')) }) },
      },
    },
    async (request) => {
      const items = await listTerritories(deps, request.query.parent ?? null, request.query.level);
      return { items: items.map(toJson) };
    },
  );

  app.get(
    '/api/v1/territories/:code',
    {
      schema: {
        tags: ['territories'],
        operationId: 'getTerritory',
        summary: 'A territorial unit with the units above and below it',
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Ref('TerritoryDetail') },
      },
    },
    async (request) => {
      const chain = await getTerritoryWithAncestors(deps, request.params.code);
      const territory = chain[chain.length - 1]!;
      const children = await listTerritories(deps, territory.code);
      return { territory: toJson(territory), ancestors: chain.slice(0, -1).map(toJson), children: children.map(toJson) };
    },
  );
}

import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { locateTerritory } from '../boundary.service.ts';
import { getLayer, listLayers, locateInLayer } from '../layer.service.ts';
import { getTerritoryBoundary } from '../map.service.ts';
import { getTerritoryWithAncestors, listTerritories } from '../territory.service.ts';
import type { Layer, Territory } from '../territory.types.ts';

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

const NamesSchema = Type.Object({ es: Type.String(), en: Type.String() }, { $id: 'TerritoryNames', description: 'A name in Spanish and English' });

const LayerSchema = Type.Object(
  {
    code: Type.String({ examples: ['cuadrantes-de-paz'] }),
    name: Type.Ref('TerritoryNames'),
    description: Type.Union([Type.Ref('TerritoryNames'), Type.Null()]),
    featureCount: Type.Integer(),
  },
  { $id: 'TerritoryLayer' },
);

const GeoJsonSchema = Type.Object(
  { type: Type.String({ examples: ['FeatureCollection'] }) },
  { $id: 'GeoJson', additionalProperties: true, description: 'A GeoJSON object (RFC 7946): positions are [longitude, latitude] in WGS 84' },
);

const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable error code (docs/errors.md)' }),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.Optional(Type.String()), field: Type.Optional(Type.String()), detail: Type.String() }))),
  },
  { $id: 'TerritoriesProblem', additionalProperties: true, description: 'RFC 9457 problem details (application/problem+json)' },
);
const problem = (description: string) => ({ ...Type.Ref('TerritoriesProblem'), description });

const PointQuery = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'Latitude, WGS 84 degrees', examples: [-16.4] }),
    long: Type.Number({ minimum: -180, maximum: 180, description: 'Longitude, WGS 84 degrees (the Open311 name)', examples: [-68.1] }),
  },
  { additionalProperties: false },
);

export const toJson = (t: Territory) => ({ code: t.code, name: t.name, level: t.level, parentCode: t.parentCode, isCapital: t.isCapital, isDemo: t.isDemo });
const layerJson = (l: Layer) => ({ code: l.code, name: l.name, description: l.description, featureCount: l.featureCount });

export function registerTerritoryApi(app: TamboApp, deps: Deps): void {
  for (const schema of [TerritorySchema, TerritoryDetailSchema, NamesSchema, LayerSchema, GeoJsonSchema, ProblemSchema]) app.addSchema(schema);

  app.get(
    '/api/v1/territories',
    {
      schema: {
        tags: ['territories'],
        operationId: 'listTerritories',
        'x-example': { query: { parent: 'BO-L' } },
        'x-errors': ['TERRITORY_NOT_FOUND'],
        summary: 'Territorial units under a parent (the top level when no parent is given)',
        querystring: Type.Object(
          {
            parent: Type.Optional(Type.String({ maxLength: 64 })),
            level: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Territory')) }), 404: problem('No unit has the parent code (TERRITORY_NOT_FOUND)') },
      },
    },
    async (request) => {
      const items = await listTerritories(deps, request.query.parent ?? null, request.query.level);
      return { items: items.map(toJson) };
    },
  );

  app.get(
    '/api/v1/territories/locate',
    {
      schema: {
        tags: ['territories'],
        operationId: 'locateTerritory',
        'x-example': { query: { lat: -16.5, long: -68.15 } },
        summary: 'The deepest territorial unit whose boundary contains a point',
        description:
          'Bounding boxes prefilter in the database, then an exact point-in-polygon test. A point on an edge shared by two units belongs to the one east of it (north of it on an east–west edge): see docs/territories.md. `territory` is null when no boundary contains the point.',
        querystring: PointQuery,
        response: {
          200: Type.Object({
            territory: Type.Union([Type.Ref('Territory'), Type.Null()]),
            path: Type.Array(Type.Ref('Territory'), { description: 'From the top level down to the unit found (empty when none)' }),
          }),
          400: problem('lat or long missing or out of range (VALIDATION_FAILED)'),
        },
      },
    },
    async (request) => {
      const found = await locateTerritory(deps, { lat: request.query.lat, long: request.query.long });
      const path = found ? await getTerritoryWithAncestors(deps, found.code) : [];
      return { territory: found ? toJson(found) : null, path: path.map(toJson) };
    },
  );

  app.get(
    '/api/v1/territories/layers',
    {
      schema: {
        tags: ['territories'],
        operationId: 'listTerritoryLayers',
        summary: 'Layers of named polygons that are not part of the administrative tree',
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('TerritoryLayer')) }) },
      },
    },
    async () => ({ items: (await listLayers(deps)).map(layerJson) }),
  );

  app.get(
    '/api/v1/territories/layers/:code',
    {
      schema: {
        tags: ['territories'],
        operationId: 'getTerritoryLayer',
        'x-example': { params: { code: 'redes-de-salud' } },
        'x-errors': ['TERRITORY_LAYER_NOT_FOUND'],
        summary: 'A layer as a GeoJSON FeatureCollection (features with code and names)',
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Ref('GeoJson'), 404: problem('No layer has this code (TERRITORY_LAYER_NOT_FOUND)') },
      },
    },
    async (request, reply) => {
      const { layer, features } = await getLayer(deps, request.params.code);
      return reply.type('application/geo+json').send({
        type: 'FeatureCollection',
        code: layer.code,
        name: layer.name,
        description: layer.description,
        features: features.map((f) => ({ type: 'Feature', id: f.code, properties: { code: f.code, name: f.name }, geometry: f.boundary })),
      });
    },
  );

  app.get(
    '/api/v1/territories/layers/:code/locate',
    {
      schema: {
        tags: ['territories'],
        operationId: 'locateInTerritoryLayer',
        'x-example': { params: { code: 'redes-de-salud' }, query: { lat: -16.5, long: -68.15 } },
        'x-errors': ['TERRITORY_LAYER_NOT_FOUND'],
        summary: 'The features of a layer that contain a point (features may overlap)',
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        querystring: PointQuery,
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.Ref('TerritoryNames') })) }),
          400: problem('lat or long missing or out of range (VALIDATION_FAILED)'),
          404: problem('No layer has this code (TERRITORY_LAYER_NOT_FOUND)'),
        },
      },
    },
    async (request) => {
      const features = await locateInLayer(deps, request.params.code, { lat: request.query.lat, long: request.query.long });
      return { items: features.map((f) => ({ code: f.code, name: f.name })) };
    },
  );

  app.get(
    '/api/v1/territories/:code',
    {
      schema: {
        tags: ['territories'],
        operationId: 'getTerritory',
        'x-example': { params: { code: 'BO-L-01' } },
        'x-errors': ['TERRITORY_NOT_FOUND'],
        summary: 'A territorial unit with the units above and below it',
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Ref('TerritoryDetail'), 404: problem('No unit has this code (TERRITORY_NOT_FOUND)') },
      },
    },
    async (request) => {
      const chain = await getTerritoryWithAncestors(deps, request.params.code);
      const territory = chain[chain.length - 1]!;
      const children = await listTerritories(deps, territory.code);
      return { territory: toJson(territory), ancestors: chain.slice(0, -1).map(toJson), children: children.map(toJson) };
    },
  );

  app.get(
    '/api/v1/territories/:code/boundary',
    {
      schema: {
        tags: ['territories'],
        operationId: 'getTerritoryBoundary',
        'x-example': { params: { code: 'BO-L' } },
        'x-errors': ['TERRITORY_NOT_FOUND'],
        summary: "A unit's boundary as a GeoJSON Feature (geometry null when none is loaded)",
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Ref('GeoJson'), 404: problem('No unit has this code (TERRITORY_NOT_FOUND)') },
      },
    },
    async (request, reply) => {
      const { territory, boundary } = await getTerritoryBoundary(deps, request.params.code);
      return reply.type('application/geo+json').send({ type: 'Feature', id: territory.code, properties: { code: territory.code, name: territory.name, level: territory.level }, geometry: boundary });
    },
  );
}

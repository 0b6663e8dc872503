import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';
import { IdempotencyKeyHeaders, requestFingerprint } from '../../../platform/idempotency/idempotency.ts';
import type { Deps } from '../../../platform/module.ts';
import { personWithGrants } from '../../identity/index.ts';
import { addSocialPoint, changeSocialPoint, getSocialPoint, listSocialPoints, publicPoint, retirePoint, socialMapTerritory } from '../social-map.service.ts';
import { KINDS, SOCIAL_MAP_SCOPE, SUBCATEGORIES } from '../social-map.types.ts';

const API = '/api/v1/social-map/:territory/points';
const TerritoryParams = Type.Object({ territory: Type.String({ maxLength: 64, examples: ['VE-A-01-01-01'] }) });
const PointParams = Type.Object({ territory: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) });

const SocialPointSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    territoryCode: Type.String({ description: 'The territory the point was added to' }),
    territoryPath: Type.Array(Type.String(), { description: 'Its codes, top level first' }),
    kind: Type.Union(KINDS.map((k) => Type.Literal(k))),
    subcategory: Type.String({
      description: `By kind: ${Object.entries(SUBCATEGORIES)
        .map(([k, list]) => `${k}: ${list.join(', ')}`)
        .join('; ')}`,
    }),
    name: Type.String(),
    description: Type.String(),
    lat: Type.Number(),
    lon: Type.Number(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'SocialPoint' },
);

const fields = {
  kind: Type.String({ maxLength: 40, description: KINDS.join(', ') }),
  subcategory: Type.String({ maxLength: 40, description: "One of the kind's subcategories (see SocialPoint)" }),
  name: Type.String({ maxLength: 400 }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  lat: Type.Number({ description: "Latitude (WGS 84): inside the territory's boundary" }),
  lon: Type.Number({ description: 'Longitude (WGS 84)' }),
};

const AUTH = `A person's access token with the scope \`${SOCIAL_MAP_SCOPE}\`, held by a social mapper (territory role \`social_mapper\`) over the territory or above; a token without the scope, or a person without the role, answers 403 \`CARTOGRAPHY_FORBIDDEN\`.`;

export function registerSocialMapApi(app: TamboApp, deps: Deps): void {
  const person = personWithGrants(app, deps, SOCIAL_MAP_SCOPE, 'CARTOGRAPHY_FORBIDDEN');
  app.addSchema(SocialPointSchema);

  app.get(
    API,
    {
      schema: {
        tags: ['social-map'],
        operationId: 'listSocialMapPoints',
        summary: "A territory's social map: its points and those of the units below (public; retired points are not listed)",
        params: TerritoryParams,
        'x-errors': ['CARTOGRAPHY_NOT_FOUND'],
        response: { 200: Type.Object({ territory: Type.String(), points: Type.Array(Type.Ref('SocialPoint')) }) },
      },
    },
    async (request) => {
      const chain = await socialMapTerritory(deps, request.params.territory);
      const code = chain.at(-1)!.code;
      return { territory: code, points: (await listSocialPoints(deps, code)).map(publicPoint) };
    },
  );

  app.post(
    API,
    {
      config: { csrf: false },
      onRequest: person.hook(),
      schema: {
        tags: ['social-map'],
        operationId: 'addSocialMapPoint',
        summary: "Add a point to a territory's social map (its social mappers)",
        description: `${AUTH} The point must fall inside the territory's boundary (400 \`CARTOGRAPHY_POINT_OUTSIDE\`, naming \`/lat\` and \`/lon\`). With an \`Idempotency-Key\`, a retry (or 20 at once) adds one point and the others answer it (200, \`Idempotent-Replayed: true\`); the same key with another body is refused (422 \`IDEMPOTENCY_KEY_REUSED\`).`,
        security: bearer(SOCIAL_MAP_SCOPE),
        params: TerritoryParams,
        headers: IdempotencyKeyHeaders,
        body: Type.Object(fields),
        'x-errors': ['CARTOGRAPHY_NOT_FOUND', 'CARTOGRAPHY_INVALID_POINT', 'CARTOGRAPHY_POINT_OUTSIDE', 'CARTOGRAPHY_FORBIDDEN', 'IDEMPOTENCY_KEY_REUSED'],
        response: { 201: Type.Ref('SocialPoint'), 200: Type.Ref('SocialPoint') },
      },
    },
    async (request, reply) => {
      const mapper = person.of(request);
      const key = request.headers['idempotency-key'];
      const claim = key ? { scope: `cartography.social_point:${mapper.accountId}`, key, requestSha256: requestFingerprint({ territory: request.params.territory, ...request.body }) } : undefined;
      const { point, created } = await addSocialPoint(deps, mapper, request.params.territory, request.body, { claim, requestId: request.id });
      if (!created) reply.header('idempotent-replayed', 'true');
      return reply.code(created ? 201 : 200).send(publicPoint(point));
    },
  );

  app.patch(
    `${API}/:id`,
    {
      config: { csrf: false },
      onRequest: person.hook(),
      schema: {
        tags: ['social-map'],
        operationId: 'changeSocialMapPoint',
        summary: 'Change a point (the fields sent; the others stay)',
        description: `${AUTH} The point must stay inside its territory's boundary. A retired point cannot change (409 \`CARTOGRAPHY_POINT_RETIRED\`).`,
        security: bearer(SOCIAL_MAP_SCOPE),
        params: PointParams,
        body: Type.Partial(Type.Object(fields)),
        'x-errors': ['CARTOGRAPHY_NOT_FOUND', 'CARTOGRAPHY_INVALID_POINT', 'CARTOGRAPHY_POINT_OUTSIDE', 'CARTOGRAPHY_FORBIDDEN', 'CARTOGRAPHY_POINT_RETIRED'],
        response: { 200: Type.Ref('SocialPoint') },
      },
    },
    async (request) => {
      const { territory, id } = request.params;
      const current = await getSocialPoint(deps, territory, id).catch(async (error: unknown) => {
        // A retired point is answered as retired (once the mapper may change it), not as unknown.
        if (error instanceof AppError && error.code === 'CARTOGRAPHY_NOT_FOUND') return undefined;
        throw error;
      });
      const input = current ? { ...current, ...request.body } : request.body;
      return publicPoint(await changeSocialPoint(deps, person.of(request), territory, id, input, request.id));
    },
  );

  app.delete(
    `${API}/:id`,
    {
      config: { csrf: false },
      onRequest: person.hook(),
      schema: {
        tags: ['social-map'],
        operationId: 'retireSocialMapPoint',
        summary: 'Retire a point: kept, no longer shown (retiring it again changes nothing)',
        description: AUTH,
        security: bearer(SOCIAL_MAP_SCOPE),
        params: PointParams,
        'x-errors': ['CARTOGRAPHY_NOT_FOUND', 'CARTOGRAPHY_FORBIDDEN'],
        response: { 204: Type.Null({ description: 'Retired' }) },
      },
    },
    async (request, reply) => {
      await retirePoint(deps, person.of(request), request.params.territory, request.params.id, request.id);
      return reply.code(204).send(null);
    },
  );
}

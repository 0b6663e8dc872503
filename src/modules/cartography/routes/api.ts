// POST /api/v1/territories/boundaries and PUT /api/v1/territories/layers/{code}: GeoJSON
// imports for platform administrators, with a bearer access token from Tambo's provider that
// carries the `tambo:admin` scope (as the clients API: docs/identity-operations.md).
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../../platform/errors.ts';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { hasRole } from '../../../platform/contract/roles.ts';
import { findAccount, getRoles, PLATFORM_ADMIN, roleGrantsOf, verifyUserToken } from '../../identity/index.ts';
import { importBoundaries, importLayer, type TerritoryAdmin } from '../../territories/index.ts';
import { bearer } from '../../../platform/http/openapi-contract.ts';

const ADMIN_SCOPE = 'tambo:admin';
/** A country's boundaries, simplified, fit well under this. */
export const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

/** The administrator behind a bearer token: 401 without a usable token, 403 without the scope or the role. */
export async function adminFromBearer(app: TamboApp, deps: Deps, request: FastifyRequest): Promise<TerritoryAdmin> {
  // The request is passed so that a sender-constrained token (bound to a client certificate) is checked against it.
  const checked = await verifyUserToken(app, request.headers.authorization, ADMIN_SCOPE, request);
  if ('error' in checked) {
    if (checked.error === 'insufficient_scope') throw new AppError('FORBIDDEN', { headers: { 'www-authenticate': `Bearer error="insufficient_scope", scope="${ADMIN_SCOPE}"` } });
    throw new AppError('UNAUTHENTICATED', { headers: { 'www-authenticate': `Bearer realm="tambo", scope="${ADMIN_SCOPE}"` } });
  }
  const account = await findAccount(deps, checked.user.accountId);
  if (!account) throw new AppError('UNAUTHENTICATED', { headers: { 'www-authenticate': `Bearer realm="tambo", scope="${ADMIN_SCOPE}"` } });
  const grants = roleGrantsOf(account, await getRoles(deps, account.id));
  // The services check it again; here it answers 403 before the body is read.
  if (!hasRole(grants, { role: PLATFORM_ADMIN })) throw new AppError('FORBIDDEN');
  return { accountId: account.id, grants };
}

const problem = (description: string) => ({ ...Type.Ref('TerritoriesProblem'), description });
const AUTH_ERRORS = {
  401: problem('No valid bearer access token (UNAUTHENTICATED); see WWW-Authenticate'),
  403: problem('The token lacks the tambo:admin scope, or its holder is not a platform administrator (FORBIDDEN)'),
};
const description = `Platform administrators only: send \`Authorization: Bearer <access token>\`, a token issued by Tambo's provider (/auth) with the \`${ADMIN_SCOPE}\` scope. The body is GeoJSON (application/json or application/geo+json); see docs/territories.md for the format.`;

export function registerTerritoriesAdminApi(app: TamboApp, deps: Deps): void {
  // Who is asking is settled before the body is read or validated.
  const admins = new WeakMap<FastifyRequest, TerritoryAdmin>();
  const onRequest = async (request: FastifyRequest) => {
    admins.set(request, await adminFromBearer(app, deps, request));
  };
  const adminOf = (request: FastifyRequest) => admins.get(request)!;
  app.register(async (scoped) => {
    const api = scoped as unknown as TamboApp;
    // GeoJSON's own media type, parsed as JSON in this scope only.
    api.addContentTypeParser('application/geo+json', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, api.getDefaultJsonParser('error', 'error'));

    api.post(
      '/api/v1/territories/boundaries',
      {
        onRequest,
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['territories-admin'],
          operationId: 'importTerritoryBoundaries',
          security: bearer(ADMIN_SCOPE),
          'x-errors': ['FORBIDDEN'],
          summary: 'Import boundaries: a FeatureCollection whose features carry properties.code (a territory code) and a Polygon or MultiPolygon',
          description: `${description} All or nothing: any problem refuses the whole document, with every problem named by feature (a JSON pointer and a message). Each stored boundary is audited.`,
          body: Type.Ref('GeoJson'),
          response: {
            200: Type.Object({ saved: Type.Integer({ description: 'Boundaries stored or changed' }), unchanged: Type.Integer({ description: 'Features identical to what was stored' }) }),
            400: problem('Problems in the document (VALIDATION_FAILED): unknown code, ring not closed or crossing itself, too many points…'),
            ...AUTH_ERRORS,
          },
        },
      },
      async (request) => importBoundaries(deps, adminOf(request), request.body, request.id),
    );

    api.put(
      '/api/v1/territories/layers/:code',
      {
        onRequest,
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['territories-admin'],
          operationId: 'importTerritoryLayer',
          security: bearer(ADMIN_SCOPE),
          'x-errors': ['FORBIDDEN'],
          summary: 'Create or replace a layer: a FeatureCollection with a name ({ es, en }) whose features carry properties.code and properties.name',
          description: `${description} The layer is replaced whole; audited.`,
          params: Type.Object({ code: Type.String({ maxLength: 64, examples: ['cuadrantes-de-paz'] }) }),
          body: Type.Ref('GeoJson'),
          response: {
            200: Type.Object({ layer: Type.Ref('TerritoryLayer'), changed: Type.Boolean() }),
            400: problem('Problems in the document or the layer code (VALIDATION_FAILED)'),
            ...AUTH_ERRORS,
          },
        },
      },
      async (request) => importLayer(deps, adminOf(request), request.params.code, request.body, request.id),
    );
  });
}

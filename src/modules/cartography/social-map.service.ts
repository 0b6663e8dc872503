// Cartografía social (docs/social-map.md): a territory's social mappers add, change and retire
// the points of its map; every point must fall inside the territory's boundary (the territories
// module's geometry). Every change audited in its transaction; a doubled add is one point.
import { recordAudit } from '../../platform/audit/audit.ts';
import type { RoleGrant } from '../../platform/contract/contract.types.ts';
import { hasRole, PLATFORM_ADMIN } from '../../platform/contract/roles.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { claimIdempotencyKey, type IdempotencyClaim, IdempotentReplay } from '../../platform/idempotency/idempotency.ts';
import type { Deps, MapPointsDeclaration, OpenDatasetDeclaration } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { getTerritoryPage, getTerritoryWithAncestors, locateTerritory, type Territory } from '../territories/index.ts';
import { findAllSocialPoints, findSocialPoint, findSocialPointsIn, insertSocialPoint, retireSocialPoint, updateSocialPoint } from './social-map.queries.ts';
import { coordinate, SOCIAL_MAPPER, type SocialPoint, type SocialPointInput, type SocialPointKind, socialPointErrors } from './social-map.types.ts';

export interface Mapper {
  accountId: string;
  grants: readonly RoleGrant[];
}

/** At most this many points on a territory's page (the most recently changed). */
export const PAGE_POINTS = 500;

/** Whether the person keeps the social map of this territory (its path, top level first). */
export const isMapperOver = (grants: readonly RoleGrant[], path: readonly string[]) => hasRole(grants, { role: PLATFORM_ADMIN }) || hasRole(grants, { role: SOCIAL_MAPPER, territory: [...path] });

/** A territory with the units above it; CARTOGRAPHY_NOT_FOUND for an unknown code. */
export async function socialMapTerritory(deps: Pick<Deps, 'db'>, code: string): Promise<Territory[]> {
  try {
    return await getTerritoryWithAncestors(deps, code);
  } catch (error) {
    if (error instanceof AppError && error.code === 'TERRITORY_NOT_FOUND') throw new AppError('CARTOGRAPHY_NOT_FOUND');
    throw error;
  }
}

/** The points shown on a territory's map and below it. */
export async function listSocialPoints(deps: Pick<Deps, 'dbRead'>, territory: string, limit = PAGE_POINTS): Promise<SocialPoint[]> {
  return findSocialPointsIn(deps.dbRead, territory, limit);
}

/** A point shown (retired or unknown: CARTOGRAPHY_NOT_FOUND) of this territory or below. */
export async function getSocialPoint(deps: Pick<Deps, 'db'>, territory: string, id: string): Promise<SocialPoint> {
  const point = /^[0-9a-f-]{36}$/i.test(id) ? await findSocialPoint(deps.db, id) : undefined;
  if (!point || point.retiredAt || !point.territoryPath.includes(territory)) throw new AppError('CARTOGRAPHY_NOT_FOUND');
  return point;
}

const invalid = (errors: Record<string, string>) =>
  new AppError('CARTOGRAPHY_INVALID_POINT', { fields: Object.entries(errors).map(([field, messageKey]): FieldError => ({ field: `/${field}`, messageKey })) });

/** The input checked: well formed, and inside the territory's boundary (or CARTOGRAPHY_POINT_OUTSIDE on lat and lon). */
async function checkedInput(deps: Pick<Deps, 'db'>, territory: Territory, input: SocialPointInput) {
  const errors = socialPointErrors(input);
  if (Object.keys(errors).length > 0) throw invalid(errors);
  const lat = coordinate(input.lat)!;
  const lon = coordinate(input.lon)!;
  const located = await locateTerritory(deps, { lat, long: lon });
  if (!located?.path.includes(territory.code)) {
    // The territory (or a unit below it) may have no boundary at all: say so instead.
    const page = await getTerritoryPage(deps, territory.code);
    const messageKey = page.map ? 'cartography.social.error.outside' : 'cartography.social.error.noBoundary';
    throw new AppError('CARTOGRAPHY_POINT_OUTSIDE', {
      params: { place: territory.name },
      fields: [
        { field: '/lat', messageKey, params: { place: territory.name } },
        { field: '/lon', messageKey, params: { place: territory.name } },
      ],
    });
  }
  return {
    kind: String(input.kind).trim() as SocialPointKind,
    subcategory: String(input.subcategory).trim(),
    name: String(input.name).trim(),
    description: String(input.description ?? '').trim(),
    lat,
    lon,
  };
}

const auditData = (p: Pick<SocialPoint, 'kind' | 'subcategory' | 'name' | 'lat' | 'lon'>, territory: string) => ({
  territory,
  kind: p.kind,
  subcategory: p.subcategory,
  name: p.name,
  lat: p.lat,
  lon: p.lon,
});

/**
 * Adds a point to a territory's map. With a claim (a form's key, the API's Idempotency-Key) a
 * burst of identical adds makes one point: the others answer it with `created: false`.
 */
export async function addSocialPoint(
  deps: Pick<Deps, 'db'>,
  mapper: Mapper,
  territoryCode: string,
  input: SocialPointInput,
  options: { claim?: IdempotencyClaim; requestId?: string } = {},
): Promise<{ point: SocialPoint; created: boolean }> {
  const chain = await socialMapTerritory(deps, territoryCode);
  const path = chain.map((t) => t.code);
  if (!isMapperOver(mapper.grants, path)) throw new AppError('CARTOGRAPHY_FORBIDDEN');
  const values = await checkedInput(deps, chain.at(-1)!, input);
  const id = uuidv7();
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (options.claim) await claimIdempotencyKey(trx, options.claim, id);
      await insertSocialPoint(trx, { id, territoryPath: path, ...values, addedBy: mapper.accountId });
      await recordAudit(trx, {
        actor: { type: 'official', id: mapper.accountId },
        action: 'cartography.social_point_added',
        subject: { type: 'social_point', id },
        data: auditData(values, territoryCode),
        requestId: options.requestId ?? null,
      });
    });
  } catch (error) {
    if (error instanceof IdempotentReplay) {
      const earlier = await findSocialPoint(deps.db, error.resource);
      if (!earlier) throw new AppError('CARTOGRAPHY_NOT_FOUND');
      return { point: earlier, created: false };
    }
    throw error;
  }
  return { point: (await findSocialPoint(deps.db, id))!, created: true };
}

/** Changes a point (the whole input again); a retired point cannot change (CARTOGRAPHY_POINT_RETIRED). */
export async function changeSocialPoint(deps: Pick<Deps, 'db'>, mapper: Mapper, territoryCode: string, id: string, input: SocialPointInput, requestId?: string): Promise<SocialPoint> {
  const chain = await socialMapTerritory(deps, territoryCode);
  const current = /^[0-9a-f-]{36}$/i.test(id) ? await findSocialPoint(deps.db, id) : undefined;
  if (!current?.territoryPath.includes(territoryCode)) throw new AppError('CARTOGRAPHY_NOT_FOUND');
  if (!isMapperOver(mapper.grants, current.territoryPath)) throw new AppError('CARTOGRAPHY_FORBIDDEN');
  if (current.retiredAt) throw new AppError('CARTOGRAPHY_POINT_RETIRED');
  // Inside the point's own territory (the one it was added to), whichever map it is changed from.
  const own = current.territoryPath.at(-1) === territoryCode ? chain.at(-1)! : (await socialMapTerritory(deps, current.territoryPath.at(-1)!)).at(-1)!;
  const values = await checkedInput(deps, own, input);
  await deps.db.transaction().execute(async (trx) => {
    const locked = await findSocialPoint(trx, id, { forUpdate: true });
    if (!locked || locked.retiredAt) throw new AppError('CARTOGRAPHY_POINT_RETIRED');
    const same = (Object.keys(values) as Array<keyof typeof values>).every((k) => locked[k] === values[k]);
    if (same) return;
    await updateSocialPoint(trx, id, values, mapper.accountId);
    await recordAudit(trx, {
      actor: { type: 'official', id: mapper.accountId },
      action: 'cartography.social_point_updated',
      subject: { type: 'social_point', id },
      data: auditData(values, own.code),
      requestId: requestId ?? null,
    });
  });
  return (await findSocialPoint(deps.db, id))!;
}

/** Retires a point: kept, no longer shown. Retiring it again changes nothing (and records nothing). */
export async function retirePoint(deps: Pick<Deps, 'db'>, mapper: Mapper, territoryCode: string, id: string, requestId?: string): Promise<void> {
  await socialMapTerritory(deps, territoryCode);
  const current = /^[0-9a-f-]{36}$/i.test(id) ? await findSocialPoint(deps.db, id) : undefined;
  if (!current?.territoryPath.includes(territoryCode)) throw new AppError('CARTOGRAPHY_NOT_FOUND');
  if (!isMapperOver(mapper.grants, current.territoryPath)) throw new AppError('CARTOGRAPHY_FORBIDDEN');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await retireSocialPoint(trx, id, mapper.accountId))) return;
    await recordAudit(trx, {
      actor: { type: 'official', id: mapper.accountId },
      action: 'cartography.social_point_retired',
      subject: { type: 'social_point', id },
      data: { territory: current.territoryPath.at(-1)! },
      requestId: requestId ?? null,
    });
  });
}

export const socialMapPath = (code: string) => `/cartografia-social/${encodeURIComponent(code)}`;

/** The situation room draws the points shown (module contract `mapPoints`), named by their name. */
export const socialMapPoints: MapPointsDeclaration = {
  labelKey: 'cartography.social.mapPoints.label',
  list: async (deps, query) =>
    (await findSocialPointsIn(deps.dbRead, query.territory, query.limit)).map((p) => ({
      kind: 'social_point',
      ref: p.id,
      title: p.name,
      lat: p.lat,
      lon: p.lon,
      href: `${socialMapPath(p.territoryPath.at(-1)!)}#punto-${p.id}`,
    })),
};

/** The public fields of a point (who added it is not public). */
export const publicPoint = (p: SocialPoint) => ({
  id: p.id,
  territoryCode: p.territoryPath.at(-1)!,
  territoryPath: p.territoryPath,
  kind: p.kind,
  subcategory: p.subcategory,
  name: p.name,
  description: p.description,
  lat: p.lat,
  lon: p.lon,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

const str = { type: 'string' } as const;
const num = { type: 'number' } as const;

export const socialMapOpenData: OpenDatasetDeclaration[] = [
  {
    id: 'social_map_points',
    titleKey: 'cartography.social.data.title',
    descriptionKey: 'cartography.social.data.text',
    refresh: 'live',
    schema: {
      type: 'object',
      properties: {
        id: str,
        territoryCode: str,
        territoryPath: { type: 'array', items: str },
        kind: str,
        subcategory: str,
        name: str,
        description: str,
        lat: num,
        lon: num,
        createdAt: str,
        updatedAt: str,
      },
    },
    rows: async (deps) => (await findAllSocialPoints(deps.dbRead)).map(publicPoint),
  },
];

// Every SQL statement on identity.resource_server (agencies' APIs for resource indicators).
import type { Selectable } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { ResourceServerRow, Tables } from './db.generated.ts';
import type { ResourceServer, ResourceServerSettings } from './resource-server.types.ts';

/** The CHECK keeps `token_format` to the values ResourceServer names. */
const toResourceServer = (r: Selectable<ResourceServerRow>): ResourceServer => ({
  id: r.id,
  identifier: r.identifier,
  agencyCode: r.agency_code,
  name: r.name,
  description: r.description,
  scopes: r.scopes,
  clientIds: r.client_ids,
  accessTokenTtl: r.access_token_ttl,
  tokenFormat: r.token_format as ResourceServer['tokenFormat'],
  isActive: r.is_active,
});

const columns = (s: ResourceServerSettings) => ({
  identifier: s.identifier,
  agency_code: s.agencyCode,
  name: s.name,
  description: s.description,
  scopes: s.scopes,
  client_ids: s.clientIds,
  access_token_ttl: s.accessTokenTtl,
  token_format: s.tokenFormat,
});

export async function findResourceServerByIdentifier(db: Queryable, identifier: string): Promise<ResourceServer | undefined> {
  const row = await typed<Tables>(db).selectFrom('identity.resource_server').selectAll().where('identifier', '=', identifier).executeTakeFirst();
  return row ? toResourceServer(row) : undefined;
}

export async function findResourceServerById(db: Queryable, id: string): Promise<ResourceServer | undefined> {
  const row = await typed<Tables>(db).selectFrom('identity.resource_server').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toResourceServer(row) : undefined;
}

export async function findResourceServers(db: Queryable, options: { activeOnly?: boolean } = {}): Promise<ResourceServer[]> {
  let query = typed<Tables>(db).selectFrom('identity.resource_server').selectAll();
  if (options.activeOnly) query = query.where('is_active', '=', true);
  return (await query.orderBy('agency_code').orderBy('identifier').execute()).map(toResourceServer);
}

/** Inserts a resource server; false when its identifier is taken. */
export async function insertResourceServer(db: Queryable, id: string, s: ResourceServerSettings): Promise<boolean> {
  const result = await typed<Tables>(db)
    .insertInto('identity.resource_server')
    .values({ id, ...columns(s) })
    .onConflict((oc) => oc.column('identifier').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Replaces the settings and the state; false when no such row, or the new identifier is taken (unique violation left to the caller). */
export async function updateResourceServer(db: Queryable, id: string, s: ResourceServerSettings, isActive: boolean): Promise<boolean> {
  const result = await typed<Tables>(db)
    .updateTable('identity.resource_server')
    .set({ ...columns(s), is_active: isActive, updated_at: new Date() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) > 0;
}

/** For the demo seed: registers the row once by identifier (nothing when it exists). */
export async function ensureResourceServer(db: Queryable, id: string, s: ResourceServerSettings): Promise<void> {
  await insertResourceServer(db, id, s);
}

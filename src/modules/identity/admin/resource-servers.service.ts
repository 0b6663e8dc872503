// Agencies' APIs that accept people's tokens (resource indicators, RFC 8707; oidc/resources.ts),
// registered by platform administrators through the administration API (field errors name
// JSON pointers into its body). Every change is audited
// in its own transaction and announced on the bus, so every process's provider sees it at once.
import { recordAudit } from '../../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../../platform/errors.ts';
import type { Deps } from '../../../platform/module.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import { listAgencies } from '../../agencies/index.ts';
import { auditActor, type Staff } from '../admin.policy.ts';
import { findClient } from '../client.queries.ts';
import { resourceServerCache } from '../oidc/resources.ts';
import { providerScopes } from '../oidc/scopes.ts';
import { findResourceServerById, findResourceServers, insertResourceServer, updateResourceServer } from '../resource-server.queries.ts';
import { TOKEN_FORMATS, type ResourceServer, type ResourceServerSettings } from '../resource-server.types.ts';
import { fail, requireClientAdmin } from './common.ts';

const SCOPE_NAME = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;
const MAX_SCOPES = 20;
const MAX_CLIENTS = 20;

/** The identifier as the provider compares it (URL serialisation), or undefined when it is no absolute https URI without fragment or credentials. */
export function resourceIdentifier(value: string): string | undefined {
  const url = URL.parse(value.trim());
  if (url?.protocol !== 'https:' || url.hash || value.includes('#') || url.username || url.password || value.includes('*')) return undefined;
  return url.href.length <= 300 ? url.href : undefined;
}

async function validate(deps: Pick<Deps, 'db' | 'country'>, input: ResourceServerSettings): Promise<ResourceServerSettings> {
  const fields: FieldError[] = [];
  const problem = (field: string, messageKey: string, params?: Record<string, string | number>) => fields.push({ field: `/${field}`, messageKey, params });

  const identifier = resourceIdentifier(input.identifier);
  if (!identifier) problem('identifier', 'identity.resources.errors.identifierInvalid');
  const agencies = await listAgencies(deps);
  if (!agencies.some((agency) => agency.code === input.agencyCode)) problem('agencyCode', 'identity.admin.errors.agencyMissing');
  const name = input.name.trim();
  if (!name || name.length > 120) problem('name', 'identity.resources.errors.nameInvalid', { max: 120 });
  const description = input.description.trim();
  if (!description || description.length > 1000) problem('description', 'identity.resources.errors.descriptionInvalid', { max: 1000 });

  const scopes = [...new Set(input.scopes.map((s) => s.trim()).filter(Boolean))];
  const known = new Set(providerScopes());
  if (scopes.length === 0 || scopes.length > MAX_SCOPES) problem('scopes', 'identity.resources.errors.scopesCount', { max: MAX_SCOPES });
  else if (scopes.some((s) => !SCOPE_NAME.test(s))) problem('scopes', 'identity.resources.errors.scopeInvalid');
  // Its own names: a claim scope or a module's scope would be released to the wrong audience.
  else if (scopes.some((s) => known.has(s))) problem('scopes', 'identity.resources.errors.scopeTaken', { scope: scopes.find((s) => known.has(s))! });

  const clientIds = [...new Set(input.clientIds.map((c) => c.trim()).filter(Boolean))];
  if (clientIds.length > MAX_CLIENTS) problem('clientIds', 'identity.resources.errors.clientsCount', { max: MAX_CLIENTS });
  else {
    for (const clientId of clientIds) {
      const client = await findClient(deps.db, clientId);
      if (!client || client.isFirstParty) {
        problem('clientIds', 'identity.resources.errors.clientUnknown', { client: clientId.slice(0, 64) });
        break;
      }
    }
  }
  if (!Number.isInteger(input.accessTokenTtl) || input.accessTokenTtl < 60 || input.accessTokenTtl > 3600) problem('accessTokenTtl', 'identity.resources.errors.ttlInvalid', { min: 60, max: 3600 });
  if (!(TOKEN_FORMATS as readonly string[]).includes(input.tokenFormat)) problem('tokenFormat', 'identity.resources.errors.formatInvalid');
  fail(fields);
  return { identifier: identifier!, agencyCode: input.agencyCode, name, description, scopes, clientIds, accessTokenTtl: input.accessTokenTtl, tokenFormat: input.tokenFormat };
}

const identifierTaken = () => new AppError('VALIDATION_FAILED', { fields: [{ field: '/identifier', messageKey: 'identity.resources.errors.identifierTaken' }] });

export async function listResourceServers(deps: Pick<Deps, 'db'>, staff: Staff): Promise<ResourceServer[]> {
  requireClientAdmin(staff);
  return findResourceServers(deps.db);
}

export async function getResourceServer(deps: Pick<Deps, 'db'>, staff: Staff, id: string): Promise<ResourceServer> {
  requireClientAdmin(staff);
  const server = /^[0-9a-f-]{36}$/.test(id) ? await findResourceServerById(deps.db, id) : undefined;
  if (!server) throw new AppError('IDENTITY_RESOURCE_SERVER_NOT_FOUND');
  return server;
}

/** Registers an agency's API; its identifier is unique (a second registration of it is a field error). */
export async function registerResourceServer(deps: Pick<Deps, 'db' | 'country'>, staff: Staff, input: ResourceServerSettings): Promise<ResourceServer> {
  requireClientAdmin(staff);
  const settings = await validate(deps, input);
  const id = uuidv7();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await insertResourceServer(trx, id, settings))) throw identifierTaken();
    await recordAudit(trx, { actor: auditActor(staff), action: 'identity.resource_server_registered', subject: { type: 'resource_server', id }, data: { ...settings }, requestId: staff.requestId });
    await resourceServerCache.changed(trx);
  });
  return getResourceServer(deps, staff, id);
}

/** Changes an API's settings or state; the audit entry lists what changed ('unchanged': nothing written). */
export async function updateResourceServerSettings(
  deps: Pick<Deps, 'db' | 'country'>,
  staff: Staff,
  id: string,
  input: ResourceServerSettings & { isActive: boolean },
): Promise<'updated' | 'unchanged'> {
  const existing = await getResourceServer(deps, staff, id);
  const settings = await validate(deps, input);
  const before: Record<string, unknown> = { ...existing };
  const after: Record<string, unknown> = { ...existing, ...settings, isActive: input.isActive };
  const changes = Object.fromEntries(
    Object.keys(after)
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => [key, { from: before[key], to: after[key] }]),
  );
  if (Object.keys(changes).length === 0) return 'unchanged';
  if (settings.identifier !== existing.identifier && (await findResourceServers(deps.db)).some((s) => s.identifier === settings.identifier)) throw identifierTaken();
  await deps.db.transaction().execute(async (trx) => {
    // Another change may have taken the identifier since the check above: the unique index says so.
    const updated = await updateResourceServer(trx, id, settings, input.isActive).catch((error: unknown) => {
      throw (error as { code?: string }).code === '23505' ? identifierTaken() : error;
    });
    if (!updated) throw new AppError('IDENTITY_RESOURCE_SERVER_NOT_FOUND');
    await recordAudit(trx, { actor: auditActor(staff), action: 'identity.resource_server_updated', subject: { type: 'resource_server', id }, data: { changes }, requestId: staff.requestId });
    await resourceServerCache.changed(trx);
  });
  return 'updated';
}

/** The active agencies' APIs, for the developer portal (public: identifiers, owners and scopes only). */
export async function publishedResourceServers(deps: Pick<Deps, 'db'>): Promise<Array<Pick<ResourceServer, 'identifier' | 'agencyCode' | 'name' | 'scopes' | 'tokenFormat'>>> {
  return (await findResourceServers(deps.db, { activeOnly: true })).map(({ identifier, agencyCode, name, scopes, tokenFormat }) => ({ identifier, agencyCode, name, scopes, tokenFormat }));
}

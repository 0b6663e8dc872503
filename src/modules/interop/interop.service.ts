// The exchange's registry of subsystems, services and access rights (docs/interoperability.md):
// a subsystem is an OAuth client of the provider registered under its agency's code; a producer
// publishes services and grants or revokes access per service and endpoint, audited. Lookups on
// the call path are cached in every process and forgotten through the bus (`interop.changed`)
// the moment a change commits: a revocation takes effect at once.
import { recordAudit } from '../../platform/audit/audit.ts';
import { topicCache } from '../../platform/cache/topic-cache.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { type Account, getRoles } from '../identity/index.ts';
import {
  deleteGrants,
  findService,
  findServiceById,
  findSubsystemByClient,
  insertGrant,
  insertSubsystem,
  listAllowedServices,
  listGrants,
  listServices,
  listSubsystems,
  upsertService,
} from './interop.queries.ts';
import { CLASSIFICATIONS, type Grant, type GrantMethod, IDENTIFIER, instanceOf, MEMBER_CLASS, METHODS, type Service, type Subsystem } from './interop.types.ts';

const cache = topicCache<unknown>('interop.changed');

export function listenInteropCaches(deps: Pick<Deps, 'bus'>): void {
  cache.listen(deps.bus);
}

const cached = <V>(deps: Pick<Deps, 'db'>, key: string, load: () => Promise<V>) => cache.get(deps.db, key, load) as Promise<V>;

export const subsystemOfClient = (deps: Pick<Deps, 'db'>, clientId: string) => cached(deps, `client:${clientId}`, () => findSubsystemByClient(deps.db, clientId));
export const serviceCached = (deps: Pick<Deps, 'db'>, member: string, subsystem: string, code: string) =>
  cached(deps, `service:${member}/${subsystem}/${code}`, () => findService(deps.db, member, subsystem, code));
export const grantsCached = (deps: Pick<Deps, 'db'>, serviceId: string) => cached(deps, `grants:${serviceId}`, () => listGrants(deps.db, serviceId));

/** The system acting: its OAuth client and its agency. */
export interface System {
  clientId: string;
  agencyCode: string;
}

const actor = (system: System) => ({ type: 'system' as const, id: system.clientId });

/** Registers the calling client as subsystem `code` of its agency (idempotent for the same client). */
export async function registerSubsystem(deps: Deps, system: System, code: string, requestId?: string): Promise<{ subsystem: Subsystem; created: boolean }> {
  if (!IDENTIFIER.test(code)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/code', messageKey: 'interop.errors.code' }] });
  const existing = await findSubsystemByClient(deps.db, system.clientId);
  if (existing) {
    if (existing.code !== code || existing.memberCode !== system.agencyCode) throw new AppError('INTEROP_SUBSYSTEM_TAKEN');
    return { subsystem: existing, created: false };
  }
  const subsystem = { memberCode: system.agencyCode, code, clientId: system.clientId };
  await deps.db.transaction().execute(async (trx) => {
    if (!(await insertSubsystem(trx, subsystem))) throw new AppError('INTEROP_SUBSYSTEM_TAKEN');
    await recordAudit(trx, {
      actor: actor(system),
      action: 'interop.subsystem_registered',
      subject: { type: 'subsystem', id: `${subsystem.memberCode}/${code}` },
      data: { clientId: system.clientId },
      requestId,
    });
    await cache.changed(trx);
  });
  return { subsystem, created: true };
}

/** The subsystem the system's client is, refused when it is none. */
async function ownSubsystem(deps: Deps, system: System): Promise<Subsystem> {
  const subsystem = await findSubsystemByClient(deps.db, system.clientId);
  if (!subsystem) throw new AppError('INTEROP_UNKNOWN_CLIENT');
  return subsystem;
}

export type ServiceInput = Pick<Service, 'code' | 'title' | 'baseUrl' | 'openapi' | 'legalBasis' | 'classification'> & Partial<Pick<Service, 'conditions' | 'sourceLabel'>>;

function checkService(input: ServiceInput): void {
  const fields: FieldError[] = [];
  if (!IDENTIFIER.test(input.code)) fields.push({ field: '/code', messageKey: 'interop.errors.code' });
  let url: URL | undefined;
  try {
    url = new URL(input.baseUrl);
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol)) fields.push({ field: '/baseUrl', messageKey: 'interop.errors.baseUrl' });
  if (typeof input.openapi.openapi !== 'string' || typeof input.openapi.paths !== 'object') fields.push({ field: '/openapi', messageKey: 'interop.errors.openapi' });
  if (!CLASSIFICATIONS.includes(input.classification)) fields.push({ field: '/classification', messageKey: 'interop.errors.classification' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
}

/** Publishes (or updates) a service of the calling subsystem in the catalog; audited. */
export async function publishService(deps: Deps, system: System, input: ServiceInput, requestId?: string): Promise<{ service: Service; created: boolean }> {
  checkService(input);
  const subsystem = await ownSubsystem(deps, system);
  const values = {
    id: uuidv7(),
    memberCode: subsystem.memberCode,
    subsystemCode: subsystem.code,
    code: input.code,
    title: input.title,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    openapi: input.openapi,
    legalBasis: input.legalBasis,
    classification: input.classification,
    conditions: input.conditions ?? '',
    sourceLabel: input.sourceLabel ?? '',
  };
  const result = await deps.db.transaction().execute(async (trx) => {
    const written = await upsertService(trx, values);
    await recordAudit(trx, {
      actor: actor(system),
      action: written.created ? 'interop.service_published' : 'interop.service_updated',
      subject: { type: 'service', id: written.id },
      data: { service: `${subsystem.memberCode}/${subsystem.code}/${input.code}`, baseUrl: values.baseUrl, classification: input.classification, legalBasis: input.legalBasis },
      requestId,
    });
    await cache.changed(trx);
    return written;
  });
  return { service: { ...values, id: result.id, publishedAt: new Date() }, created: result.created };
}

async function ownService(deps: Deps, system: System, code: string): Promise<Service> {
  const subsystem = await ownSubsystem(deps, system);
  const service = await findService(deps.db, subsystem.memberCode, subsystem.code, code);
  if (!service) throw new AppError('INTEROP_UNKNOWN_SERVICE');
  return service;
}

export interface GrantInput {
  /** `INSTANCE/CLASS/MEMBER/SUBSYSTEM` of the consumer. */
  client: string;
  method: GrantMethod;
  path: string;
}

function parseGrantClient(deps: Deps, client: string): { member: string; subsystem: string } {
  const parts = client.split('/');
  if (parts.length !== 4 || parts[0] !== instanceOf(deps.country.code) || parts[1] !== MEMBER_CLASS || !parts.every((p) => IDENTIFIER.test(p))) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: '/client', messageKey: 'interop.errors.client' }] });
  }
  return { member: parts[2]!, subsystem: parts[3]! };
}

type Actor = { type: 'system' | 'official'; id: string };

async function writeGrant(deps: Deps, service: Service, input: GrantInput, by: Actor, requestId?: string): Promise<boolean> {
  // Every invalid field at once.
  const badPath = !METHODS.includes(input.method) || !/^\/[\w\-./{}*]*$/.test(input.path);
  let parsed: { member: string; subsystem: string } | undefined;
  try {
    parsed = parseGrantClient(deps, input.client);
  } catch (error) {
    if (!badPath) throw error;
  }
  if (badPath)
    throw new AppError('VALIDATION_FAILED', { fields: [...(parsed ? [] : [{ field: '/client', messageKey: 'interop.errors.client' }]), { field: '/path', messageKey: 'interop.errors.path' }] });
  const { member, subsystem } = parsed!;
  const grant: Grant = { clientMember: member, clientSubsystem: subsystem, method: input.method, path: input.path };
  return deps.db.transaction().execute(async (trx) => {
    const created = await insertGrant(trx, service.id, grant, by.id);
    if (created) {
      await recordAudit(trx, {
        actor: by,
        action: 'interop.access_granted',
        subject: { type: 'service', id: service.id },
        data: { client: input.client, method: input.method, path: input.path },
        requestId,
      });
      await cache.changed(trx);
    }
    return created;
  });
}

async function writeRevocation(deps: Deps, service: Service, client: string, endpoint: { method: string; path: string } | undefined, by: Actor, requestId?: string): Promise<number> {
  const { member, subsystem } = parseGrantClient(deps, client);
  return deps.db.transaction().execute(async (trx) => {
    const removed = await deleteGrants(trx, service.id, member, subsystem, endpoint);
    if (removed > 0) {
      await recordAudit(trx, { actor: by, action: 'interop.access_revoked', subject: { type: 'service', id: service.id }, data: { client, ...(endpoint ?? {}), removed }, requestId });
      await cache.changed(trx);
    }
    return removed;
  });
}

/** Grants a consumer one endpoint of one of the producer's services; audited. */
export async function grantAccess(deps: Deps, system: System, serviceCode: string, input: GrantInput, requestId?: string): Promise<boolean> {
  return writeGrant(deps, await ownService(deps, system, serviceCode), input, actor(system), requestId);
}

/** Revokes a consumer's access to a service (every endpoint, or the one named); audited; at once in every process. */
export async function revokeAccess(deps: Deps, system: System, serviceCode: string, client: string, endpoint?: { method: string; path: string }, requestId?: string): Promise<number> {
  return writeRevocation(deps, await ownService(deps, system, serviceCode), client, endpoint, actor(system), requestId);
}

// The producer's officials (agency administrators of the member) manage the same grants from pages.
const adminAgencies = async (deps: Deps, account: Account) => new Set((await getRoles(deps, account.id)).filter((r) => r.role === 'agency_admin' && r.agencyCode).map((r) => r.agencyCode!));

/** The services of the agencies the official administers, each with its grants. */
export async function servicesForOfficial(deps: Deps, account: Account): Promise<Array<{ service: Service; grants: Grant[] }>> {
  const agencies = await adminAgencies(deps, account);
  const services = (await listServices(deps.db)).filter((s) => agencies.has(s.memberCode));
  return Promise.all(services.map(async (service) => ({ service, grants: await listGrants(deps.db, service.id) })));
}

async function officialService(deps: Deps, account: Account, serviceId: string): Promise<Service> {
  const service = /^[0-9a-f-]{36}$/.test(serviceId) ? await findServiceById(deps.db, serviceId) : undefined;
  if (!service || !(await adminAgencies(deps, account)).has(service.memberCode))
    throw new AppError('INTEROP_UNKNOWN_SERVICE', { fields: [{ field: 'service', messageKey: 'interop.errors.service' }] });
  return service;
}

export async function grantAsOfficial(deps: Deps, account: Account, serviceId: string, input: GrantInput, requestId?: string): Promise<boolean> {
  return writeGrant(deps, await officialService(deps, account, serviceId), input, { type: 'official', id: account.id }, requestId);
}

export async function revokeAsOfficial(deps: Deps, account: Account, serviceId: string, client: string, endpoint: { method: string; path: string }, requestId?: string): Promise<number> {
  return writeRevocation(deps, await officialService(deps, account, serviceId), client, endpoint, { type: 'official', id: account.id }, requestId);
}

export const grantsOf = async (deps: Deps, system: System, serviceCode: string) => listGrants(deps.db, (await ownService(deps, system, serviceCode)).id);

/** The public catalog: every published service, for the page and open data. */
export const catalog = (deps: Pick<Deps, 'dbRead'>) => listServices(deps.dbRead);
export const subsystems = (deps: Pick<Deps, 'dbRead'>) => listSubsystems(deps.dbRead);
export const servicesOf = (deps: Pick<Deps, 'db'>, member: string, subsystem: string) => listServices(deps.db, { member, subsystem });
export const allowedServices = (deps: Pick<Deps, 'db'>, member: string, subsystem: string) => listAllowedServices(deps.db, member, subsystem);

export const serviceId = (deps: Pick<Deps, 'country'>, s: Pick<Service, 'memberCode' | 'subsystemCode' | 'code'>) =>
  `${instanceOf(deps.country.code)}/${MEMBER_CLASS}/${s.memberCode}/${s.subsystemCode}/${s.code}`;

export async function catalogRows(deps: Deps): Promise<Array<Record<string, unknown>>> {
  return (await catalog(deps)).map((s) => ({
    service: serviceId(deps, s),
    title: s.title,
    producer: s.memberCode,
    legal_basis: s.legalBasis,
    classification: s.classification,
    conditions: s.conditions,
    published_at: s.publishedAt.toISOString(),
  }));
}

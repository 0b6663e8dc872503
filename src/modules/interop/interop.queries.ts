// Every SQL statement of the exchange (schema `interop`).
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { Classification, Grant, GrantMethod, Service, Subsystem } from './interop.types.ts';

type ServiceRow = {
  id: string;
  member_code: string;
  subsystem_code: string;
  code: string;
  title: string;
  base_url: string;
  openapi: Record<string, unknown>;
  legal_basis: string;
  classification: string;
  conditions: string;
  source_label: string;
  published_at: Date;
};
const toService = (r: ServiceRow): Service => ({
  id: r.id,
  memberCode: r.member_code,
  subsystemCode: r.subsystem_code,
  code: r.code,
  title: r.title,
  baseUrl: r.base_url,
  openapi: r.openapi,
  legalBasis: r.legal_basis,
  classification: r.classification as Classification,
  conditions: r.conditions,
  sourceLabel: r.source_label,
  publishedAt: r.published_at,
});
const serviceColumns = sql`id, member_code, subsystem_code, code, title, base_url, openapi, legal_basis, classification, conditions, source_label, published_at`;

/** Registers a client as a subsystem (nothing when that client already is one); answers the subsystem the client holds and the one named, if any. */
export async function insertSubsystem(db: Queryable, s: Subsystem): Promise<boolean> {
  const { rows } = await sql<{ code: string }>`
    INSERT INTO interop.subsystem (member_code, code, client_id) VALUES (${s.memberCode}, ${s.code}, ${s.clientId})
    ON CONFLICT DO NOTHING RETURNING code`.execute(db);
  return rows.length > 0;
}

export async function findSubsystemByClient(db: Queryable, clientId: string): Promise<Subsystem | undefined> {
  const { rows } = await sql<{ member_code: string; code: string; client_id: string }>`
    SELECT member_code, code, client_id FROM interop.subsystem WHERE client_id = ${clientId}`.execute(db);
  const r = rows[0];
  return r ? { memberCode: r.member_code, code: r.code, clientId: r.client_id } : undefined;
}

export async function listSubsystems(db: Queryable): Promise<Subsystem[]> {
  const { rows } = await sql<{ member_code: string; code: string; client_id: string }>`
    SELECT member_code, code, client_id FROM interop.subsystem ORDER BY member_code, code`.execute(db);
  return rows.map((r) => ({ memberCode: r.member_code, code: r.code, clientId: r.client_id }));
}

export interface NewService extends Omit<Service, 'publishedAt'> {}

/** Publishes a service, or updates its description when the subsystem already published one with this code; answers its id and whether it was new. */
export async function upsertService(db: Queryable, s: NewService): Promise<{ id: string; created: boolean }> {
  const { rows } = await sql<{ id: string; created: boolean }>`
    INSERT INTO interop.service (id, member_code, subsystem_code, code, title, base_url, openapi, legal_basis, classification, conditions, source_label)
    VALUES (${s.id}, ${s.memberCode}, ${s.subsystemCode}, ${s.code}, ${s.title}, ${s.baseUrl}, ${JSON.stringify(s.openapi)}::jsonb, ${s.legalBasis}, ${s.classification}, ${s.conditions}, ${s.sourceLabel})
    ON CONFLICT (member_code, subsystem_code, code) DO UPDATE SET
      title = EXCLUDED.title, base_url = EXCLUDED.base_url, openapi = EXCLUDED.openapi, legal_basis = EXCLUDED.legal_basis,
      classification = EXCLUDED.classification, conditions = EXCLUDED.conditions, source_label = EXCLUDED.source_label, updated_at = now()
    RETURNING id, (xmax = 0) AS created`.execute(db);
  return rows[0]!;
}

export async function findService(db: Queryable, member: string, subsystem: string, code: string): Promise<Service | undefined> {
  const { rows } = await sql<ServiceRow>`
    SELECT ${serviceColumns} FROM interop.service WHERE member_code = ${member} AND subsystem_code = ${subsystem} AND code = ${code}`.execute(db);
  return rows[0] ? toService(rows[0]) : undefined;
}

export async function listServices(db: Queryable, filter: { member?: string; subsystem?: string } = {}): Promise<Service[]> {
  const { rows } = await sql<ServiceRow>`
    SELECT ${serviceColumns} FROM interop.service
    WHERE (${filter.member ?? null}::text IS NULL OR member_code = ${filter.member ?? null})
      AND (${filter.subsystem ?? null}::text IS NULL OR subsystem_code = ${filter.subsystem ?? null})
    ORDER BY member_code, subsystem_code, code`.execute(db);
  return rows.map(toService);
}

export async function listGrants(db: Queryable, serviceId: string): Promise<Grant[]> {
  const { rows } = await sql<{ client_member: string; client_subsystem: string; method: string; path: string }>`
    SELECT client_member, client_subsystem, method, path FROM interop.access_right WHERE service_id = ${serviceId}
    ORDER BY client_member, client_subsystem, method, path`.execute(db);
  return rows.map((r) => ({ clientMember: r.client_member, clientSubsystem: r.client_subsystem, method: r.method as GrantMethod, path: r.path }));
}

/** Services a client may call (at least one endpoint granted). */
export async function listAllowedServices(db: Queryable, member: string, subsystem: string): Promise<Array<{ serviceId: string } & Grant>> {
  const { rows } = await sql<{ service_id: string; client_member: string; client_subsystem: string; method: string; path: string }>`
    SELECT service_id, client_member, client_subsystem, method, path FROM interop.access_right
    WHERE client_member = ${member} AND client_subsystem = ${subsystem}`.execute(db);
  return rows.map((r) => ({ serviceId: r.service_id, clientMember: r.client_member, clientSubsystem: r.client_subsystem, method: r.method as GrantMethod, path: r.path }));
}

export async function insertGrant(db: Queryable, serviceId: string, g: Grant, grantedBy: string): Promise<boolean> {
  const { rows } = await sql<{ path: string }>`
    INSERT INTO interop.access_right (service_id, client_member, client_subsystem, method, path, granted_by)
    VALUES (${serviceId}, ${g.clientMember}, ${g.clientSubsystem}, ${g.method}, ${g.path}, ${grantedBy})
    ON CONFLICT DO NOTHING RETURNING path`.execute(db);
  return rows.length > 0;
}

/** Removes a client's grants on a service (all of them, or one endpoint); answers how many. */
export async function deleteGrants(db: Queryable, serviceId: string, member: string, subsystem: string, endpoint?: { method: string; path: string }): Promise<number> {
  const result = await sql`
    DELETE FROM interop.access_right WHERE service_id = ${serviceId} AND client_member = ${member} AND client_subsystem = ${subsystem}
      AND (${endpoint?.method ?? null}::text IS NULL OR (method = ${endpoint?.method ?? null} AND path = ${endpoint?.path ?? null}))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The first subsystem (by code) an agency registered: the one the platform calls for it. */
export async function findSubsystemOfMember(db: Queryable, member: string): Promise<Subsystem | undefined> {
  const { rows } = await sql<{ member_code: string; code: string; client_id: string }>`
    SELECT member_code, code, client_id FROM interop.subsystem WHERE member_code = ${member} ORDER BY code LIMIT 1`.execute(db);
  const r = rows[0];
  return r ? { memberCode: r.member_code, code: r.code, clientId: r.client_id } : undefined;
}

export async function findServiceById(db: Queryable, id: string): Promise<Service | undefined> {
  const { rows } = await sql<ServiceRow>`SELECT ${serviceColumns} FROM interop.service WHERE id = ${id}`.execute(db);
  return rows[0] ? toService(rows[0]) : undefined;
}

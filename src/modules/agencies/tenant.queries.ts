// Every SQL statement on agencies.tenant: the subnational governments onboarded as tenants.
import { sql } from 'kysely';
import { auditedInsert, type AuditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tenant } from './agency.types.ts';
import type { Tables } from './db.generated.ts';

const rows = rowsInto<Tables>();

/** The tenant and its audit entry in one statement; false when the entity already was one (nothing written). */
export async function insertTenantAudited(db: Queryable, tenant: Tenant, consequences: Pick<AuditedInsert<{ code: string }>, 'audit'>): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('agencies.tenant', { code: tenant.code, onboarded_at: tenant.onboardedAt, onboarded_by: tenant.onboardedBy }),
    returning: sql<{ code: string }>`code`,
    onConflictDoNothing: true,
    ...consequences,
  });
  return row !== undefined;
}

export async function findTenants(db: Queryable, country: string): Promise<Tenant[]> {
  const found = await typed<Tables>(db)
    .selectFrom('agencies.tenant as t')
    .innerJoin('agencies.agency as a', 'a.code', 't.code')
    .select(['t.code', 't.onboarded_at', 't.onboarded_by'])
    .where('a.country', '=', country)
    .orderBy('a.name')
    .execute();
  return found.map((r) => ({ code: r.code, onboardedAt: new Date(r.onboarded_at), onboardedBy: r.onboarded_by }));
}

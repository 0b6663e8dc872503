// Every SQL statement on agencies.tenant: the subnational governments onboarded as tenants.
import { sql } from 'kysely';
import { auditedInsert, type AuditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tenant, TenantBranding } from './agency.types.ts';
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
    .select(['t.code', 't.onboarded_at', 't.onboarded_by', 't.display_name', 't.short_name', 't.colour_text', 't.colour_background'])
    .where('a.country', '=', country)
    .orderBy('a.name')
    .execute();
  return found.map((r) => ({
    code: r.code,
    onboardedAt: new Date(r.onboarded_at),
    onboardedBy: r.onboarded_by,
    branding:
      r.display_name && r.colour_text && r.colour_background ? { displayName: r.display_name, shortName: r.short_name, colourText: r.colour_text, colourBackground: r.colour_background } : null,
  }));
}

/** Writes a tenant's branding; false when it already was exactly that (nothing written). */
export async function updateTenantBranding(db: Queryable, code: string, branding: TenantBranding): Promise<boolean> {
  const result = await sql`
    UPDATE agencies.tenant SET display_name = ${branding.displayName}, short_name = ${branding.shortName}, colour_text = ${branding.colourText}, colour_background = ${branding.colourBackground}
    WHERE code = ${code}
      AND (display_name, short_name, colour_text, colour_background) IS DISTINCT FROM (${branding.displayName}, ${branding.shortName}, ${branding.colourText}, ${branding.colourBackground})`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0) > 0;
}

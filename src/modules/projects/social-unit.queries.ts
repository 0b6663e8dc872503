// Every SQL statement on the social-production units (docs/projects.md, "Social-production units").
import { sql } from 'kysely';
import { auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { AuditInput } from '../../platform/audit/audit.ts';
import type { Tables } from './db.generated.ts';
import type { SocialUnit } from './bank.types.ts';

const rows = rowsInto<Tables>();

interface UnitRow {
  key: string;
  name: string;
  registry_id: string | null;
  bank_account_id: string;
  organs: SocialUnit['organs'];
}
const toUnit = (r: UnitRow): SocialUnit => ({ key: r.key, name: r.name, registryId: r.registry_id, bankAccountId: r.bank_account_id, organs: r.organs });

/** Inserts the unit with its audit entry; false when the key (or the account) was registered already. */
export async function insertSocialUnitAudited(db: Queryable, u: SocialUnit, audit: AuditInput): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('projects.social_unit', { key: u.key, name: u.name, registry_id: u.registryId, bank_account_id: u.bankAccountId, organs: u.organs as never }),
    onConflictDoNothing: true,
    audit,
  });
  return row !== undefined;
}

export async function findSocialUnit(db: Queryable, key: string): Promise<SocialUnit | undefined> {
  const { rows: found } = await sql<UnitRow>`SELECT key, name, registry_id, bank_account_id, organs FROM projects.social_unit WHERE key = ${key}`.execute(db);
  return found[0] ? toUnit(found[0]) : undefined;
}

export async function listSocialUnits(db: Queryable): Promise<SocialUnit[]> {
  const { rows: found } = await sql<UnitRow>`SELECT key, name, registry_id, bank_account_id, organs FROM projects.social_unit ORDER BY name`.execute(db);
  return found.map(toUnit);
}

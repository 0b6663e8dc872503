// Every SQL statement on identity.account, identity.role_assignment and identity.activity.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { Account, Role, RoleAssignment } from './account.types.ts';

interface AccountRow {
  id: string;
  country: string;
  document_type: string;
  document_number: string;
  given_name: string;
  family_name: string;
  birth_date: string | null;
  email: string | null;
  email_verified_at: Date | null;
  phone: string | null;
  phone_verified_at: Date | null;
  address: string | null;
  territory_code: string | null;
  level: 'bajo' | 'sustancial';
  totp_enabled_at: Date | null;
  is_platform_admin: boolean;
  locked_until: Date | null;
  password_change_required: boolean;
}

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  country: row.country,
  documentType: row.document_type,
  documentNumber: row.document_number,
  givenName: row.given_name,
  familyName: row.family_name,
  birthDate: row.birth_date,
  email: row.email,
  emailVerified: row.email_verified_at !== null,
  phone: row.phone,
  phoneVerified: row.phone_verified_at !== null,
  address: row.address,
  territoryCode: row.territory_code,
  level: row.level,
  hasTotp: row.totp_enabled_at !== null,
  isPlatformAdmin: row.is_platform_admin,
  lockedUntil: row.locked_until,
  passwordChangeRequired: row.password_change_required,
});

const accountColumns = sql.raw(`id, country, document_type, document_number, given_name, family_name, to_char(birth_date, 'YYYY-MM-DD') AS birth_date,
  email, email_verified_at, phone, phone_verified_at, address, territory_code, level, totp_enabled_at, is_platform_admin, locked_until, password_change_required`);

export async function findAccountById(db: Queryable, id: string): Promise<Account | undefined> {
  const result = await sql<AccountRow>`SELECT ${accountColumns} FROM identity.account WHERE id = ${id}`.execute(db);
  return result.rows[0] ? toAccount(result.rows[0]) : undefined;
}

/** The account of an identity document (number as normalized by the country profile). */
export async function findAccountByDocument(db: Queryable, country: string, documentType: string, documentNumber: string): Promise<Account | undefined> {
  const result = await sql<AccountRow>`
    SELECT ${accountColumns} FROM identity.account WHERE country = ${country} AND document_type = ${documentType} AND document_number = ${documentNumber}`.execute(db);
  return result.rows[0] ? toAccount(result.rows[0]) : undefined;
}

export interface Credentials {
  account: Account;
  passwordHash: string | null;
  totpSecret: string | null;
  failedSignIns: number;
}

/** By e-mail (case-insensitive) or by identity-document number. */
export async function findCredentialsByLogin(db: Queryable, country: string, login: { email?: string; documentNumber?: string }): Promise<Credentials | undefined> {
  const where = login.email !== undefined ? sql`lower(email) = lower(${login.email})` : sql`country = ${country} AND document_number = ${login.documentNumber ?? ''}`;
  const result = await sql<AccountRow & { password_hash: string | null; totp_secret: string | null; failed_sign_ins: number }>`
    SELECT ${accountColumns}, password_hash, totp_secret, failed_sign_ins FROM identity.account WHERE ${where} LIMIT 1`.execute(db);
  const row = result.rows[0];
  return row ? { account: toAccount(row), passwordHash: row.password_hash, totpSecret: row.totp_secret, failedSignIns: row.failed_sign_ins } : undefined;
}

/** An account as created (seeds, assisted registration): no second factor, lockout or pending password change yet. */
export interface NewAccount extends Omit<Account, 'hasTotp' | 'lockedUntil' | 'passwordChangeRequired'> {
  passwordHash: string;
}

/** Inserts, or (for seeds) updates the account with the same document; returns its id. */
export async function upsertAccount(db: Queryable, account: NewAccount): Promise<{ id: string; created: boolean }> {
  const result = await sql<{ id: string; created: boolean }>`
    INSERT INTO identity.account (id, country, document_type, document_number, given_name, family_name, birth_date, email,
      email_verified_at, phone, phone_verified_at, address, territory_code, level, verified_at, password_hash, is_platform_admin)
    VALUES (${account.id}, ${account.country}, ${account.documentType}, ${account.documentNumber}, ${account.givenName},
      ${account.familyName}, ${account.birthDate}, ${account.email}, ${account.emailVerified ? sql`now()` : null},
      ${account.phone}, ${account.phoneVerified ? sql`now()` : null}, ${account.address}, ${account.territoryCode},
      ${account.level}, ${account.level === 'sustancial' ? sql`now()` : null}, ${account.passwordHash}, ${account.isPlatformAdmin})
    ON CONFLICT (country, document_type, document_number) DO UPDATE SET updated_at = identity.account.updated_at
    RETURNING id, (xmax = 0) AS created`.execute(db);
  return result.rows[0]!;
}

export async function recordFailedSignIn(db: Queryable, id: string, lockAfter: number, lockMinutes: number): Promise<{ failed: number; lockedUntil: Date | null }> {
  const result = await sql<{ failed_sign_ins: number; locked_until: Date | null }>`
    UPDATE identity.account
       SET failed_sign_ins = failed_sign_ins + 1,
           locked_until = CASE WHEN failed_sign_ins + 1 >= ${lockAfter} THEN now() + make_interval(mins => ${lockMinutes}) ELSE locked_until END
     WHERE id = ${id}
     RETURNING failed_sign_ins, locked_until`.execute(db);
  const row = result.rows[0]!;
  return { failed: row.failed_sign_ins, lockedUntil: row.locked_until };
}

export async function resetFailedSignIns(db: Queryable, id: string): Promise<void> {
  await sql`UPDATE identity.account SET failed_sign_ins = 0, locked_until = NULL WHERE id = ${id} AND (failed_sign_ins > 0 OR locked_until IS NOT NULL)`.execute(db);
}

export async function findRoles(db: Queryable, accountId: string): Promise<RoleAssignment[]> {
  const result = await sql<{ agency_code: string; role: string }>`
    SELECT agency_code, role FROM identity.role_assignment WHERE account_id = ${accountId} ORDER BY agency_code, role`.execute(db);
  return result.rows.map((r) => ({ agencyCode: r.agency_code, role: r.role }));
}

export async function insertRole(db: Queryable, accountId: string, role: RoleAssignment, grantedBy: string | null): Promise<boolean> {
  const result = await sql`
    INSERT INTO identity.role_assignment (account_id, agency_code, role, granted_by) VALUES (${accountId}, ${role.agencyCode}, ${role.role}, ${grantedBy})
    ON CONFLICT DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export type ActivityKind =
  | 'sign_in'
  | 'sign_in_failed'
  | 'data_released'
  | 'sign_out'
  | 'password_changed'
  | 'level_raised'
  | 'consent_granted'
  | 'consent_revoked'
  | 'session_revoked'
  | 'account_created'
  | 'second_factor_enabled'
  | 'second_factor_disabled'
  | 'role_granted'
  | 'role_revoked';

export async function findPasswordHash(db: Queryable, accountId: string): Promise<string | null> {
  const result = await sql<{ password_hash: string | null }>`SELECT password_hash FROM identity.account WHERE id = ${accountId}`.execute(db);
  return result.rows[0]?.password_hash ?? null;
}

/** The person's own password replaces the temporary one; false when none was required any more. */
export async function replaceTemporaryPassword(db: Queryable, accountId: string, passwordHash: string): Promise<boolean> {
  const result = await sql`
    UPDATE identity.account SET password_hash = ${passwordHash}, password_change_required = false, updated_at = now()
     WHERE id = ${accountId} AND password_change_required`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function insertActivity(db: Queryable, accountId: string, kind: ActivityKind, clientId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await sql`INSERT INTO identity.activity (account_id, kind, client_id, detail) VALUES (${accountId}, ${kind}, ${clientId}, ${JSON.stringify(detail)}::jsonb)`.execute(db);
}

export interface ActivityRow {
  kind: ActivityKind;
  clientId: string | null;
  detail: Record<string, unknown>;
  occurredAt: Date;
}

export async function findActivity(db: Queryable, accountId: string, limit = 100): Promise<ActivityRow[]> {
  const result = await sql<{ kind: ActivityKind; client_id: string | null; detail: Record<string, unknown>; occurred_at: Date }>`
    SELECT kind, client_id, detail, occurred_at FROM identity.activity WHERE account_id = ${accountId} ORDER BY occurred_at DESC, id DESC LIMIT ${limit}`.execute(db);
  return result.rows.map((r) => ({ kind: r.kind, clientId: r.client_id, detail: r.detail, occurredAt: r.occurred_at }));
}

/** Accounts holding a role in an agency, e.g. its agency admins. */
export async function findAccountIdsWithRole(db: Queryable, agencyCode: string, role: Role): Promise<string[]> {
  const result = await sql<{ account_id: string }>`
    SELECT account_id FROM identity.role_assignment
     WHERE agency_code = ${agencyCode} AND role = ${role} ORDER BY granted_at, account_id`.execute(db);
  return result.rows.map((row) => row.account_id);
}

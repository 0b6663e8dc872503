// Every SQL statement on identity.account, identity.role_assignment and identity.activity.
import { type RawBuilder, type Selectable, sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Account, Role, RoleAssignment } from './account.types.ts';
import type { AccountRow, ActivityRow as ActivityTableRow, Tables } from './db.generated.ts';

/** What the account says about the person (identity, contact, level): also what "Mis datos" shows. */
export const personColumns = [
  'country',
  'document_type',
  'document_number',
  'given_name',
  'family_name',
  'email',
  'email_verified_at',
  'phone',
  'phone_verified_at',
  'address',
  'territory_code',
  'level',
] as const;

export const accountColumns = ['id', ...personColumns, 'totp_enabled_at', 'is_platform_admin', 'locked_until', 'password_change_required'] as const;

/** An account's columns as selected, with the birth date as the calendar date it is ('YYYY-MM-DD'). */
type AccountSelection = Pick<Selectable<AccountRow>, (typeof accountColumns)[number]> & { birth_date: string | null };

export const toAccount = (row: AccountSelection): Account => ({
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
  // A CHECK keeps the stored level to these two (alto lives in the session).
  level: row.level as Account['level'],
  hasTotp: row.totp_enabled_at !== null,
  isPlatformAdmin: row.is_platform_admin,
  lockedUntil: row.locked_until,
  passwordChangeRequired: row.password_change_required,
});

/** identity.account with the columns an Account needs. */
const selectAccounts = (db: Queryable) =>
  typed<Tables>(db)
    .selectFrom('identity.account')
    .select([...accountColumns, sql<string | null>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth_date')]);

export async function findAccountById(db: Queryable, id: string): Promise<Account | undefined> {
  const row = await selectAccounts(db).where('id', '=', id).executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

/** The account of an identity document (number as normalized by the country profile). */
export async function findAccountByDocument(db: Queryable, country: string, documentType: string, documentNumber: string): Promise<Account | undefined> {
  const row = await selectAccounts(db).where('country', '=', country).where('document_type', '=', documentType).where('document_number', '=', documentNumber).executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

export interface Credentials {
  account: Account;
  passwordHash: string | null;
  totpSecret: string | null;
  failedSignIns: number;
}

/** By e-mail (case-insensitive) or by identity-document number. */
export async function findCredentialsByLogin(db: Queryable, country: string, login: { email?: string; documentNumber?: string }): Promise<Credentials | undefined> {
  const query = selectAccounts(db).select(['password_hash', 'totp_secret', 'failed_sign_ins']);
  const row = await (login.email !== undefined
    ? query.where((eb) => eb(eb.fn('lower', ['email']), '=', eb.fn('lower', [eb.val(login.email)])))
    : query.where('country', '=', country).where('document_number', '=', login.documentNumber ?? '')
  )
    .limit(1)
    .executeTakeFirst();
  return row ? { account: toAccount(row), passwordHash: row.password_hash, totpSecret: row.totp_secret, failedSignIns: row.failed_sign_ins } : undefined;
}

/** An account as created (seeds, assisted registration): no second factor, lockout or pending password change yet. */
export interface NewAccount extends Omit<Account, 'hasTotp' | 'lockedUntil' | 'passwordChangeRequired'> {
  passwordHash: string;
}

/** Inserts, or (for seeds) updates the account with the same document; returns its id. */
export async function upsertAccount(db: Queryable, account: NewAccount): Promise<{ id: string; created: boolean }> {
  const result = await sql<Pick<Selectable<AccountRow>, 'id'> & { created: boolean }>`
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

export async function resetFailedSignIns(db: Queryable, id: string): Promise<void> {
  await sql`UPDATE identity.account SET failed_sign_ins = 0, locked_until = NULL WHERE id = ${id} AND (failed_sign_ins > 0 OR locked_until IS NOT NULL)`.execute(db);
}

/** A stored grant as the domain names it: in an agency or over a territory (exactly one is set). */
export const toRoleAssignment = (r: { agency_code: string | null; territory_code: string | null; role: string }): RoleAssignment =>
  r.agency_code !== null ? { agencyCode: r.agency_code, role: r.role } : { territoryCode: r.territory_code!, role: r.role };

/** The roles a person holds: agency roles first (by agency), then territory roles (by territory). */
export async function findRoles(db: Queryable, accountId: string): Promise<RoleAssignment[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('identity.role_assignment')
    .select(['agency_code', 'territory_code', 'role'])
    .where('account_id', '=', accountId)
    .orderBy('agency_code')
    .orderBy('territory_code')
    .orderBy('role')
    .execute();
  return rows.map(toRoleAssignment);
}

export async function insertRole(db: Queryable, accountId: string, role: RoleAssignment, grantedBy: string | null): Promise<boolean> {
  const result = await typed<Tables>(db)
    .insertInto('identity.role_assignment')
    .values({ account_id: accountId, agency_code: role.agencyCode ?? null, territory_code: role.territoryCode ?? null, role: role.role, granted_by: grantedBy })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
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
  | 'role_revoked'
  | 'registry_read';

export async function findPasswordHash(db: Queryable, accountId: string): Promise<string | null> {
  const row = await typed<Tables>(db).selectFrom('identity.account').select('password_hash').where('id', '=', accountId).executeTakeFirst();
  return row?.password_hash ?? null;
}

/** The person's own password replaces the temporary one; false when none was required any more. */
export async function replaceTemporaryPassword(db: Queryable, accountId: string, passwordHash: string): Promise<boolean> {
  const result = await typed<Tables>(db)
    .updateTable('identity.account')
    .set({ password_hash: passwordHash, password_change_required: false, updated_at: sql`now()` })
    .where('id', '=', accountId)
    .where('password_change_required', '=', true)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertActivity(db: Queryable, accountId: string, kind: ActivityKind, clientId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await typed<Tables>(db)
    .insertInto('identity.activity')
    .values({ account_id: accountId, kind, client_id: clientId, detail: sql`${JSON.stringify(detail)}::jsonb` })
    .execute();
}

/**
 * One "Mi actividad" entry for each person holding one of these documents (none for a document
 * no account holds), as a data-modifying statement another module embeds in its own single
 * write (the registries' usage log): the lookup and the insert in one round trip.
 */
export function activityByDocumentStatement(
  country: string,
  entries: ReadonlyArray<{ documentType: string; documentNumber: string; kind: ActivityKind; clientId: string | null; detail: Record<string, unknown> }>,
): RawBuilder<unknown> {
  const json = JSON.stringify(entries.map((e) => ({ document_type: e.documentType, document_number: e.documentNumber, kind: e.kind, client_id: e.clientId, detail: e.detail })));
  return sql`INSERT INTO identity.activity (account_id, kind, client_id, detail)
    SELECT a.id, e.kind, e.client_id, e.detail
    FROM jsonb_to_recordset(${json}::jsonb) AS e(document_type text, document_number text, kind text, client_id text, detail jsonb)
    JOIN identity.account a ON a.country = ${country} AND a.document_type = e.document_type AND a.document_number = e.document_number`;
}

export interface ActivityRow {
  kind: ActivityKind;
  clientId: string | null;
  detail: Record<string, unknown>;
  occurredAt: Date;
}

/** `kind` is one of ActivityKind (a CHECK keeps it so); `detail` a JSON object. */
const toActivity = (row: Pick<Selectable<ActivityTableRow>, 'kind' | 'client_id' | 'detail' | 'occurred_at'>): ActivityRow => ({
  kind: row.kind as ActivityKind,
  clientId: row.client_id,
  detail: row.detail as Record<string, unknown>,
  occurredAt: row.occurred_at,
});

export async function findActivity(db: Queryable, accountId: string, limit = 100): Promise<ActivityRow[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('identity.activity')
    .select(['kind', 'client_id', 'detail', 'occurred_at'])
    .where('account_id', '=', accountId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toActivity);
}

/** Accounts holding a role in an agency, e.g. its agency admins. */
export async function findAccountIdsWithRole(db: Queryable, agencyCode: string, role: Role): Promise<string[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('identity.role_assignment')
    .select('account_id')
    .where('agency_code', '=', agencyCode)
    .where('role', '=', role)
    .orderBy('granted_at')
    .orderBy('account_id')
    .execute();
  return rows.map((row) => row.account_id);
}

/** Accounts holding a territory role over one of these territories (a unit and its ancestors: a grant covers the units below it). */
export async function findAccountIdsWithTerritoryRole(db: Queryable, role: string, territoryCodes: readonly string[]): Promise<string[]> {
  if (territoryCodes.length === 0) return [];
  const rows = await typed<Tables>(db)
    .selectFrom('identity.role_assignment')
    .select('account_id')
    .distinct()
    .where('role', '=', role)
    .where('territory_code', 'in', [...territoryCodes])
    .orderBy('account_id')
    .execute();
  return rows.map((row) => row.account_id);
}

/** Accounts holding any of these roles in an agency, with their names (a list to pick a colleague from). */
export async function findAccountsWithRoles(db: Queryable, agencyCode: string, roles: readonly string[]): Promise<Array<{ id: string; givenName: string; familyName: string }>> {
  if (roles.length === 0) return [];
  const rows = await typed<Tables>(db)
    .selectFrom('identity.role_assignment as r')
    .innerJoin('identity.account as a', 'a.id', 'r.account_id')
    .select(['a.id', 'a.given_name', 'a.family_name'])
    .distinct()
    .where('r.agency_code', '=', agencyCode)
    .where('r.role', 'in', [...roles])
    .orderBy('a.family_name')
    .orderBy('a.given_name')
    .orderBy('a.id')
    .execute();
  return rows.map((row) => ({ id: row.id, givenName: row.given_name, familyName: row.family_name }));
}

/** Accounts that administer the platform itself (they receive its operational alerts). */
export async function findPlatformAdminIds(db: Queryable): Promise<string[]> {
  const result = await sql<{ id: string }>`SELECT id FROM identity.account WHERE is_platform_admin ORDER BY created_at, id`.execute(db);
  return result.rows.map((row) => row.id);
}

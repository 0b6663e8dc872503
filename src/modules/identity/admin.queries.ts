// SQL of the administration side: registering agencies' systems (identity.client), in-person
// verification (identity.account, identity.in_person_verification), roles of officials
// (identity.role_assignment). Signing keys are the platform keyring's (src/platform/keys).
import { sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Client } from './client.types.ts';
import type { ClientRow, Tables } from './db.generated.ts';

// ---------------------------------------------------------------------------------------
// Agencies' systems

/** The settings an administrator edits (not the id, the secret, first-party or the state). */
export type ClientSettings = Omit<Client, 'clientId' | 'clientSecret' | 'isFirstParty' | 'isActive'>;

/** The columns an administrator's settings fill in (also upsertClient's). */
export const settingsColumns = (c: ClientSettings) =>
  ({
    name: c.name,
    agency_code: c.agencyCode,
    redirect_uris: c.redirectUris,
    post_logout_redirect_uris: c.postLogoutRedirectUris,
    backchannel_logout_uri: c.backchannelLogoutUri,
    scopes: c.scopes,
    minimum_level: c.minimumLevel,
    sector_identifier: c.sectorIdentifier,
    subject_type: c.subjectType,
    require_par: c.requirePar,
    purpose: c.purpose,
    rights: c.rights,
  }) satisfies Partial<Record<keyof ClientRow, unknown>>;

/** Inserts a new client; false when the client id is taken. */
export async function insertClient(db: Queryable, clientId: string, storedSecret: string, c: ClientSettings): Promise<boolean> {
  const result = await typed<Tables>(db)
    .insertInto('identity.client')
    .values({ client_id: clientId, client_secret: storedSecret, ...settingsColumns(c), is_first_party: false, is_active: true })
    .onConflict((oc) => oc.column('client_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** An update of a client that is not first party (those are registered at start, never edited). */
const updateClient = (db: Queryable, clientId: string) => typed<Tables>(db).updateTable('identity.client').where('client_id', '=', clientId).where('is_first_party', '=', false);

/** Updates the settings of a client that is not first party; false when there is none. */
export async function updateClientSettings(db: Queryable, clientId: string, c: ClientSettings): Promise<boolean> {
  const result = await updateClient(db, clientId)
    .set({ ...settingsColumns(c), updated_at: sql`now()` })
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function updateClientSecret(db: Queryable, clientId: string, storedSecret: string): Promise<boolean> {
  const result = await updateClient(db, clientId).set({ client_secret: storedSecret, updated_at: sql`now()` }).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Sets how a client authenticates by mutual TLS (both empty: by its secret again); false when there is none. */
export async function updateClientCertificate(db: Queryable, clientId: string, subjectDn: string | null, certificates: string[]): Promise<boolean> {
  const result = await updateClient(db, clientId).set({ tls_client_auth_subject_dn: subjectDn, tls_client_certificates: certificates, updated_at: sql`now()` }).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Sets whether a client may sign people in; false when nothing changed. */
export async function updateClientActive(db: Queryable, clientId: string, isActive: boolean): Promise<boolean> {
  const result = await updateClient(db, clientId).set({ is_active: isActive, updated_at: sql`now()` }).where('is_active', '<>', isActive).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---------------------------------------------------------------------------------------
// Accounts: finding a person, in-person verification, assisted registration

/** Raises a self-registered account to sustancial; false when it is not at bajo (any more). */
export async function raiseAccountLevel(db: Queryable, accountId: string, registrarId: string): Promise<boolean> {
  const result = await typed<Tables>(db)
    .updateTable('identity.account')
    .set({ level: 'sustancial', verified_at: sql`now()`, verified_by: registrarId, updated_at: sql`now()` })
    .where('id', '=', accountId)
    .where('level', '=', 'bajo')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks an account created by a registrar: who verified it, and that its password is temporary. */
export async function markAssistedAccount(db: Queryable, accountId: string, registrarId: string): Promise<void> {
  await typed<Tables>(db).updateTable('identity.account').set({ verified_by: registrarId, password_change_required: true }).where('id', '=', accountId).execute();
}

export interface VerificationRecord {
  id: string;
  accountId: string;
  registrarId: string;
  agencyCode: string;
  office: string;
  notes: string;
  isAssistedRegistration: boolean;
}

export async function insertInPersonVerification(db: Queryable, v: VerificationRecord): Promise<void> {
  await typed<Tables>(db)
    .insertInto('identity.in_person_verification')
    .values({
      id: v.id,
      account_id: v.accountId,
      registrar_id: v.registrarId,
      agency_code: v.agencyCode,
      office: v.office,
      notes: v.notes,
      is_assisted_registration: v.isAssistedRegistration,
    })
    .execute();
}

export interface LastVerification {
  agencyCode: string;
  office: string;
  verifiedAt: Date;
}

export async function findLastVerification(db: Queryable, accountId: string): Promise<LastVerification | undefined> {
  const row = await typed<Tables>(db)
    .selectFrom('identity.in_person_verification')
    .select(['agency_code', 'office', 'verified_at'])
    .where('account_id', '=', accountId)
    .orderBy('verified_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { agencyCode: row.agency_code, office: row.office, verifiedAt: row.verified_at } : undefined;
}

// ---------------------------------------------------------------------------------------
// Roles of officials

/** Where a role is held: in an agency, or over a territory (by its code). */
export type RoleScope = { agencyCode: string } | { territoryCode: string };

export interface RoleHolderRow {
  accountId: string;
  givenName: string;
  familyName: string;
  documentType: string;
  documentNumber: string;
  role: string;
  /** The territory the role is held over (null for an agency role). */
  territoryCode: string | null;
  grantedAt: Date;
}

/** Who holds roles in this agency, or over any of these territories. */
export async function findRoleHolders(db: Queryable, where: { agencyCode: string } | { territoryCodes: string[] }): Promise<RoleHolderRow[]> {
  if ('territoryCodes' in where && where.territoryCodes.length === 0) return [];
  const query = typed<Tables>(db)
    .selectFrom('identity.role_assignment as r')
    .innerJoin('identity.account as a', 'a.id', 'r.account_id')
    .select(['r.account_id', 'a.given_name', 'a.family_name', 'a.document_type', 'a.document_number', 'r.role', 'r.territory_code', 'r.granted_at']);
  const rows = await ('agencyCode' in where ? query.where('r.agency_code', '=', where.agencyCode) : query.where('r.territory_code', 'in', where.territoryCodes))
    .orderBy('r.territory_code')
    .orderBy('a.family_name')
    .orderBy('a.given_name')
    .orderBy('r.account_id')
    .orderBy('r.role')
    .execute();
  return rows.map((r) => ({
    accountId: r.account_id,
    givenName: r.given_name,
    familyName: r.family_name,
    documentType: r.document_type,
    documentNumber: r.document_number,
    role: r.role,
    territoryCode: r.territory_code,
    grantedAt: r.granted_at,
  }));
}

export async function deleteRole(db: Queryable, accountId: string, scope: RoleScope, role: string): Promise<boolean> {
  const query = typed<Tables>(db).deleteFrom('identity.role_assignment').where('account_id', '=', accountId).where('role', '=', role);
  const result = await ('agencyCode' in scope ? query.where('agency_code', '=', scope.agencyCode) : query.where('territory_code', '=', scope.territoryCode)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

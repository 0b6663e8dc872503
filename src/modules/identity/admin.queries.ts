// SQL of the administration side: registering agencies' systems (identity.client), in-person
// verification (identity.account, identity.in_person_verification), roles of officials
// (identity.role_assignment) and the lifecycle of signing keys (identity.signing_key).
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { Client } from './client.types.ts';

// ---------------------------------------------------------------------------------------
// Agencies' systems

/** The settings an administrator edits (not the id, the secret, first-party or the state). */
export type ClientSettings = Omit<Client, 'clientId' | 'clientSecret' | 'isFirstParty' | 'isActive'>;

/** Inserts a new client; false when the client id is taken. */
export async function insertClient(db: Queryable, clientId: string, storedSecret: string, c: ClientSettings): Promise<boolean> {
  const result = await sql`
    INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris,
      backchannel_logout_uri, scopes, minimum_level, sector_identifier, subject_type, require_par, is_first_party, purpose, is_active)
    VALUES (${clientId}, ${storedSecret}, ${c.name}, ${c.agencyCode}, ${c.redirectUris}::text[], ${c.postLogoutRedirectUris}::text[],
      ${c.backchannelLogoutUri}, ${c.scopes}::text[], ${c.minimumLevel}, ${c.sectorIdentifier}, ${c.subjectType}, ${c.requirePar},
      false, ${c.purpose}, true)
    ON CONFLICT (client_id) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Updates the settings of a client that is not first party; false when there is none. */
export async function updateClientSettings(db: Queryable, clientId: string, c: ClientSettings): Promise<boolean> {
  const result = await sql`
    UPDATE identity.client SET name = ${c.name}, agency_code = ${c.agencyCode}, redirect_uris = ${c.redirectUris}::text[],
      post_logout_redirect_uris = ${c.postLogoutRedirectUris}::text[], backchannel_logout_uri = ${c.backchannelLogoutUri},
      scopes = ${c.scopes}::text[], minimum_level = ${c.minimumLevel}, sector_identifier = ${c.sectorIdentifier},
      subject_type = ${c.subjectType}, require_par = ${c.requirePar}, purpose = ${c.purpose}, updated_at = now()
     WHERE client_id = ${clientId} AND NOT is_first_party`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function updateClientSecret(db: Queryable, clientId: string, storedSecret: string): Promise<boolean> {
  const result = await sql`
    UPDATE identity.client SET client_secret = ${storedSecret}, updated_at = now() WHERE client_id = ${clientId} AND NOT is_first_party`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Sets whether a client may sign people in; false when nothing changed. */
export async function updateClientActive(db: Queryable, clientId: string, isActive: boolean): Promise<boolean> {
  const result = await sql`
    UPDATE identity.client SET is_active = ${isActive}, updated_at = now()
     WHERE client_id = ${clientId} AND NOT is_first_party AND is_active <> ${isActive}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

// ---------------------------------------------------------------------------------------
// Accounts: finding a person, in-person verification, assisted registration

/** Raises a self-registered account to sustancial; false when it is not at bajo (any more). */
export async function raiseAccountLevel(db: Queryable, accountId: string, registrarId: string): Promise<boolean> {
  const result = await sql`
    UPDATE identity.account SET level = 'sustancial', verified_at = now(), verified_by = ${registrarId}, updated_at = now()
     WHERE id = ${accountId} AND level = 'bajo'`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Marks an account created by a registrar: who verified it, and that its password is temporary. */
export async function markAssistedAccount(db: Queryable, accountId: string, registrarId: string): Promise<void> {
  await sql`UPDATE identity.account SET verified_by = ${registrarId}, password_change_required = true WHERE id = ${accountId}`.execute(db);
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
  await sql`
    INSERT INTO identity.in_person_verification (id, account_id, registrar_id, agency_code, office, notes, is_assisted_registration)
    VALUES (${v.id}, ${v.accountId}, ${v.registrarId}, ${v.agencyCode}, ${v.office}, ${v.notes}, ${v.isAssistedRegistration})`.execute(db);
}

export interface LastVerification {
  agencyCode: string;
  office: string;
  verifiedAt: Date;
}

export async function findLastVerification(db: Queryable, accountId: string): Promise<LastVerification | undefined> {
  const result = await sql<{ agency_code: string; office: string; verified_at: Date }>`
    SELECT agency_code, office, verified_at FROM identity.in_person_verification WHERE account_id = ${accountId}
     ORDER BY verified_at DESC LIMIT 1`.execute(db);
  const row = result.rows[0];
  return row ? { agencyCode: row.agency_code, office: row.office, verifiedAt: row.verified_at } : undefined;
}

// ---------------------------------------------------------------------------------------
// Roles of officials

export interface AgencyRoleRow {
  accountId: string;
  givenName: string;
  familyName: string;
  documentType: string;
  documentNumber: string;
  role: string;
  grantedAt: Date;
}

export async function findAgencyRoles(db: Queryable, agencyCode: string): Promise<AgencyRoleRow[]> {
  const result = await sql<{ account_id: string; given_name: string; family_name: string; document_type: string; document_number: string; role: string; granted_at: Date }>`
    SELECT r.account_id, a.given_name, a.family_name, a.document_type, a.document_number, r.role, r.granted_at
      FROM identity.role_assignment r JOIN identity.account a ON a.id = r.account_id
     WHERE r.agency_code = ${agencyCode}
     ORDER BY a.family_name, a.given_name, r.account_id, r.role`.execute(db);
  return result.rows.map((r) => ({
    accountId: r.account_id,
    givenName: r.given_name,
    familyName: r.family_name,
    documentType: r.document_type,
    documentNumber: r.document_number,
    role: r.role,
    grantedAt: r.granted_at,
  }));
}

export async function deleteRole(db: Queryable, accountId: string, agencyCode: string, role: string): Promise<boolean> {
  const result = await sql`DELETE FROM identity.role_assignment WHERE account_id = ${accountId} AND agency_code = ${agencyCode} AND role = ${role}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

// ---------------------------------------------------------------------------------------
// Signing keys (see oidc/keys.ts: every unretired key is published; the newest one signs)

export interface SigningKeyRow {
  kid: string;
  createdAt: Date;
  retiredAt: Date | null;
}

export async function findSigningKeys(db: Queryable): Promise<SigningKeyRow[]> {
  const result = await sql<{ kid: string; created_at: Date; retired_at: Date | null }>`
    SELECT kid, created_at, retired_at FROM identity.signing_key ORDER BY created_at DESC, kid`.execute(db);
  return result.rows.map((r) => ({ kid: r.kid, createdAt: r.created_at, retiredAt: r.retired_at }));
}

/**
 * Dates a key just before the oldest published key, so that it is published (in the JWKS)
 * by every process started from now on, but does not sign until activated.
 */
export async function backdateSigningKey(db: Queryable, kid: string): Promise<void> {
  await sql`
    UPDATE identity.signing_key SET created_at = (
      SELECT coalesce(min(created_at), now()) - interval '1 second' FROM identity.signing_key WHERE retired_at IS NULL AND kid <> ${kid})
     WHERE kid = ${kid}`.execute(db);
}

/** Makes a published key the newest, so that it signs in every process started from now on. */
export async function activateSigningKey(db: Queryable, kid: string): Promise<boolean> {
  const result = await sql`UPDATE identity.signing_key SET created_at = now() WHERE kid = ${kid} AND retired_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function retireSigningKey(db: Queryable, kid: string): Promise<boolean> {
  const result = await sql`UPDATE identity.signing_key SET retired_at = now() WHERE kid = ${kid} AND retired_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

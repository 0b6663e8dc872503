// Every SQL statement on identity.client and identity.consent.
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { Client } from './client.types.ts';

interface ClientRow {
  client_id: string;
  client_secret: string | null;
  name: string;
  agency_code: string | null;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  backchannel_logout_uri: string | null;
  scopes: string[];
  minimum_level: Client['minimumLevel'];
  sector_identifier: string | null;
  subject_type: Client['subjectType'];
  require_par: boolean;
  is_first_party: boolean;
  purpose: string;
  is_active: boolean;
  can_deliver_mail: boolean;
}

const toClient = (r: ClientRow): Client => ({
  clientId: r.client_id,
  clientSecret: r.client_secret,
  name: r.name,
  agencyCode: r.agency_code,
  redirectUris: r.redirect_uris,
  postLogoutRedirectUris: r.post_logout_redirect_uris,
  backchannelLogoutUri: r.backchannel_logout_uri,
  scopes: r.scopes,
  minimumLevel: r.minimum_level,
  sectorIdentifier: r.sector_identifier,
  subjectType: r.subject_type,
  requirePar: r.require_par,
  isFirstParty: r.is_first_party,
  purpose: r.purpose,
  isActive: r.is_active,
  canDeliverMail: r.can_deliver_mail,
});

export async function findClient(db: Queryable, clientId: string): Promise<Client | undefined> {
  const result = await sql<ClientRow>`SELECT * FROM identity.client WHERE client_id = ${clientId}`.execute(db);
  return result.rows[0] ? toClient(result.rows[0]) : undefined;
}

export async function findClients(db: Queryable): Promise<Client[]> {
  const result = await sql<ClientRow>`SELECT * FROM identity.client ORDER BY name`.execute(db);
  return result.rows.map(toClient);
}

export async function upsertClient(db: Queryable, c: Client): Promise<'created' | 'updated'> {
  const result = await sql<{ created: boolean }>`
    INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris,
      backchannel_logout_uri, scopes, minimum_level, sector_identifier, subject_type, require_par, is_first_party, purpose, is_active, can_deliver_mail)
    VALUES (${c.clientId}, ${c.clientSecret}, ${c.name}, ${c.agencyCode}, ${c.redirectUris}::text[], ${c.postLogoutRedirectUris}::text[],
      ${c.backchannelLogoutUri}, ${c.scopes}::text[], ${c.minimumLevel}, ${c.sectorIdentifier}, ${c.subjectType}, ${c.requirePar},
      ${c.isFirstParty}, ${c.purpose}, ${c.isActive}, ${c.canDeliverMail ?? false})
    ON CONFLICT (client_id) DO UPDATE SET client_secret = EXCLUDED.client_secret, name = EXCLUDED.name, agency_code = EXCLUDED.agency_code,
      redirect_uris = EXCLUDED.redirect_uris, post_logout_redirect_uris = EXCLUDED.post_logout_redirect_uris,
      backchannel_logout_uri = EXCLUDED.backchannel_logout_uri, scopes = EXCLUDED.scopes, minimum_level = EXCLUDED.minimum_level,
      sector_identifier = EXCLUDED.sector_identifier, subject_type = EXCLUDED.subject_type, require_par = EXCLUDED.require_par,
      is_first_party = EXCLUDED.is_first_party, purpose = EXCLUDED.purpose, is_active = EXCLUDED.is_active,
      can_deliver_mail = EXCLUDED.can_deliver_mail, updated_at = now()
    RETURNING (xmax = 0) AS created`.execute(db);
  return result.rows[0]!.created ? 'created' : 'updated';
}

export interface Consent {
  clientId: string;
  scopes: string[];
  grantedAt: Date;
}

export async function findActiveConsent(db: Queryable, accountId: string, clientId: string): Promise<Consent | undefined> {
  const result = await sql<{ client_id: string; scopes: string[]; granted_at: Date }>`
    SELECT client_id, scopes, granted_at FROM identity.consent WHERE account_id = ${accountId} AND client_id = ${clientId} AND revoked_at IS NULL`.execute(db);
  const row = result.rows[0];
  return row ? { clientId: row.client_id, scopes: row.scopes, grantedAt: row.granted_at } : undefined;
}

export async function upsertConsent(db: Queryable, accountId: string, clientId: string, scopes: string[]): Promise<void> {
  await sql`
    INSERT INTO identity.consent (account_id, client_id, scopes) VALUES (${accountId}, ${clientId}, ${scopes}::text[])
    ON CONFLICT (account_id, client_id) DO UPDATE SET scopes = EXCLUDED.scopes, granted_at = now(), revoked_at = NULL`.execute(db);
}

export async function revokeConsentRow(db: Queryable, accountId: string, clientId: string): Promise<boolean> {
  const result = await sql`UPDATE identity.consent SET revoked_at = now() WHERE account_id = ${accountId} AND client_id = ${clientId} AND revoked_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Deletes the provider's grants and tokens of one account for one client. */
export async function deleteOidcGrants(db: Queryable, accountId: string, clientId: string): Promise<void> {
  await sql`
    DELETE FROM identity.oidc_model WHERE grant_id IN (
      SELECT id FROM identity.oidc_model WHERE model = 'Grant' AND account_id = ${accountId} AND payload->>'clientId' = ${clientId})`.execute(db);
  await sql`DELETE FROM identity.oidc_model WHERE model = 'Grant' AND account_id = ${accountId} AND payload->>'clientId' = ${clientId}`.execute(db);
}

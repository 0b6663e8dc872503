// Every SQL statement on identity.client and identity.consent.
import { type Selectable, sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import { settingsColumns } from './admin.queries.ts';
import type { Client } from './client.types.ts';
import type { ClientRow, Tables } from './db.generated.ts';

/** CHECKs keep `minimum_level` and `subject_type` to the values Client names. */
const toClient = (r: Selectable<ClientRow>): Client => ({
  clientId: r.client_id,
  clientSecret: r.client_secret,
  name: r.name,
  agencyCode: r.agency_code,
  redirectUris: r.redirect_uris,
  postLogoutRedirectUris: r.post_logout_redirect_uris,
  backchannelLogoutUri: r.backchannel_logout_uri,
  scopes: r.scopes,
  minimumLevel: r.minimum_level as Client['minimumLevel'],
  sectorIdentifier: r.sector_identifier,
  subjectType: r.subject_type as Client['subjectType'],
  requirePar: r.require_par,
  isFirstParty: r.is_first_party,
  purpose: r.purpose,
  isActive: r.is_active,
  rights: r.rights,
  tlsSubjectDn: r.tls_client_auth_subject_dn,
  tlsCertificates: r.tls_client_certificates,
});

export async function findClient(db: Queryable, clientId: string): Promise<Client | undefined> {
  const row = await typed<Tables>(db).selectFrom('identity.client').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  return row ? toClient(row) : undefined;
}

export async function findClients(db: Queryable): Promise<Client[]> {
  const rows = await typed<Tables>(db).selectFrom('identity.client').selectAll().orderBy('name').execute();
  return rows.map(toClient);
}

/** Registers or replaces a client as given (start-up, seeds, tests); no machine rights unless given. */
export async function upsertClient(db: Queryable, client: Omit<Client, 'rights'> & { rights?: string[] }): Promise<'created' | 'updated'> {
  const c: Client = { ...client, rights: client.rights ?? [] };
  const values = {
    ...settingsColumns(c),
    client_secret: c.clientSecret,
    is_first_party: c.isFirstParty,
    is_active: c.isActive,
    tls_client_auth_subject_dn: c.tlsSubjectDn ?? null,
    tls_client_certificates: c.tlsCertificates ?? [],
  };
  const row = await typed<Tables>(db)
    .insertInto('identity.client')
    .values({ client_id: c.clientId, ...values })
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
    .returning(sql<boolean>`(xmax = 0)`.as('created'))
    .executeTakeFirstOrThrow();
  return row.created ? 'created' : 'updated';
}

export interface Consent {
  clientId: string;
  scopes: string[];
  grantedAt: Date;
}

export async function findActiveConsent(db: Queryable, accountId: string, clientId: string): Promise<Consent | undefined> {
  const row = await typed<Tables>(db)
    .selectFrom('identity.consent')
    .select(['client_id', 'scopes', 'granted_at'])
    .where('account_id', '=', accountId)
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { clientId: row.client_id, scopes: row.scopes, grantedAt: row.granted_at } : undefined;
}

export async function upsertConsent(db: Queryable, accountId: string, clientId: string, scopes: string[]): Promise<void> {
  await typed<Tables>(db)
    .insertInto('identity.consent')
    .values({ account_id: accountId, client_id: clientId, scopes })
    .onConflict((oc) => oc.columns(['account_id', 'client_id']).doUpdateSet({ scopes, granted_at: sql`now()`, revoked_at: null }))
    .execute();
}

export async function revokeConsentRow(db: Queryable, accountId: string, clientId: string): Promise<boolean> {
  const result = await typed<Tables>(db)
    .updateTable('identity.consent')
    .set({ revoked_at: sql`now()` })
    .where('account_id', '=', accountId)
    .where('client_id', '=', clientId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes the provider's grants and tokens of one account for one client. */
export async function deleteOidcGrants(db: Queryable, accountId: string, clientId: string): Promise<void> {
  await sql`
    DELETE FROM identity.oidc_model WHERE grant_id IN (
      SELECT id FROM identity.oidc_model WHERE model = 'Grant' AND account_id = ${accountId} AND payload->>'clientId' = ${clientId})`.execute(db);
  await sql`DELETE FROM identity.oidc_model WHERE model = 'Grant' AND account_id = ${accountId} AND payload->>'clientId' = ${clientId}`.execute(db);
}

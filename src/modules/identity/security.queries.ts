// Every SQL statement of the account's security pages: the second factor (TOTP) columns of
// identity.account, the person's sessions (portal and provider), consents with client
// names, and "Mi actividad" page by page.
import { sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { ActivityKind } from './account.queries.ts';
import type { Tables } from './db.generated.ts';

const now = sql<Date>`now()`;

export interface TotpState {
  sealedSecret: string | null;
  sealedPending: string | null;
  lastStep: number | null;
  isExempt: boolean;
}

export async function findTotpState(db: Queryable, accountId: string): Promise<TotpState | undefined> {
  const row = await typed<Tables>(db).selectFrom('identity.account').select(['totp_secret', 'totp_pending_secret', 'totp_last_step', 'is_totp_exempt']).where('id', '=', accountId).executeTakeFirst();
  return row ? { sealedSecret: row.totp_secret, sealedPending: row.totp_pending_secret, lastStep: row.totp_last_step, isExempt: row.is_totp_exempt } : undefined;
}

/** Whether the account is exempt from the second factor, and whether it holds any agency role: one statement. */
export async function findSecondFactorDuty(db: Queryable, accountId: string): Promise<{ isExempt: boolean; hasRoles: boolean } | undefined> {
  const row = await typed<Tables>(db)
    .selectFrom('identity.account as a')
    .select((eb) => ['a.is_totp_exempt', eb.exists(eb.selectFrom('identity.role_assignment as r').select('r.account_id').whereRef('r.account_id', '=', 'a.id')).as('has_roles')])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  return row ? { isExempt: row.is_totp_exempt, hasRoles: Boolean(row.has_roles) } : undefined;
}

const updateAccount = (db: Queryable, accountId: string) => typed<Tables>(db).updateTable('identity.account').where('id', '=', accountId);

export async function updateTotpPending(db: Queryable, accountId: string, sealedPending: string | null): Promise<void> {
  await updateAccount(db, accountId).set({ totp_pending_secret: sealedPending, updated_at: now }).execute();
}

/** Turns the pending key into the account's second factor; the step used counts as spent. */
export async function enableTotp(db: Queryable, accountId: string, sealedSecret: string, step: number): Promise<void> {
  await updateAccount(db, accountId).set({ totp_secret: sealedSecret, totp_pending_secret: null, totp_enabled_at: now, totp_last_step: step, updated_at: now }).execute();
}

export async function disableTotp(db: Queryable, accountId: string): Promise<void> {
  await updateAccount(db, accountId).set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null, updated_at: now }).execute();
}

/** Records the step of an accepted code, only if it is newer than the last (false: a replay or a race). */
export async function spendTotpStep(db: Queryable, accountId: string, step: number): Promise<boolean> {
  const result = await updateAccount(db, accountId)
    .set({ totp_last_step: step })
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markTotpExempt(db: Queryable, accountId: string): Promise<void> {
  await updateAccount(db, accountId).set({ is_totp_exempt: true }).execute();
}

// ---------------------------------------------------------------------------------------
// Sessions

export interface ProviderSessionRow {
  id: string;
  loginTs: number | null;
  acr: string | null;
  /** Client id → the sid that client knows this session by. */
  authorizations: Record<string, { sid?: string; grantId?: string }>;
}

/** The account's live sessions at the provider (single sign-on). */
export async function findProviderSessions(db: Queryable, accountId: string): Promise<ProviderSessionRow[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('identity.oidc_model')
    .select(['id', 'payload'])
    .where('model', '=', 'Session')
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .orderBy(sql`(payload->>'loginTs')::bigint`, sql`desc nulls last`)
    .execute();
  return rows.map((r) => {
    // The provider's session object, as the adapter stored it.
    const payload = r.payload as { loginTs?: number; acr?: string; authorizations?: ProviderSessionRow['authorizations'] };
    return { id: r.id, loginTs: payload.loginTs ?? null, acr: payload.acr ?? null, authorizations: payload.authorizations ?? {} };
  });
}

/** Whose live provider session this is (an id from a browser's provider cookie), if anyone's. */
export async function findProviderSessionAccount(db: Queryable, id: string): Promise<string | undefined> {
  const row = await typed<Tables>(db)
    .selectFrom('identity.oidc_model')
    .select('account_id')
    .where('model', '=', 'Session')
    .where('id', '=', id)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirst();
  return row?.account_id ?? undefined;
}

export async function deleteProviderSession(db: Queryable, accountId: string, id: string): Promise<void> {
  await typed<Tables>(db).deleteFrom('identity.oidc_model').where('model', '=', 'Session').where('id', '=', id).where('account_id', '=', accountId).execute();
}

/** Deletes the tokens and codes issued under a grant of this account (refresh tokens stop working). */
export async function deleteGrantTokens(db: Queryable, accountId: string, grantId: string): Promise<void> {
  await typed<Tables>(db).deleteFrom('identity.oidc_model').where('grant_id', '=', grantId).where('account_id', '=', accountId).where('model', '<>', 'Grant').execute();
}

// ---------------------------------------------------------------------------------------
// Consents

export interface ConsentRow {
  clientId: string;
  clientName: string;
  scopes: string[];
  grantedAt: Date;
}

export async function findConsentsWithClients(db: Queryable, accountId: string): Promise<ConsentRow[]> {
  const rows = await typed<Tables>(db)
    .selectFrom('identity.consent as c')
    .innerJoin('identity.client as cl', 'cl.client_id', 'c.client_id')
    .select(['c.client_id', 'cl.name', 'c.scopes', 'c.granted_at'])
    .where('c.account_id', '=', accountId)
    .where('c.revoked_at', 'is', null)
    .orderBy('c.granted_at', 'desc')
    .execute();
  return rows.map((r) => ({ clientId: r.client_id, clientName: r.name, scopes: r.scopes, grantedAt: r.granted_at }));
}

// ---------------------------------------------------------------------------------------
// Mi actividad

export interface ActivityEntry {
  kind: ActivityKind;
  clientId: string | null;
  clientName: string | null;
  agencyCode: string | null;
  detail: Record<string, unknown>;
  occurredAt: Date;
}

export async function findActivityPage(db: Queryable, accountId: string, limit: number, offset: number): Promise<{ entries: ActivityEntry[]; total: number }> {
  const activity = typed<Tables>(db).selectFrom('identity.activity as a').where('a.account_id', '=', accountId);
  const total = await activity.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await activity
    .leftJoin('identity.client as cl', 'cl.client_id', 'a.client_id')
    .select(['a.kind', 'a.client_id', 'cl.name', 'cl.agency_code', 'a.detail', 'a.occurred_at'])
    .orderBy('a.occurred_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return {
    total: Number(total?.n ?? 0),
    // A CHECK keeps `kind` to ActivityKind; `detail` is a JSON object.
    entries: rows.map((r) => ({
      kind: r.kind as ActivityKind,
      clientId: r.client_id,
      clientName: r.name,
      agencyCode: r.agency_code,
      detail: r.detail as Record<string, unknown>,
      occurredAt: r.occurred_at,
    })),
  };
}

// SQL of the portal's web sessions (identity.web_session).
import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import { accountColumns, toAccount } from './account.queries.ts';
import type { Account } from './account.types.ts';
import type { Tables, WebSessionRow } from './db.generated.ts';

export interface WebSession {
  id: string;
  accountId: string;
  acr: string;
  oidcSid: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
}

const columns = ['id', 'account_id', 'acr', 'oidc_sid', 'created_at', 'last_seen_at', 'user_agent'] as const;
const toSession = (r: Pick<Selectable<WebSessionRow>, (typeof columns)[number]>): WebSession => ({
  id: r.id,
  accountId: r.account_id,
  acr: r.acr,
  oidcSid: r.oidc_sid,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  userAgent: r.user_agent,
});

/** Not revoked, not past its absolute end, and seen within the idle timeout. */
const isLive = (idleMinutes: number) => (eb: ExpressionBuilder<Tables, 'identity.web_session'>) =>
  eb.and([eb('revoked_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`), eb('last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)]);

export async function insertWebSession(db: Queryable, input: { id: string; accountId: string; acr: string; oidcSid: string | null; userAgent: string | null; absoluteHours: number }): Promise<void> {
  await typed<Tables>(db)
    .insertInto('identity.web_session')
    .values({
      id: input.id,
      account_id: input.accountId,
      oidc_sid: input.oidcSid,
      acr: input.acr,
      expires_at: sql<Date>`now() + make_interval(hours => ${input.absoluteHours})`,
      user_agent: input.userAgent?.slice(0, 200) ?? null,
    })
    .execute();
}

/**
 * The request's session check in one statement: the live session with this id, its idle
 * timeout slid forward, with its account, and whether the person is staff (a platform
 * administrator, or the holder of any role). Undefined when the session ended.
 */
export async function touchWebSessionWithAccount(db: Queryable, id: string, idleMinutes: number): Promise<{ session: WebSession; account: Account; staff: boolean } | undefined> {
  const row = await typed<Tables>(db)
    .with('s', (q) => q.updateTable('identity.web_session').set({ last_seen_at: sql<Date>`now()` }).where('id', '=', id).where(isLive(idleMinutes)).returning(columns))
    .selectFrom('s')
    .innerJoin('identity.account as a', 'a.id', 's.account_id')
    .select(accountColumns.map((column) => `a.${column}` as const))
    .select((eb) => [
      's.id as session_id',
      's.account_id',
      's.acr',
      's.oidc_sid',
      's.created_at',
      's.last_seen_at',
      's.user_agent',
      sql<string | null>`to_char(a.birth_date, 'YYYY-MM-DD')`.as('birth_date'),
      eb.or([eb.ref('a.is_platform_admin'), eb.exists(eb.selectFrom('identity.role_assignment as r').select(sql`1`.as('one')).whereRef('r.account_id', '=', 'a.id'))]).as('staff'),
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  return { session: toSession({ ...row, id: row.session_id }), account: toAccount(row), staff: row.staff === true };
}

export async function findLiveWebSessions(db: Queryable, accountId: string, idleMinutes: number): Promise<WebSession[]> {
  const rows = await typed<Tables>(db).selectFrom('identity.web_session').select(columns).where('account_id', '=', accountId).where(isLive(idleMinutes)).orderBy('last_seen_at', 'desc').execute();
  return rows.map(toSession);
}

const revoke = (db: Queryable) => typed<Tables>(db).updateTable('identity.web_session').set({ revoked_at: sql<Date>`now()` }).where('revoked_at', 'is', null);

/** Ends one session of the account (never another person's). Returns whether one ended. */
export async function revokeWebSession(db: Queryable, accountId: string, sessionId: string): Promise<boolean> {
  const result = await revoke(db).where('id', '=', sessionId).where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function revokeWebSessionsBySid(db: Queryable, oidcSid: string): Promise<number> {
  const result = await revoke(db).where('oidc_sid', '=', oidcSid).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// The portal's web sessions (cookie `tambo_sid`): created after the portal signs a person in
// through the provider, ended by sign-out, by back-channel logout, by the person from
// "Mis sesiones", by 30 minutes without activity or after 12 hours.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Database, Queryable } from '../../platform/db/index.ts';
import { findAccountById, insertActivity } from './account.queries.ts';
import type { Account } from './account.types.ts';

export const SESSION_COOKIE = 'tambo_sid';
export const IDLE_MINUTES = 30;
export const ABSOLUTE_HOURS = 12;

export interface WebSession {
  id: string;
  accountId: string;
  acr: string;
  oidcSid: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
}

export interface CurrentSession {
  session: WebSession;
  account: Account;
}

interface Row {
  id: string;
  account_id: string;
  acr: string;
  oidc_sid: string | null;
  created_at: Date;
  last_seen_at: Date;
  user_agent: string | null;
}
const toSession = (r: Row): WebSession => ({
  id: r.id,
  accountId: r.account_id,
  acr: r.acr,
  oidcSid: r.oidc_sid,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  userAgent: r.user_agent,
});

export async function createWebSession(db: Queryable, input: { accountId: string; acr: string; oidcSid: string | null; userAgent: string | null }): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  // The sign-in itself is recorded in "Mi actividad" where the password was checked (the provider's pages).
  await sql`INSERT INTO identity.web_session (id, account_id, oidc_sid, acr, expires_at, user_agent)
            VALUES (${id}, ${input.accountId}, ${input.oidcSid}, ${input.acr}, now() + make_interval(hours => ${ABSOLUTE_HOURS}), ${input.userAgent?.slice(0, 200) ?? null})`.execute(db);
  return id;
}

/** The live session for a cookie value (sliding its idle timeout), or undefined. */
export async function findCurrentSession(db: Queryable, id: string | undefined): Promise<CurrentSession | undefined> {
  if (!id || !/^[\w-]{20,100}$/.test(id)) return undefined;
  const result = await sql<Row>`
    UPDATE identity.web_session SET last_seen_at = now()
     WHERE id = ${id} AND revoked_at IS NULL AND expires_at > now()
       AND last_seen_at > now() - make_interval(mins => ${IDLE_MINUTES})
     RETURNING id, account_id, acr, oidc_sid, created_at, last_seen_at, user_agent`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const account = await findAccountById(db, row.account_id);
  return account ? { session: toSession(row), account } : undefined;
}

export async function findActiveSessions(db: Queryable, accountId: string): Promise<WebSession[]> {
  const result = await sql<Row>`
    SELECT id, account_id, acr, oidc_sid, created_at, last_seen_at, user_agent FROM identity.web_session
     WHERE account_id = ${accountId} AND revoked_at IS NULL AND expires_at > now()
       AND last_seen_at > now() - make_interval(mins => ${IDLE_MINUTES})
     ORDER BY last_seen_at DESC`.execute(db);
  return result.rows.map(toSession);
}

/** The person signs out of the portal: the session ends, in "Mi actividad" and the audit log. */
export async function signOutWebSession(db: Database, accountId: string, sessionId: string, requestId: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await revokeWebSession(trx, accountId, sessionId))) return;
    await insertActivity(trx, accountId, 'sign_out', null);
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'identity.signed_out', subject: { type: 'account', id: accountId }, data: {}, requestId });
  });
}

/** Ends one session of the account (never another person's). Returns whether one ended. */
export async function revokeWebSession(db: Queryable, accountId: string, sessionId: string): Promise<boolean> {
  const result = await sql`UPDATE identity.web_session SET revoked_at = now() WHERE id = ${sessionId} AND account_id = ${accountId} AND revoked_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export async function revokeWebSessionsBySid(db: Queryable, oidcSid: string): Promise<number> {
  const result = await sql`UPDATE identity.web_session SET revoked_at = now() WHERE oidc_sid = ${oidcSid} AND revoked_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

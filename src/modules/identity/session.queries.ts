// SQL of the portal's web sessions (identity.web_session).
import { sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';

export interface WebSession {
  id: string;
  accountId: string;
  acr: string;
  oidcSid: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
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

export async function insertWebSession(db: Queryable, input: { id: string; accountId: string; acr: string; oidcSid: string | null; userAgent: string | null; absoluteHours: number }): Promise<void> {
  await sql`INSERT INTO identity.web_session (id, account_id, oidc_sid, acr, expires_at, user_agent)
            VALUES (${input.id}, ${input.accountId}, ${input.oidcSid}, ${input.acr}, now() + make_interval(hours => ${input.absoluteHours}), ${input.userAgent?.slice(0, 200) ?? null})`.execute(db);
}

/** The live session with this id, its idle timeout slid forward; undefined when it ended. */
export async function touchWebSession(db: Queryable, id: string, idleMinutes: number): Promise<WebSession | undefined> {
  const result = await sql<Row>`
    UPDATE identity.web_session SET last_seen_at = now()
     WHERE id = ${id} AND revoked_at IS NULL AND expires_at > now()
       AND last_seen_at > now() - make_interval(mins => ${idleMinutes})
     RETURNING id, account_id, acr, oidc_sid, created_at, last_seen_at, user_agent`.execute(db);
  const row = result.rows[0];
  return row ? toSession(row) : undefined;
}

export async function findLiveWebSessions(db: Queryable, accountId: string, idleMinutes: number): Promise<WebSession[]> {
  const result = await sql<Row>`
    SELECT id, account_id, acr, oidc_sid, created_at, last_seen_at, user_agent FROM identity.web_session
     WHERE account_id = ${accountId} AND revoked_at IS NULL AND expires_at > now()
       AND last_seen_at > now() - make_interval(mins => ${idleMinutes})
     ORDER BY last_seen_at DESC`.execute(db);
  return result.rows.map(toSession);
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

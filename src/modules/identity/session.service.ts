// The portal's web sessions (cookie `tambo_sid`): created after the portal signs a person in
// through the provider, ended by sign-out (security.service.ts `signOut`), by back-channel logout, by the person from
// "Mis sesiones", by 30 minutes without activity or after 12 hours.
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../platform/db/index.ts';
import type { Account } from './account.types.ts';
import { findLiveWebSessions, insertWebSession, touchWebSessionWithAccount, type WebSession } from './session.queries.ts';

export { revokeWebSession, revokeWebSessionsBySid, type WebSession } from './session.queries.ts';

export const SESSION_COOKIE = 'tambo_sid';
export const IDLE_MINUTES = 30;
export const ABSOLUTE_HOURS = 12;

export interface CurrentSession {
  session: WebSession;
  account: Account;
}

/** A session as every request checks it: with whether the person is staff (holds a role, or administers the platform). */
export type StaffSession = CurrentSession & { staff: boolean };

export async function createWebSession(db: Queryable, input: { accountId: string; acr: string; oidcSid: string | null; userAgent: string | null }): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  // The sign-in itself is recorded in "Mi actividad" where the password was checked (the provider's pages).
  await insertWebSession(db, { ...input, id, absoluteHours: ABSOLUTE_HOURS });
  return id;
}

/** The live session for a cookie value (sliding its idle timeout), or undefined: one statement. */
export async function findCurrentSession(db: Queryable, id: string | undefined): Promise<StaffSession | undefined> {
  if (!id || !/^[\w-]{20,100}$/.test(id)) return undefined;
  return touchWebSessionWithAccount(db, id, IDLE_MINUTES);
}

export async function findActiveSessions(db: Queryable, accountId: string): Promise<WebSession[]> {
  return findLiveWebSessions(db, accountId, IDLE_MINUTES);
}

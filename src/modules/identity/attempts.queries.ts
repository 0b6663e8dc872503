// Attempt limits counted and locked atomically, before the comparison: every guess at a
// password, a second-factor code or a one-time code first claims one attempt with a
// conditional UPDATE (or under a transaction-scoped advisory lock), so that the (N+1)th of
// any number of parallel guesses is refused without being compared. A guess that turns out
// right gives its claim back.
import { type Selectable, sql } from 'kysely';
import type { Queryable } from '../../platform/db/index.ts';
import type { AccountRow, VerificationAttemptRow, VerificationRow } from './db.generated.ts';

type Account = Selectable<AccountRow>;

export interface SignInClaim {
  /** Failures counted on the account, this attempt included. */
  failed: number;
  /** Set when this attempt reached the limit: the lock it placed. */
  lockedUntil: Date | null;
}

/**
 * Counts one attempt on an account that is not locked, locking it when the count reaches
 * `lockAfter` (as if the attempt had failed); undefined when the account is locked (the
 * attempt must not be compared). Once a lock has run out, the next attempt counts and so
 * locks again: one try per lock period until a right one.
 */
export async function claimSignInAttempt(db: Queryable, accountId: string, lockAfter: number, lockMinutes: number): Promise<SignInClaim | undefined> {
  const result = await sql<Pick<Account, 'failed_sign_ins' | 'locked_until'>>`
    UPDATE identity.account
       SET failed_sign_ins = failed_sign_ins + 1,
           locked_until = CASE WHEN failed_sign_ins + 1 >= ${lockAfter} THEN now() + make_interval(mins => ${lockMinutes}) ELSE locked_until END
     WHERE id = ${accountId} AND (locked_until IS NULL OR locked_until <= now())
     RETURNING failed_sign_ins, CASE WHEN failed_sign_ins >= ${lockAfter} THEN locked_until END AS locked_until`.execute(db);
  const row = result.rows[0];
  return row ? { failed: row.failed_sign_ins, lockedUntil: row.locked_until } : undefined;
}

/**
 * Gives back the claim of an attempt that was right (a password followed by a second factor
 * still to come): one failure less, and the lock lifted if this claim placed it.
 */
export async function releaseSignInAttempt(db: Queryable, accountId: string, claim: SignInClaim): Promise<void> {
  await sql`
    UPDATE identity.account
       SET failed_sign_ins = greatest(failed_sign_ins - 1, 0),
           locked_until = CASE WHEN ${claim.lockedUntil}::timestamptz IS NOT NULL
                                 AND locked_until BETWEEN ${claim.lockedUntil}::timestamptz - interval '1 millisecond' AND ${claim.lockedUntil}::timestamptz + interval '1 millisecond'
                               THEN NULL ELSE locked_until END
     WHERE id = ${accountId}`.execute(db);
}

/** When the account is locked until, as committed now (a refused claim names it). */
export async function findLockedUntil(db: Queryable, accountId: string): Promise<Date | null> {
  const result = await sql<Pick<Account, 'locked_until'>>`SELECT locked_until FROM identity.account WHERE id = ${accountId}`.execute(db);
  return result.rows[0]?.locked_until ?? null;
}

/**
 * The same count for a login that matches no account, so that it answers as a known one
 * does (locked after `lockAfter` failures, one try per lock period after that): the failures
 * of the last day are rows of identity.verification_attempt under the login's key, counted
 * and added under an advisory lock on the key, in the caller's transaction.
 */
export async function claimUnknownSignInAttempt(trx: Queryable, loginKey: string, lockAfter: number, lockMinutes: number): Promise<{ claim?: SignInClaim; lockedUntil?: Date }> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`sign-in:${loginKey}`}, 0))`.execute(trx);
  const seen = await sql<{ n: number; latest: Date | null; locked_until: Date | null }>`
    SELECT count(*)::int AS n, max(occurred_at) AS latest, max(occurred_at) + make_interval(mins => ${lockMinutes}) AS locked_until
      FROM identity.verification_attempt
     WHERE address_key = ${loginKey} AND kind = 'sign_in_failed' AND occurred_at > now() - interval '1 day'`.execute(trx);
  const { n, locked_until } = seen.rows[0]!;
  if (n >= lockAfter && locked_until && locked_until.getTime() > Date.now()) return { lockedUntil: locked_until };
  const inserted = await sql<Pick<Selectable<VerificationAttemptRow>, 'occurred_at'>>`
    INSERT INTO identity.verification_attempt (kind, address_key) VALUES ('sign_in_failed', ${loginKey}) RETURNING occurred_at`.execute(trx);
  const at = inserted.rows[0]!.occurred_at;
  return { claim: { failed: n + 1, lockedUntil: n + 1 >= lockAfter ? new Date(at.getTime() + lockMinutes * 60_000) : null } };
}

/**
 * Counts one wrong-code attempt on an open verification before the code is compared;
 * undefined when the code has used up its `maxWrong` attempts (or is used or gone).
 */
export async function claimCodeAttempt(db: Queryable, verificationId: string, maxWrong: number): Promise<number | undefined> {
  const result = await sql<Pick<Selectable<VerificationRow>, 'attempts'>>`
    UPDATE identity.verification SET attempts = attempts + 1
     WHERE id = ${verificationId} AND consumed_at IS NULL AND attempts < ${maxWrong}
     RETURNING attempts`.execute(db);
  return result.rows[0]?.attempts;
}

/**
 * Serialises the hourly wrong-code count of an address (and an account) for the rest of the
 * caller's transaction, so that counting and adding a claimed failure is one step.
 */
export async function lockCodeThrottle(trx: Queryable, addressKey: string, accountId: string | null): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`code:${addressKey}`}, 0))`.execute(trx);
  if (accountId) await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`code-account:${accountId}`}, 0))`.execute(trx);
}

/** A failure claimed ahead of a code that turned out right is taken back. */
export async function deleteVerificationAttempt(db: Queryable, id: string): Promise<void> {
  await sql`DELETE FROM identity.verification_attempt WHERE id = ${id}`.execute(db);
}

/** Records a wrong code claimed before the comparison; returns the row's id. */
export async function insertClaimedCodeFailure(db: Queryable, addressKey: string, accountId: string | null): Promise<string> {
  const result = await sql<Pick<Selectable<VerificationAttemptRow>, 'id'>>`
    INSERT INTO identity.verification_attempt (kind, address_key, account_id) VALUES ('code_failed', ${addressKey}, ${accountId}) RETURNING id`.execute(db);
  return String(result.rows[0]!.id);
}

// Every SQL statement of self-registration and password reset: identity.verification,
// identity.verification_attempt, and the changes they make to accounts and sessions.
import { type Selectable, sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables, VerificationRow } from './db.generated.ts';

export type VerificationPurpose = 'registration' | 'password_reset';
export type CodeChannel = 'email' | 'sms';

/** What the person typed at /registro, kept until the code proves the address is theirs. */
export interface PendingRegistration {
  documentType: string;
  documentNumber: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  email: string | null;
  phone: string | null;
  passwordHash: string;
  /** A doubt about the document number worth showing (e.g. a RIF check digit). */
  documentWarningKey: string | null;
}

export interface Verification {
  id: string;
  purpose: VerificationPurpose;
  channel: CodeChannel | null;
  destination: string | null;
  addressKey: string;
  accountId: string | null;
  pending: PendingRegistration | null;
  isDeliverable: boolean;
  codeHash: string;
  attempts: number;
  sends: number;
  lastSentAt: Date;
  expiresAt: Date;
  consumedAt: Date | null;
}

const verificationColumns = [
  'id',
  'purpose',
  'channel',
  'destination',
  'address_key',
  'account_id',
  'pending',
  'is_deliverable',
  'code_hash',
  'attempts',
  'sends',
  'last_sent_at',
  'expires_at',
  'consumed_at',
] as const;

/** CHECKs keep `purpose` and `channel` to their unions; `pending` is what insertVerification stored. */
const toVerification = (r: Pick<Selectable<VerificationRow>, (typeof verificationColumns)[number]>): Verification => ({
  id: r.id,
  purpose: r.purpose as VerificationPurpose,
  channel: r.channel as CodeChannel | null,
  destination: r.destination,
  addressKey: r.address_key,
  accountId: r.account_id,
  pending: r.pending as PendingRegistration | null,
  isDeliverable: r.is_deliverable,
  codeHash: r.code_hash,
  attempts: r.attempts,
  sends: r.sends,
  lastSentAt: r.last_sent_at,
  expiresAt: r.expires_at,
  consumedAt: r.consumed_at,
});

export async function insertVerification(db: Queryable, v: Omit<Verification, 'attempts' | 'sends' | 'lastSentAt' | 'expiresAt' | 'consumedAt'> & { minutes: number }): Promise<void> {
  await sql`
    INSERT INTO identity.verification (id, purpose, channel, destination, address_key, account_id, pending, is_deliverable, code_hash, expires_at)
    VALUES (${v.id}, ${v.purpose}, ${v.channel}, ${v.destination}, ${v.addressKey}, ${v.accountId},
            ${v.pending ? JSON.stringify(v.pending) : null}::jsonb, ${v.isDeliverable}, ${v.codeHash}, now() + make_interval(mins => ${v.minutes}))`.execute(db);
}

/** A verification still open (not used), of the given purpose. */
export async function findOpenVerification(db: Queryable, id: string, purpose: VerificationPurpose): Promise<Verification | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const row = await typed<Tables>(db)
    .selectFrom('identity.verification')
    .select(verificationColumns)
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  return row ? toVerification(row) : undefined;
}

/** A new code for the same verification: fresh expiry, attempts back to zero, one more send. */
export async function replaceVerificationCode(db: Queryable, id: string, codeHash: string, minutes: number): Promise<void> {
  await sql`
    UPDATE identity.verification
       SET code_hash = ${codeHash}, attempts = 0, sends = sends + 1, last_sent_at = now(), expires_at = now() + make_interval(mins => ${minutes})
     WHERE id = ${id}`.execute(db);
}

/** Marks the verification used; false when it already was (a second, concurrent submit). */
export async function consumeVerification(db: Queryable, id: string): Promise<boolean> {
  const result = await sql`UPDATE identity.verification SET consumed_at = now(), pending = NULL WHERE id = ${id} AND consumed_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Forgets verifications expired for a day, and throttling records older than a day. */
export async function deleteStaleVerifications(db: Queryable): Promise<void> {
  await sql`DELETE FROM identity.verification WHERE expires_at < now() - interval '1 day'`.execute(db);
  await sql`DELETE FROM identity.verification_attempt WHERE occurred_at < now() - interval '1 day'`.execute(db);
}

export type AttemptKind = 'code_sent' | 'code_failed';

export async function insertVerificationAttempt(db: Queryable, kind: AttemptKind, addressKey: string, accountId: string | null): Promise<void> {
  await sql`INSERT INTO identity.verification_attempt (kind, address_key, account_id) VALUES (${kind}, ${addressKey}, ${accountId})`.execute(db);
}

/** How many of `kind` happened in the last `minutes`, for an address key or an account. */
export async function countVerificationAttempts(db: Queryable, kind: AttemptKind, by: { addressKey: string } | { accountId: string }, minutes: number): Promise<number> {
  const where = 'addressKey' in by ? sql`address_key = ${by.addressKey}` : sql`account_id = ${by.accountId}`;
  const result = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM identity.verification_attempt
     WHERE ${where} AND kind = ${kind} AND occurred_at > now() - make_interval(mins => ${minutes})`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** Whether an account has this document number in the country (of any document type: sign-in looks numbers up without the type). */
export async function isDocumentNumberTaken(db: Queryable, country: string, documentNumber: string): Promise<boolean> {
  const result = await sql`SELECT 1 FROM identity.account WHERE country = ${country} AND document_number = ${documentNumber} LIMIT 1`.execute(db);
  return result.rows.length > 0;
}

export async function isEmailTaken(db: Queryable, email: string): Promise<boolean> {
  const result = await sql`SELECT 1 FROM identity.account WHERE lower(email) = lower(${email}) LIMIT 1`.execute(db);
  return result.rows.length > 0;
}

/** Creates a self-registered account (level bajo). Throws on a duplicate document or e-mail (unique indexes). */
export async function insertRegisteredAccount(db: Queryable, a: { id: string; country: string; pending: PendingRegistration; emailVerified: boolean; phoneVerified: boolean }): Promise<void> {
  const p = a.pending;
  await sql`
    INSERT INTO identity.account (id, country, document_type, document_number, given_name, family_name, birth_date, email,
      email_verified_at, phone, phone_verified_at, level, password_hash)
    VALUES (${a.id}, ${a.country}, ${p.documentType}, ${p.documentNumber}, ${p.givenName}, ${p.familyName}, ${p.birthDate}::date, ${p.email},
      ${a.emailVerified ? sql`now()` : null}, ${p.phone}, ${a.phoneVerified ? sql`now()` : null}, 'bajo', ${p.passwordHash})`.execute(db);
}

/** Sets a new password of the person's choosing and lifts any lockout. */
export async function updatePasswordAfterReset(db: Queryable, accountId: string, passwordHash: string): Promise<void> {
  await sql`
    UPDATE identity.account SET password_hash = ${passwordHash}, password_change_required = false, failed_sign_ins = 0, locked_until = NULL, updated_at = now()
     WHERE id = ${accountId}`.execute(db);
}

/** Ends every portal web session of the account; returns how many were open. */
export async function revokeAllWebSessions(db: Queryable, accountId: string): Promise<number> {
  const result = await sql`UPDATE identity.web_session SET revoked_at = now() WHERE account_id = ${accountId} AND revoked_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Ends the account's sessions at the provider (its single sign-on cookie stops working) and
 * the tokens issued to clients for it (access and refresh tokens, unused codes). Grants, and
 * so the person's consents, stay.
 */
export async function deleteProviderSessions(db: Queryable, accountId: string): Promise<number> {
  const result = await sql`
    DELETE FROM identity.oidc_model
     WHERE account_id = ${accountId} AND model IN ('Session', 'AccessToken', 'RefreshToken', 'AuthorizationCode', 'BackchannelAuthenticationRequest', 'DeviceCode')`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

// Use cases of accounts: authentication with throttling and lockout, demo accounts, roles.
import { hmac, purposeKeys, type KeySource } from '../../platform/keys/secrets.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import {
  findCredentialsByLogin,
  findRoles,
  findPasswordHash,
  replaceTemporaryPassword,
  insertActivity,
  insertRole,
  resetFailedSignIns,
  upsertAccount,
  type ActivityKind,
  type NewAccount,
} from './account.queries.ts';
import type { Account, RoleAssignment } from './account.types.ts';
import { claimSignInAttempt, claimUnknownSignInAttempt, findLockedUntil, releaseSignInAttempt } from './attempts.queries.ts';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './password.ts';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

export type AuthenticationResult = { ok: true; account: Account; hasTotp: boolean; totpSecret: string | null } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; lockedUntil: Date };

/** The login as typed: an e-mail address, or an identity-document number of the country. */
export function parseLogin(deps: Pick<Deps, 'country'>, login: string): { email?: string; documentNumber?: string } {
  const trimmed = login.trim();
  if (trimmed.includes('@')) return { email: trimmed.toLowerCase() };
  for (const type of deps.country.identityDocuments) {
    const check = type.check(trimmed);
    if (check.ok) return { documentNumber: check.normalized };
  }
  return { documentNumber: trimmed.toUpperCase() };
}

/** The key under which failed sign-ins with a login that matches no account are counted: an HMAC, no login is stored. */
function unknownLoginKey(source: KeySource, login: { email?: string; documentNumber?: string }): string {
  return hmac(purposeKeys(source, 'codes').current, `sign-in-login:${login.email ?? `doc:${login.documentNumber ?? ''}`}`, 'hex');
}

/**
 * Checks a login and password. Each attempt first claims one of the account's tries
 * (`claimSignInAttempt`, atomic), so 5 wrong passwords lock it for 15 minutes however many
 * arrive at once: the sixth is refused without comparing. A login that matches no account is
 * counted the same way and verified against a dummy hash: same answers, same time.
 */
export async function authenticate(deps: Pick<Deps, 'db' | 'country' | 'config'>, login: string, password: string, clientId: string | null): Promise<AuthenticationResult> {
  const parsed = parseLogin(deps, login);
  const credentials = await findCredentialsByLogin(deps.db, deps.country.code, parsed);
  if (!credentials?.passwordHash) return failUnknownLogin(deps, unknownLoginKey(deps.config, parsed), password);
  const { account } = credentials;
  const claim = await claimSignInAttempt(deps.db, account.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
  if (!claim) return lockedAnswer(deps, account.id);
  if (!(await verifyPassword(credentials.passwordHash, password))) {
    await deps.db.transaction().execute(async (trx) => {
      await insertActivity(trx, account.id, 'sign_in_failed', clientId);
      if (claim.lockedUntil && claim.failed === LOCK_AFTER_FAILURES) {
        await recordAudit(trx, {
          actor: { type: 'system' },
          action: 'identity.account_locked',
          subject: { type: 'account', id: account.id },
          data: { failures: claim.failed, until: claim.lockedUntil.toISOString() },
        });
      }
    });
    return claim.lockedUntil ? { ok: false, reason: 'locked', lockedUntil: claim.lockedUntil } : { ok: false, reason: 'invalid' };
  }
  // With a second factor the earlier failures are cleared only once the code is right too, so
  // that knowing the password does not give unlimited tries at the code.
  if (account.hasTotp) await releaseSignInAttempt(deps.db, account.id, claim);
  else await resetFailedSignIns(deps.db, account.id);
  return { ok: true, account: { ...account, lockedUntil: null }, hasTotp: account.hasTotp, totpSecret: credentials.totpSecret };
}

/** The answer to a refused claim: locked, until when the database says (or a full period when it was just lifted). */
export async function lockedAnswer(deps: Pick<Deps, 'db'>, accountId: string): Promise<{ ok: false; reason: 'locked'; lockedUntil: Date }> {
  const until = await findLockedUntil(deps.db, accountId);
  return { ok: false, reason: 'locked', lockedUntil: until ?? new Date(Date.now() + LOCK_MINUTES * 60_000) };
}

async function failUnknownLogin(deps: Pick<Deps, 'db'>, key: string, password: string): Promise<AuthenticationResult> {
  const counted = await deps.db.transaction().execute((trx) => claimUnknownSignInAttempt(trx, key, LOCK_AFTER_FAILURES, LOCK_MINUTES));
  if (counted.lockedUntil) return { ok: false, reason: 'locked', lockedUntil: counted.lockedUntil };
  await verifyPassword(await dummyHash(), password);
  const lockedUntil = counted.claim?.lockedUntil;
  return lockedUntil ? { ok: false, reason: 'locked', lockedUntil } : { ok: false, reason: 'invalid' };
}

export type RequiredPasswordChangeResult = { ok: true } | { ok: false; error: string };

/**
 * At sign-in, a person whose account was created by a registrar replaces the temporary
 * password with their own (argon2id, the registration rules, not the temporary one again);
 * audited and in "Mi actividad", in one transaction.
 */
export async function replaceRequiredPassword(deps: Pick<Deps, 'db'>, account: Account, newPassword: string, requestId: string | null): Promise<RequiredPasswordChangeResult> {
  const problem = newPassword ? passwordProblem(newPassword, account.documentNumber) : 'identity.passwordChange.errors.passwordMissing';
  if (problem) return { ok: false, error: problem };
  const temporary = await findPasswordHash(deps.db, account.id);
  if (temporary && (await verifyPassword(temporary, newPassword))) return { ok: false, error: 'identity.passwordChange.errors.sameAsTemporary' };
  const passwordHash = await hashPassword(newPassword);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await replaceTemporaryPassword(trx, account.id, passwordHash))) return;
    await insertActivity(trx, account.id, 'password_changed', null, { via: 'temporary' });
    await recordAudit(trx, { actor: { type: 'person', id: account.id }, action: 'identity.temporary_password_replaced', subject: { type: 'account', id: account.id }, data: {}, requestId });
  });
  return { ok: true };
}

/** The roles a person holds, in agencies and over territories (for other modules' authorization: `roleGrantsOf`). */
export async function getRoles(deps: Pick<Deps, 'db'>, accountId: string): Promise<RoleAssignment[]> {
  return findRoles(deps.db, accountId);
}

export interface DemoAccountInput extends Omit<NewAccount, 'id' | 'passwordHash'> {
  password: string;
  roles: RoleAssignment[];
}

/** Creates an account (or finds the one with the same document) with its roles; audited. */
export async function ensureAccount(deps: Pick<Deps, 'db'>, input: DemoAccountInput): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction().execute(async (trx) => {
    const { password: _password, roles, ...fields } = input;
    const { id, created } = await upsertAccount(trx, { ...fields, id: uuidv7(), passwordHash });
    if (created) {
      await recordAudit(trx, { actor: { type: 'system', id: 'seed' }, action: 'identity.account_created', subject: { type: 'account', id }, data: { level: input.level } });
    }
    for (const role of roles) {
      if (await insertRole(trx, id, role, null)) {
        await recordAudit(trx, { actor: { type: 'system', id: 'seed' }, action: 'identity.role_granted', subject: { type: 'account', id }, data: { ...role } });
      }
    }
    return id;
  });
}

/** One entry of the person's activity ("Mi actividad") outside a larger change. */
export async function recordActivity(deps: Pick<Deps, 'db'>, accountId: string, kind: ActivityKind, clientId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await insertActivity(deps.db, accountId, kind, clientId, detail);
}

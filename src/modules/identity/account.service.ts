// Use cases of accounts: authentication with throttling and lockout, demo accounts, roles.
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
  recordFailedSignIn,
  resetFailedSignIns,
  upsertAccount,
  type ActivityKind,
  type NewAccount,
} from './account.queries.ts';
import type { Account, RoleAssignment } from './account.types.ts';
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

export async function authenticate(deps: Pick<Deps, 'db' | 'country'>, login: string, password: string, clientId: string | null): Promise<AuthenticationResult> {
  const credentials = await findCredentialsByLogin(deps.db, deps.country.code, parseLogin(deps, login));
  if (!credentials?.passwordHash) {
    await verifyPassword(await dummyHash(), password);
    return { ok: false, reason: 'invalid' };
  }
  const { account } = credentials;
  if (account.lockedUntil && account.lockedUntil > new Date()) {
    return { ok: false, reason: 'locked', lockedUntil: account.lockedUntil };
  }
  if (!(await verifyPassword(credentials.passwordHash, password))) {
    const outcome = await deps.db.transaction().execute(async (trx) => {
      const result = await recordFailedSignIn(trx, account.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
      await insertActivity(trx, account.id, 'sign_in_failed', clientId);
      if (result.lockedUntil && result.failed === LOCK_AFTER_FAILURES) {
        await recordAudit(trx, {
          actor: { type: 'system' },
          action: 'identity.account_locked',
          subject: { type: 'account', id: account.id },
          data: { failures: result.failed, until: result.lockedUntil.toISOString() },
        });
      }
      return result;
    });
    if (outcome.lockedUntil && outcome.lockedUntil > new Date()) return { ok: false, reason: 'locked', lockedUntil: outcome.lockedUntil };
    return { ok: false, reason: 'invalid' };
  }
  // With a second factor the failure count is cleared only once the code is right too, so that
  // knowing the password does not give unlimited tries at the code.
  if (!account.hasTotp) await resetFailedSignIns(deps.db, account.id);
  return { ok: true, account, hasTotp: account.hasTotp, totpSecret: credentials.totpSecret };
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

/** The roles a person holds, per agency (for other modules' authorization). */
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

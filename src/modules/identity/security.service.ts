// Use cases of the person's own security: the second factor (TOTP enrolment, checking it at
// sign-in with the same lockout as passwords), the sessions they can see and end, the
// consents they can revoke, and "Mi actividad". Every query is scoped to the account the
// caller passes (the signed-in person's): nobody reaches another person's rows.
import { createHash } from 'node:crypto';
import type Provider from 'oidc-provider';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/module.ts';
import { insertActivity, resetFailedSignIns } from './account.queries.ts';
import { claimSignInAttempt } from './attempts.queries.ts';
import type { Account } from './account.types.ts';
import { LOCK_AFTER_FAILURES, LOCK_MINUTES, lockedAnswer } from './account.service.ts';
import { deleteOidcGrants, revokeConsentRow } from './client.queries.ts';
import { PORTAL_CLIENT_ID } from './oidc/provider.ts';
import {
  deleteGrantTokens,
  deleteProviderSession,
  disableTotp,
  enableTotp,
  findActivityPage,
  findConsentsWithClients,
  findProviderSessionAccount,
  findProviderSessions,
  findSecondFactorDuty,
  findTotpState,
  spendTotpStep,
  updateTotpPending,
  type ActivityEntry,
  type ConsentRow,
  type ProviderSessionRow,
} from './security.queries.ts';

export type { ActivityEntry, ConsentRow } from './security.queries.ts';
import { findActiveSessions, revokeWebSession, type WebSession } from './session.service.ts';
import { generateTotpSecret, matchTotp, openSecret, otpauthUri, sealSecret } from './totp.ts';

type SecurityDeps = Pick<Deps, 'db' | 'config' | 'log'>;

// ---------------------------------------------------------------------------------------
// Second factor

export interface TotpEnrolment {
  secret: string;
  uri: string;
}

/** The key being enrolled (created on first call, the same one until confirmed or cancelled). */
export async function startTotpEnrolment(deps: SecurityDeps, account: Account): Promise<TotpEnrolment> {
  const state = await findTotpState(deps.db, account.id);
  let secret = state?.sealedPending ? openSecret(deps.config, state.sealedPending) : undefined;
  if (!secret) {
    secret = generateTotpSecret();
    await updateTotpPending(deps.db, account.id, sealSecret(deps.config, secret));
  }
  return { secret, uri: otpauthUri('Tambo', account.email ?? account.documentNumber, secret) };
}

export type TotpCodeResult = { ok: true } | { ok: false; reason: 'codeMissing' | 'wrong' | 'notPending' } | { ok: false; reason: 'locked'; lockedUntil: Date };

type CountedFailure = { ok: false; reason: 'wrong' } | { ok: false; reason: 'locked'; lockedUntil: Date };

/**
 * Compares a typed TOTP code after counting the try, atomically and before the comparison,
 * against the account's lockout (5 failures: 15 minutes, the same count as passwords and
 * sign-in codes), so that parallel guesses get 5 in all. `accept` may still refuse a matching
 * step (a code spent already). The step matched, or why not (the
 * failure recorded, and the lock audited when this try placed it). A right code's caller
 * clears the count in its own transaction (`resetFailedSignIns`).
 */
async function countedTotpCheck(
  deps: SecurityDeps,
  accountId: string,
  sealed: string,
  typed: string,
  lastStep: number | null,
  context: { clientId: string | null; requestId: string | null; factor: string; accept?: (step: number) => Promise<boolean> },
): Promise<{ step: number } | CountedFailure> {
  const claim = await claimSignInAttempt(deps.db, accountId, LOCK_AFTER_FAILURES, LOCK_MINUTES);
  if (!claim) return lockedAnswer(deps, accountId);
  const step = matchTotp(openSecret(deps.config, sealed), typed, lastStep);
  if (step !== undefined && (!context.accept || (await context.accept(step)))) return { step };
  await deps.db.transaction().execute(async (trx) => {
    await insertActivity(trx, accountId, 'sign_in_failed', context.clientId, { reason: context.factor });
    if (claim.lockedUntil && claim.failed === LOCK_AFTER_FAILURES) {
      await recordAudit(trx, {
        actor: { type: 'anonymous' },
        action: 'identity.account_locked',
        subject: { type: 'account', id: accountId },
        data: { failures: claim.failed, until: claim.lockedUntil.toISOString(), factor: 'totp' },
        requestId: context.requestId,
      });
    }
  });
  return claim.lockedUntil ? { ok: false, reason: 'locked', lockedUntil: claim.lockedUntil } : { ok: false, reason: 'wrong' };
}

/** The first right code from the app turns the pending key on; counted like sign-in codes; audited. */
export async function confirmTotpEnrolment(deps: SecurityDeps, accountId: string, typed: string, requestId: string | null): Promise<TotpCodeResult> {
  if (!typed.trim()) return { ok: false, reason: 'codeMissing' };
  const state = await findTotpState(deps.db, accountId);
  if (!state?.sealedPending) return { ok: false, reason: 'notPending' };
  const checked = await countedTotpCheck(deps, accountId, state.sealedPending, typed, null, { clientId: null, requestId, factor: 'second_factor_enrolment' });
  if ('reason' in checked) return checked;
  await deps.db.transaction().execute(async (trx) => {
    await enableTotp(trx, accountId, state.sealedPending!, checked.step);
    await resetFailedSignIns(trx, accountId);
    await insertActivity(trx, accountId, 'second_factor_enabled', null);
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'identity.second_factor_enabled', subject: { type: 'account', id: accountId }, data: { method: 'totp' }, requestId });
  });
  return { ok: true };
}

/** Turning the second factor off needs a current code, counted like sign-in codes; audited. */
export async function disableSecondFactor(deps: SecurityDeps, accountId: string, typed: string, requestId: string | null): Promise<TotpCodeResult> {
  if (!typed.trim()) return { ok: false, reason: 'codeMissing' };
  const state = await findTotpState(deps.db, accountId);
  if (!state?.sealedSecret) return { ok: false, reason: 'notPending' };
  const checked = await countedTotpCheck(deps, accountId, state.sealedSecret, typed, state.lastStep, { clientId: null, requestId, factor: 'second_factor_disable' });
  if ('reason' in checked) return checked;
  await deps.db.transaction().execute(async (trx) => {
    await disableTotp(trx, accountId);
    await resetFailedSignIns(trx, accountId);
    await insertActivity(trx, accountId, 'second_factor_disabled', null);
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'identity.second_factor_disabled', subject: { type: 'account', id: accountId }, data: { method: 'totp' }, requestId });
  });
  return { ok: true };
}

export type SecondFactorResult = { ok: true } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; lockedUntil: Date };

/**
 * The code asked at sign-in after the password. Wrong codes count towards the same lockout
 * as wrong passwords (5 failures: 15 minutes), so the 10⁶ codes cannot be tried in turn.
 */
export async function checkSecondFactor(deps: SecurityDeps, accountId: string, typed: string, clientId: string | null, requestId: string | null): Promise<SecondFactorResult> {
  const state = await findTotpState(deps.db, accountId);
  if (!state?.sealedSecret) return { ok: false, reason: 'invalid' };
  // A code is good once: one replayed within its 30 seconds counts as a failure.
  const accept = (step: number) => spendTotpStep(deps.db, accountId, step);
  const checked = await countedTotpCheck(deps, accountId, state.sealedSecret, typed, state.lastStep, { clientId, requestId, factor: 'second_factor', accept });
  if ('reason' in checked) return checked.reason === 'locked' ? checked : { ok: false, reason: 'invalid' };
  await resetFailedSignIns(deps.db, accountId);
  return { ok: true };
}

/** Officials (any role) and platform administrators must have a second factor, except the demo seed's staff. */
export async function mustEnrolSecondFactor(deps: Pick<Deps, 'db'>, account: Account): Promise<boolean> {
  if (account.hasTotp) return false;
  const duty = await findSecondFactorDuty(deps.db, account.id);
  if (duty?.isExempt) return false;
  return account.isPlatformAdmin || (duty?.hasRoles ?? false);
}

// ---------------------------------------------------------------------------------------
// Sessions

export interface SessionEntry {
  /** A public handle (a hash): the cookie value of a session never appears in a page. */
  handle: string;
  userAgent: string | null;
  startedAt: Date;
  lastSeenAt: Date | null;
  acr: string;
  clientIds: string[];
  isCurrent: boolean;
  webSession?: WebSession;
  providerSession?: ProviderSessionRow;
}

const handleOf = (kind: string, id: string) => createHash('sha256').update(`session-handle:${kind}:${id}`).digest('base64url').slice(0, 22);

/** The person's sessions: portal sessions (with the provider session behind each) and provider-only ones. */
export async function listSessions(deps: Pick<Deps, 'db'>, accountId: string, currentWebSessionId: string | null): Promise<SessionEntry[]> {
  const web = await findActiveSessions(deps.db, accountId);
  const provider = await findProviderSessions(deps.db, accountId);
  const linked = new Set<string>();
  const entries: SessionEntry[] = web.map((session) => {
    const behind = provider.find((p) => session.oidcSid && Object.values(p.authorizations).some((a) => a.sid === session.oidcSid));
    if (behind) linked.add(behind.id);
    return {
      handle: handleOf('web', session.id),
      userAgent: session.userAgent,
      startedAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      acr: session.acr,
      clientIds: behind ? Object.keys(behind.authorizations).filter((c) => c !== PORTAL_CLIENT_ID) : [],
      isCurrent: session.id === currentWebSessionId,
      webSession: session,
      providerSession: behind,
    };
  });
  for (const p of provider) {
    if (linked.has(p.id)) continue;
    entries.push({
      handle: handleOf('provider', p.id),
      userAgent: null,
      startedAt: new Date((p.loginTs ?? 0) * 1000),
      lastSeenAt: null,
      acr: p.acr ?? 'bajo',
      clientIds: Object.keys(p.authorizations).filter((c) => c !== PORTAL_CLIENT_ID),
      isCurrent: false,
      providerSession: p,
    });
  }
  return entries;
}

/**
 * Ends sessions of the account: the portal session, the provider session behind it (its
 * tokens, refresh tokens included, stop working) and a back-channel logout to each client
 * that registered for it. `which`: one handle, or every session but the current one.
 * Returns how many ended (0 when the handle is not one of this person's sessions).
 */
export async function endSessions(
  deps: SecurityDeps,
  provider: Provider,
  accountId: string,
  currentWebSessionId: string | null,
  which: { handle: string } | 'others',
  requestId: string | null,
): Promise<number> {
  const all = await listSessions(deps, accountId, currentWebSessionId);
  const chosen = which === 'others' ? all.filter((s) => !s.isCurrent) : all.filter((s) => s.handle === which.handle);
  if (chosen.length === 0) return 0;
  await deps.db.transaction().execute(async (trx) => {
    for (const entry of chosen) {
      if (entry.webSession) await revokeWebSession(trx, accountId, entry.webSession.id);
      if (entry.providerSession) {
        for (const authorization of Object.values(entry.providerSession.authorizations)) {
          if (authorization.grantId) await deleteGrantTokens(trx, accountId, authorization.grantId);
        }
        await deleteProviderSession(trx, accountId, entry.providerSession.id);
      }
      await insertActivity(trx, accountId, 'session_revoked', null, { current: entry.isCurrent });
    }
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'identity.sessions_revoked',
      subject: { type: 'account', id: accountId },
      data: { count: chosen.length, scope: which === 'others' ? 'others' : 'one' },
      requestId,
    });
  });
  // After the commit: tell every client of the ended provider sessions.
  await notifyClients(
    deps,
    provider,
    accountId,
    chosen.flatMap((entry) => (entry.providerSession ? [entry.providerSession] : [])),
  );
  return chosen.length;
}

/** A back-channel logout to each client (but the portal) of ended provider sessions; failures are logged. */
async function notifyClients(deps: SecurityDeps, provider: Provider, accountId: string, sessions: ProviderSessionRow[]): Promise<void> {
  const notices: Promise<unknown>[] = [];
  for (const session of sessions) {
    for (const [clientId, authorization] of Object.entries(session.authorizations)) {
      if (clientId === PORTAL_CLIENT_ID || !authorization.sid) continue;
      notices.push(
        (async () => {
          const client = await provider.Client.find(clientId);
          if (client?.backchannelLogoutUri) await (client as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> }).backchannelLogout(accountId, authorization.sid!);
        })().catch((error: unknown) => deps.log.warn({ err: error, clientId }, 'back-channel logout not delivered')),
      );
    }
  }
  await Promise.all(notices);
}

/**
 * The person signs out ("Cerrar sesión"): in one transaction the portal session ends, and so
 * does the provider session behind it (the one the portal session came from, and the one this
 * browser's provider cookie names, when it is the same person's), with the tokens of its
 * grants, so that no service signs her back in without her password. Recorded once in "Mi
 * actividad" and in the audit log; then every other client of those sessions gets a
 * back-channel logout. With no portal session (`current` null: it ended by inactivity), the
 * provider session this browser's cookie names ends all the same.
 */
export async function signOut(
  deps: SecurityDeps,
  provider: Provider,
  current: { accountId: string; webSessionId: string; oidcSid: string | null } | null,
  browserProviderSessionId: string | undefined,
  requestId: string | null,
): Promise<void> {
  // Without a portal session (it timed out while the provider's lasts longer), the browser's
  // provider session still ends: its cookie is the credential, and whoever holds it may end it.
  const accountId = current?.accountId ?? (browserProviderSessionId ? await findProviderSessionAccount(deps.db, browserProviderSessionId) : undefined);
  if (!accountId) return;
  const oidcSid = current?.oidcSid ?? null;
  const ended = (await findProviderSessions(deps.db, accountId)).filter(
    (p) => p.id === browserProviderSessionId || (oidcSid !== null && Object.values(p.authorizations).some((a) => a.sid === oidcSid)),
  );
  const signedOut = await deps.db.transaction().execute(async (trx) => {
    const wasLive = current ? await revokeWebSession(trx, accountId, current.webSessionId) : ended.length > 0;
    for (const session of ended) {
      for (const authorization of Object.values(session.authorizations)) {
        if (authorization.grantId) await deleteGrantTokens(trx, accountId, authorization.grantId);
      }
      await deleteProviderSession(trx, accountId, session.id);
    }
    if (!wasLive) return false;
    await insertActivity(trx, accountId, 'sign_out', null);
    await recordAudit(trx, {
      actor: { type: 'person', id: accountId },
      action: 'identity.signed_out',
      subject: { type: 'account', id: accountId },
      data: { providerSessions: ended.length },
      requestId,
    });
    return true;
  });
  if (signedOut) await notifyClients(deps, provider, accountId, ended);
}

// ---------------------------------------------------------------------------------------
// Consents and activity

export function listConsents(deps: Pick<Deps, 'db'>, accountId: string): Promise<ConsentRow[]> {
  return findConsentsWithClients(deps.db, accountId);
}

/** Withdraws the person's consent to a client: its grants and tokens go too, so it must ask again. */
export async function revokeConsent(deps: Pick<Deps, 'db'>, accountId: string, clientId: string, requestId: string | null): Promise<boolean> {
  return deps.db.transaction().execute(async (trx) => {
    if (!(await revokeConsentRow(trx, accountId, clientId))) return false;
    await deleteOidcGrants(trx, accountId, clientId);
    await insertActivity(trx, accountId, 'consent_revoked', clientId);
    await recordAudit(trx, { actor: { type: 'person', id: accountId }, action: 'identity.consent_revoked', subject: { type: 'account', id: accountId }, data: { clientId }, requestId });
    return true;
  });
}

export const ACTIVITY_PAGE_SIZE = 20;

export function activityPage(deps: Pick<Deps, 'db'>, accountId: string, page: number): Promise<{ entries: ActivityEntry[]; total: number }> {
  return findActivityPage(deps.db, accountId, ACTIVITY_PAGE_SIZE, (Math.max(1, page) - 1) * ACTIVITY_PAGE_SIZE);
}

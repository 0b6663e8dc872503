// Self-registration (level bajo) and password reset with one-time codes sent by e-mail or SMS
// through messaging. Codes: 6 digits, 15 minutes, stored as an HMAC; 5 wrong tries per code.
// Throttling (counted in identity.verification_attempt, keyed by an HMAC of the address or
// login, and by account): at most 5 codes per address or login per hour, one resend a
// minute, and at most 10 wrong codes per hour per address and per account. Nothing here logs
// an address, a code or a password.
import { randomInt, timingSafeEqual } from 'node:crypto';
import { hmac, purposeKeys, type KeySource, type KeyVersion } from '../../platform/keys/secrets.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { type DateParts, dateFromParts, normalizeEmail, normalizePhone, phoneRegionOf } from '../../shared/validators.ts';
import { queueMessage, type Channel } from '../messaging/index.ts';
import { findAccountById, findCredentialsByLogin, insertActivity } from './account.queries.ts';
import { parseLogin } from './account.service.ts';
import { claimCodeAttempt, deleteVerificationAttempt, insertClaimedCodeFailure, lockCodeThrottle } from './attempts.queries.ts';
import { hashPassword, passwordProblem } from './password.ts';
import {
  consumeVerification,
  countVerificationAttempts,
  deleteProviderSessions,
  deleteStaleVerifications,
  findOpenVerification,
  insertRegisteredAccount,
  insertVerification,
  insertVerificationAttempt,
  isDocumentNumberTaken,
  isEmailTaken,
  replaceVerificationCode,
  revokeAllWebSessions,
  updatePasswordAfterReset,
  type PendingRegistration,
  type Verification,
  type VerificationPurpose,
} from './registration.queries.ts';

export const CODE_MINUTES = 15;
export const MAX_WRONG_PER_CODE = 5;
export const MAX_SENDS_PER_VERIFICATION = 5;
export const RESEND_AFTER_SECONDS = 60;
export const MAX_CODES_PER_HOUR = 5;
export const MAX_WRONG_PER_HOUR = 10;

type ServiceDeps = Pick<Deps, 'db' | 'config' | 'country'>;

/** A message key and its parameters: the route translates it. */
export interface FieldMessage {
  key: string;
  params?: Record<string, string | number>;
}

// ---------------------------------------------------------------------------------------
// Codes and keys

export function generateCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** HMAC of a code under a version of the `codes` key (the current one by default), salted with the verification's id. */
export function hashCode(source: KeySource | string, verificationId: string, code: string, key: KeyVersion = purposeKeys(source, 'codes').current): string {
  return hmac(key, `verification-code:${verificationId}:${code}`, 'hex');
}

/** A code lives minutes: it matches under the current or the previous `codes` key, so a rotation does not void codes just sent. */
function codeMatches(source: KeySource, verification: Verification, code: string): boolean {
  const expected = Buffer.from(verification.codeHash, 'hex');
  return (
    verification.isDeliverable &&
    purposeKeys(source, 'codes').recent.some((key) => {
      const given = Buffer.from(hashCode(source, verification.id, code, key), 'hex');
      return expected.length === given.length && timingSafeEqual(expected, given);
    })
  );
}

/**
 * The throttling key of an address or login: an HMAC under the current `codes` key, so no
 * address is stored with the counts (a rotation restarts the hourly counts, nothing else).
 */
export function addressKey(source: KeySource | string, value: string): string {
  return hmac(purposeKeys(source, 'codes').current, `verification-address:${value.trim().toLowerCase()}`, 'hex');
}

// ---------------------------------------------------------------------------------------
// What people type

export interface RegistrationInput {
  documentType: string;
  documentNumber: string;
  givenName: string;
  familyName: string;
  birthDate: DateParts;
  email: string;
  phone: string;
  password: string;
}

export type RegistrationField = 'documentType' | 'documentNumber' | 'givenName' | 'familyName' | 'birthDate' | 'email' | 'phone' | 'password';
export type RegistrationErrors = Partial<Record<RegistrationField, FieldMessage>>;

interface ValidRegistration {
  documentType: string;
  documentNumber: string;
  documentWarningKey: string | null;
  givenName: string;
  familyName: string;
  birthDate: string;
  email: string | null;
  phone: string | null;
  password: string;
}

const tidyName = (value: string) => value.trim().replace(/\s+/g, ' ');

/** Checks every field at once; the document number is normalized by the country profile. */
export function validateRegistration(deps: Pick<Deps, 'country'>, input: RegistrationInput, today = new Date()): { errors: RegistrationErrors; value?: ValidRegistration } {
  const errors: RegistrationErrors = {};
  const type = deps.country.identityDocuments.find((d) => d.code === input.documentType);
  if (!type) errors.documentType = { key: 'identity.registration.errors.documentTypeMissing' };
  let documentNumber = '';
  let documentWarningKey: string | null = null;
  if (!input.documentNumber.trim()) errors.documentNumber = { key: 'identity.registration.errors.documentNumberMissing' };
  else if (type) {
    const check = type.check(input.documentNumber);
    if (!check.ok) errors.documentNumber = { key: 'identity.registration.errors.documentNumberInvalid', params: { example: type.example } };
    documentNumber = check.normalized;
    documentWarningKey = check.warningKey ?? null;
  }
  const givenName = tidyName(input.givenName);
  const familyName = tidyName(input.familyName);
  if (!givenName) errors.givenName = { key: 'identity.registration.errors.givenNameMissing' };
  else if (givenName.length > 100) errors.givenName = { key: 'identity.registration.errors.nameTooLong' };
  if (!familyName) errors.familyName = { key: 'identity.registration.errors.familyNameMissing' };
  else if (familyName.length > 100) errors.familyName = { key: 'identity.registration.errors.nameTooLong' };

  const parts = input.birthDate;
  const birthDate = dateFromParts(parts);
  const todayText = today.toISOString().slice(0, 10);
  if (![parts.day, parts.month, parts.year].some((v) => v?.trim())) errors.birthDate = { key: 'identity.registration.errors.birthDateMissing' };
  else if (!birthDate) errors.birthDate = { key: 'identity.registration.errors.birthDateInvalid' };
  else if (birthDate > todayText) errors.birthDate = { key: 'identity.registration.errors.birthDateFuture' };
  else if (birthDate < '1900-01-01') errors.birthDate = { key: 'identity.registration.errors.birthDateInvalid' };

  const emailRaw = input.email.trim();
  const phoneRaw = input.phone.trim();
  // Stored in lower case whole (sign-in compares addresses that way).
  const email = emailRaw ? (normalizeEmail(emailRaw)?.toLowerCase() ?? null) : null;
  const phoneCheck = phoneRaw ? normalizePhone(phoneRaw, phoneRegionOf(deps.country.code), { mobileOnly: true }) : undefined;
  const phone = phoneCheck?.ok ? phoneCheck.e164 : null;
  if (!emailRaw && !phoneRaw) errors.email = { key: 'identity.registration.errors.contactMissing' };
  if (emailRaw && !email) errors.email = { key: 'identity.registration.errors.emailInvalid' };
  if (phoneCheck && !phoneCheck.ok) {
    errors.phone =
      phoneCheck.reason === 'not_mobile'
        ? { key: 'identity.registration.errors.phoneNotMobile' }
        : { key: 'identity.registration.errors.phoneInvalid', params: { example: deps.country.terms.mobileExample } };
  }

  const problem = input.password ? passwordProblem(input.password, documentNumber || undefined) : 'identity.registration.errors.passwordMissing';
  if (problem) errors.password = { key: problem };

  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    value: { documentType: input.documentType, documentNumber, documentWarningKey, givenName, familyName, birthDate: birthDate!, email, phone, password: input.password },
  };
}

// ---------------------------------------------------------------------------------------
// Registration

export type StartResult = { ok: true; verificationId: string } | { ok: false; errors: RegistrationErrors };

/**
 * Checks what the person typed and sends a code to their e-mail (or, without one, their
 * mobile). A document number already registered is refused plainly (the person is pointed to
 * sign-in and reset). An e-mail address already registered is not revealed: the person goes
 * on to the code page as anyone else, and the address receives a notice instead of a code.
 */
export async function startRegistration(deps: ServiceDeps, input: RegistrationInput, locale: Locale): Promise<StartResult> {
  const { errors, value } = validateRegistration(deps, input);
  if (!value) return { ok: false, errors };
  if (await isDocumentNumberTaken(deps.db, deps.country.code, value.documentNumber)) {
    return { ok: false, errors: { documentNumber: { key: 'identity.registration.errors.documentTaken' } } };
  }
  const channel: Channel = value.email ? 'email' : 'sms';
  const destination = (value.email ?? value.phone)!;
  const key = addressKey(deps.config, destination);
  if ((await countVerificationAttempts(deps.db, 'code_sent', { addressKey: key }, 60)) >= MAX_CODES_PER_HOUR) {
    return { ok: false, errors: { [channel === 'email' ? 'email' : 'phone']: { key: 'identity.verify.errors.tooManyCodes' } } };
  }
  const isDeliverable = !(value.email && (await isEmailTaken(deps.db, value.email)));
  const pending: PendingRegistration = {
    documentType: value.documentType,
    documentNumber: value.documentNumber,
    givenName: value.givenName,
    familyName: value.familyName,
    birthDate: value.birthDate,
    email: value.email,
    phone: value.phone,
    passwordHash: await hashPassword(value.password),
    documentWarningKey: value.documentWarningKey,
  };
  const id = uuidv7();
  const code = generateCode();
  await deps.db.transaction().execute(async (trx) => {
    await openVerification(trx, deps.config, {
      id,
      code,
      purpose: 'registration',
      channel,
      destination,
      addressKey: key,
      accountId: null,
      pending,
      isDeliverable,
    });
    await queueMessage(
      trx,
      isDeliverable
        ? { channel, to: destination, templateKey: 'registrationCode', params: { name: pending.givenName, code, minutes: CODE_MINUTES }, locale }
        : { channel, to: destination, templateKey: 'accountExists', params: { resetUrl: `${deps.config.publicUrl}/recuperar` }, locale },
    );
  });
  return { ok: true, verificationId: id };
}

/** Opens a verification (after clearing stale ones): its code stored hashed, with the standard expiry, and the send counted. */
async function openVerification(trx: Queryable, secret: KeySource, v: Omit<Parameters<typeof insertVerification>[1], 'codeHash' | 'minutes'> & { code: string }): Promise<void> {
  const { code, ...verification } = v;
  await deleteStaleVerifications(trx);
  await insertVerification(trx, { ...verification, codeHash: hashCode(secret, v.id, code), minutes: CODE_MINUTES });
  await insertVerificationAttempt(trx, 'code_sent', v.addressKey, v.accountId);
}

/** What the code page shows of a registration in progress. */
export interface RegistrationProgress {
  channel: Channel;
  destination: string;
  documentWarningKey: string | null;
}

export async function findRegistrationProgress(deps: Pick<Deps, 'db'>, verificationId: string): Promise<RegistrationProgress | undefined> {
  const verification = await findOpenVerification(deps.db, verificationId, 'registration');
  if (!verification?.channel || !verification.destination) return undefined;
  return { channel: verification.channel, destination: verification.destination, documentWarningKey: verification.pending?.documentWarningKey ?? null };
}

/** Whether a password reset is still waiting for its code (the code page shows nothing else). */
export async function isPasswordResetOpen(deps: Pick<Deps, 'db'>, verificationId: string): Promise<boolean> {
  return (await findOpenVerification(deps.db, verificationId, 'password_reset')) !== undefined;
}

export type CodeFailure = 'missing' | 'codeMissing' | 'codeFormat' | 'wrong' | 'expired' | 'tooManyAttempts' | 'throttled';
export type CheckResult = { ok: false; reason: CodeFailure; remaining?: number } | { ok: true; verification: Verification };

/** Checks a typed code against an open verification, counting wrong ones. */
async function checkCode(deps: ServiceDeps, purpose: VerificationPurpose, verificationId: string, typed: string): Promise<CheckResult> {
  const code = typed.replace(/\s+/g, '');
  const verification = await findOpenVerification(deps.db, verificationId, purpose);
  if (!verification) return { ok: false, reason: 'missing' };
  if (!code) return { ok: false, reason: 'codeMissing' };
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'codeFormat' };
  // The try is counted before the comparison, in one step with the hourly count (an advisory
  // lock per address and account), so parallel guesses get the same 5 per code and 10 an hour.
  const claim = await deps.db.transaction().execute(async (trx) => {
    await lockCodeThrottle(trx, verification.addressKey, verification.accountId);
    const recentFailures = Math.max(
      await countVerificationAttempts(trx, 'code_failed', { addressKey: verification.addressKey }, 60),
      verification.accountId ? await countVerificationAttempts(trx, 'code_failed', { accountId: verification.accountId }, 60) : 0,
    );
    if (recentFailures >= MAX_WRONG_PER_HOUR) return { refused: 'throttled' as const };
    const attempts = await claimCodeAttempt(trx, verification.id, MAX_WRONG_PER_CODE);
    if (attempts === undefined) return { refused: 'tooManyAttempts' as const };
    if (verification.expiresAt.getTime() <= Date.now()) return { refused: 'expired' as const };
    return { attempts, failureId: await insertClaimedCodeFailure(trx, verification.addressKey, verification.accountId) };
  });
  if (claim.refused !== undefined) return { ok: false, reason: claim.refused };
  if (!codeMatches(deps.config, verification, code)) {
    const remaining = MAX_WRONG_PER_CODE - claim.attempts;
    return remaining > 0 ? { ok: false, reason: 'wrong', remaining } : { ok: false, reason: 'tooManyAttempts' };
  }
  await deleteVerificationAttempt(deps.db, claim.failureId);
  return { ok: true, verification };
}

export type CompleteRegistrationResult = { ok: true; accountId: string } | { ok: false; reason: CodeFailure | 'conflict'; remaining?: number };

/** The right code creates the account (level bajo, the channel the code went to verified); audited. */
export async function completeRegistration(deps: ServiceDeps, verificationId: string, typedCode: string, requestId: string | null): Promise<CompleteRegistrationResult> {
  const checked = await checkCode(deps, 'registration', verificationId, typedCode);
  if (!checked.ok) return checked;
  const { verification } = checked;
  const pending = verification.pending;
  if (!pending) return { ok: false, reason: 'missing' };
  const accountId = uuidv7();
  try {
    const created = await deps.db.transaction().execute(async (trx) => {
      if (!(await consumeVerification(trx, verification.id))) return false;
      if (await isDocumentNumberTaken(trx, deps.country.code, pending.documentNumber)) throw new RegistrationConflict();
      await insertRegisteredAccount(trx, {
        id: accountId,
        country: deps.country.code,
        pending,
        emailVerified: verification.channel === 'email',
        phoneVerified: verification.channel === 'sms',
      });
      await recordAudit(trx, {
        actor: { type: 'person', id: accountId },
        action: 'identity.account_created',
        subject: { type: 'account', id: accountId },
        data: { level: 'bajo', via: 'self_registration', verifiedChannel: verification.channel },
        requestId,
      });
      await insertActivity(trx, accountId, 'account_created', null, { verifiedChannel: verification.channel });
      await emitEvent(trx, 'identity.account_created', { accountId, level: 'bajo', via: 'self_registration' });
      return true;
    });
    return created ? { ok: true, accountId } : { ok: false, reason: 'missing' };
  } catch (error) {
    // Someone registered the same document or e-mail while this code was on its way.
    if (error instanceof RegistrationConflict || (error as { code?: string }).code === '23505') return { ok: false, reason: 'conflict' };
    throw error;
  }
}

class RegistrationConflict extends Error {}

export type ResendResult = { ok: true } | { ok: false; reason: 'missing' | 'tooSoon' | 'tooMany' };

/** A new code (the old one stops working), at most once a minute and five times in all. */
export async function resendCode(deps: ServiceDeps, purpose: VerificationPurpose, verificationId: string, locale: Locale): Promise<ResendResult> {
  const verification = await findOpenVerification(deps.db, verificationId, purpose);
  if (!verification) return { ok: false, reason: 'missing' };
  if (verification.sends >= MAX_SENDS_PER_VERIFICATION) return { ok: false, reason: 'tooMany' };
  if (verification.lastSentAt.getTime() + RESEND_AFTER_SECONDS * 1000 > Date.now()) return { ok: false, reason: 'tooSoon' };
  if ((await countVerificationAttempts(deps.db, 'code_sent', { addressKey: verification.addressKey }, 60)) >= MAX_CODES_PER_HOUR) return { ok: false, reason: 'tooMany' };
  const accountThrottled = verification.accountId !== null && (await countVerificationAttempts(deps.db, 'code_sent', { accountId: verification.accountId }, 60)) >= MAX_CODES_PER_HOUR;
  const givenName = verification.pending?.givenName ?? (verification.accountId ? (await findAccountById(deps.db, verification.accountId))?.givenName : undefined) ?? '';
  const code = generateCode();
  await deps.db.transaction().execute(async (trx) => {
    await replaceVerificationCode(trx, verification.id, hashCode(deps.config, verification.id, code), CODE_MINUTES);
    await insertVerificationAttempt(trx, 'code_sent', verification.addressKey, verification.accountId);
    if (!verification.channel || !verification.destination || accountThrottled) return;
    if (purpose === 'registration') {
      await queueMessage(
        trx,
        verification.isDeliverable
          ? { channel: verification.channel, to: verification.destination, templateKey: 'registrationCode', params: { name: givenName, code, minutes: CODE_MINUTES }, locale }
          : { channel: verification.channel, to: verification.destination, templateKey: 'accountExists', params: { resetUrl: `${deps.config.publicUrl}/recuperar` }, locale },
      );
    } else if (verification.isDeliverable) {
      await queueMessage(trx, { channel: verification.channel, to: verification.destination, templateKey: 'resetCode', params: { name: givenName, code, minutes: CODE_MINUTES }, locale });
    }
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------
// Password reset

export type StartResetResult = { ok: true; verificationId: string } | { ok: false; error: FieldMessage };

/**
 * Sends a code to the account's verified e-mail (or else its verified mobile) when the login
 * names an account; answers the same whether or not it does. The visible limit (5 requests
 * an hour) counts the login as typed, so it too says nothing about the account; a silent
 * limit per account stops more codes going to one person.
 */
export async function startPasswordReset(deps: ServiceDeps, login: string, locale: Locale, requestId: string | null): Promise<StartResetResult> {
  const trimmed = login.trim();
  if (!trimmed) return { ok: false, error: { key: 'identity.reset.errors.loginMissing' } };
  if (trimmed.length > 254) return { ok: false, error: { key: 'identity.reset.errors.loginInvalid' } };
  const parsed = parseLogin(deps, trimmed);
  const key = addressKey(deps.config, `login:${parsed.email ?? parsed.documentNumber ?? ''}`);
  if ((await countVerificationAttempts(deps.db, 'code_sent', { addressKey: key }, 60)) >= MAX_CODES_PER_HOUR) {
    return { ok: false, error: { key: 'identity.verify.errors.tooManyCodes' } };
  }
  const account = (await findCredentialsByLogin(deps.db, deps.country.code, parsed))?.account;
  const channel: Channel | null = account?.email && account.emailVerified ? 'email' : account?.phone && account.phoneVerified ? 'sms' : null;
  const destination = channel === 'email' ? account!.email : channel === 'sms' ? account!.phone : null;
  const accountThrottled = account !== undefined && (await countVerificationAttempts(deps.db, 'code_sent', { accountId: account.id }, 60)) >= MAX_CODES_PER_HOUR;
  const isDeliverable = channel !== null && !accountThrottled;
  const id = uuidv7();
  const code = generateCode();
  await deps.db.transaction().execute(async (trx) => {
    await openVerification(trx, deps.config, {
      id,
      code,
      purpose: 'password_reset',
      channel,
      destination,
      addressKey: key,
      accountId: account?.id ?? null,
      pending: null,
      isDeliverable,
    });
    if (!account) return;
    if (isDeliverable) {
      await queueMessage(trx, { channel: channel!, to: destination!, templateKey: 'resetCode', params: { name: account.givenName, code, minutes: CODE_MINUTES }, locale });
    }
    await recordAudit(trx, {
      actor: { type: 'anonymous' },
      action: 'identity.password_reset_requested',
      subject: { type: 'account', id: account.id },
      data: { channel, sent: isDeliverable },
      requestId,
    });
  });
  return { ok: true, verificationId: id };
}

export type CompleteResetResult = { ok: true } | { ok: false; reason: CodeFailure; remaining?: number } | { ok: false; reason: 'password'; error: FieldMessage };

/**
 * The right code and an acceptable new password: the password changes (argon2id), every
 * session of the account ends (portal and provider), the lockout counter is cleared; audited,
 * recorded in "Mi actividad", and the person is told through the same channel.
 */
export async function completePasswordReset(deps: ServiceDeps, verificationId: string, typedCode: string, newPassword: string, locale: Locale, requestId: string | null): Promise<CompleteResetResult> {
  const open = await findOpenVerification(deps.db, verificationId, 'password_reset');
  if (!open) return { ok: false, reason: 'missing' };
  const target = open.accountId ? await findAccountById(deps.db, open.accountId) : undefined;
  const problem = newPassword ? passwordProblem(newPassword, target?.documentNumber) : 'identity.reset.errors.passwordMissing';
  const codeProblem = !typedCode.trim() ? 'codeMissing' : !/^\d{6}$/.test(typedCode.replace(/\s+/g, '')) ? 'codeFormat' : null;
  if (codeProblem) return { ok: false, reason: codeProblem };
  if (problem) return { ok: false, reason: 'password', error: { key: problem } };
  const checked = await checkCode(deps, 'password_reset', verificationId, typedCode);
  if (!checked.ok) return checked;
  if (!target) return { ok: false, reason: 'missing' };
  const passwordHash = await hashPassword(newPassword);
  const done = await deps.db.transaction().execute(async (trx) => {
    if (!(await consumeVerification(trx, verificationId))) return false;
    await updatePasswordAfterReset(trx, target.id, passwordHash);
    const webSessions = await revokeAllWebSessions(trx, target.id);
    const providerRecords = await deleteProviderSessions(trx, target.id);
    await recordAudit(trx, {
      actor: { type: 'person', id: target.id },
      action: 'identity.password_reset',
      subject: { type: 'account', id: target.id },
      data: { via: checked.verification.channel, webSessionsRevoked: webSessions, providerRecordsRevoked: providerRecords },
      requestId,
    });
    await insertActivity(trx, target.id, 'password_changed', null, { via: 'reset' });
    await emitEvent(trx, 'identity.password_changed', { accountId: target.id, via: 'reset' });
    if (checked.verification.channel && checked.verification.destination) {
      await queueMessage(trx, {
        channel: checked.verification.channel,
        to: checked.verification.destination,
        templateKey: 'passwordChanged',
        params: { name: target.givenName, resetUrl: `${deps.config.publicUrl}/recuperar` },
        locale,
      });
    }
    return true;
  });
  return done ? { ok: true } : { ok: false, reason: 'missing' };
}

// In-person verification by registrars (bajo → sustancial) and assisted registration.
// Every change is audited in its own transaction and emitted as an event.
import { randomInt } from 'node:crypto';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events/outbox.ts';
import type { Deps } from '../../../platform/module.ts';
import { uuidv7 } from '../../../shared/ids.ts';
import { isIsoDate, normalizeEmail, normalizePhone, phoneRegionOf } from '../../../shared/validators.ts';
import { findAccountByDocument, findAccountById, insertActivity, upsertAccount } from '../account.queries.ts';
import type { Account } from '../account.types.ts';
import { findLastVerification, insertInPersonVerification, markAssistedAccount, raiseAccountLevel, type LastVerification } from '../admin.queries.ts';
import { agenciesWithRole, canRegisterFor, isRegistrar, type Staff } from '../admin.policy.ts';
import { hashPassword } from '../password.ts';
import { isEmailTaken } from '../registration.queries.ts';
import { fail, normalizeDocument, type DocumentInput } from './common.ts';

export type { LastVerification } from '../admin.queries.ts';

function requireRegistrar(staff: Staff): void {
  if (!isRegistrar(staff)) throw new AppError('FORBIDDEN');
}

/** The agencies for which this person registers (empty: not a registrar). */
export function registrarAgencyCodes(staff: Staff): string[] {
  return agenciesWithRole(staff, 'registrar');
}

export interface PersonFound {
  account: Account;
  lastVerification: LastVerification | undefined;
}

/** A person by identity document, for a registrar; undefined when there is no account. */
export async function findPersonByDocument(deps: Pick<Deps, 'db' | 'country'>, staff: Staff, input: DocumentInput): Promise<PersonFound | undefined> {
  requireRegistrar(staff);
  const document = normalizeDocument(deps, input);
  const account = await findAccountByDocument(deps.db, deps.country.code, document.documentType, document.documentNumber);
  if (!account) return undefined;
  // An official seeing a person's data leaves a trace, as any other access to it would.
  await recordAudit(deps.db, { actor: { type: 'official', id: staff.account.id }, action: 'identity.person_looked_up', subject: { type: 'account', id: account.id }, requestId: staff.requestId });
  return { account, lastVerification: await findLastVerification(deps.db, account.id) };
}

export async function getPerson(deps: Pick<Deps, 'db'>, staff: Staff, accountId: string): Promise<PersonFound> {
  requireRegistrar(staff);
  const account = /^[0-9a-f-]{36}$/.test(accountId) ? await findAccountById(deps.db, accountId) : undefined;
  if (!account) throw new AppError('IDENTITY_ACCOUNT_NOT_FOUND');
  return { account, lastVerification: await findLastVerification(deps.db, account.id) };
}

/** Where and how the registrar checked the document. */
export interface CheckInput {
  agencyCode: string;
  office: string;
  notes: string;
  documentChecked: boolean;
}

function validateCheck(staff: Staff, input: CheckInput): FieldError[] {
  requireRegistrar(staff);
  if (input.agencyCode && !canRegisterFor(staff, input.agencyCode)) throw new AppError('FORBIDDEN');
  const fields: FieldError[] = [];
  if (!input.agencyCode) fields.push({ field: 'agencyCode', messageKey: 'identity.registrar.errors.agencyMissing' });
  if (!input.documentChecked) fields.push({ field: 'documentChecked', messageKey: 'identity.registrar.errors.documentNotChecked' });
  if (!input.office.trim()) fields.push({ field: 'office', messageKey: 'identity.registrar.errors.officeMissing' });
  else if (input.office.trim().length > 200) fields.push({ field: 'office', messageKey: 'identity.registrar.errors.officeTooLong', params: { max: 200 } });
  if (input.notes.length > 1000) fields.push({ field: 'notes', messageKey: 'identity.registrar.errors.notesTooLong', params: { max: 1000 } });
  return fields;
}

/**
 * A registrar checked the person's physical document: the account rises from bajo to
 * sustancial, with the record of who, for which agency and where; audited
 * (`identity.level_raised`), in the person's activity, and as the event `identity.level_raised`.
 */
export async function verifyInPerson(deps: Pick<Deps, 'db'>, staff: Staff, accountId: string, input: CheckInput): Promise<Account> {
  fail(validateCheck(staff, input));
  const { account } = await getPerson(deps, staff, accountId);
  // Nobody raises their own level.
  if (account.id === staff.account.id) throw new AppError('FORBIDDEN');
  await deps.db.transaction().execute(async (trx) => {
    if (!(await raiseAccountLevel(trx, account.id, staff.account.id))) throw new AppError('IDENTITY_ALREADY_VERIFIED');
    await insertInPersonVerification(trx, {
      id: uuidv7(),
      accountId: account.id,
      registrarId: staff.account.id,
      agencyCode: input.agencyCode,
      office: input.office.trim(),
      notes: input.notes.trim(),
      isAssistedRegistration: false,
    });
    await insertActivity(trx, account.id, 'level_raised', null, { level: 'sustancial', agency: input.agencyCode });
    await recordAudit(trx, {
      actor: { type: 'official', id: staff.account.id },
      action: 'identity.level_raised',
      subject: { type: 'account', id: account.id },
      data: { from: account.level, to: 'sustancial', registrar: staff.account.id, agency: input.agencyCode, office: input.office.trim() },
      requestId: staff.requestId,
    });
    await emitEvent(trx, 'identity.level_raised', { accountId: account.id, level: 'sustancial', agencyCode: input.agencyCode });
  });
  return (await findAccountById(deps.db, account.id))!;
}

export interface AssistedRegistrationInput extends CheckInput, DocumentInput {
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD, as typed. */
  birthDate: string;
  email: string;
  phone: string;
}

const TEMPORARY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 12 characters from an alphabet without look-alikes (60 bits), in groups of four: easy to copy by hand. */
export function temporaryPassword(): string {
  const chars = Array.from({ length: 12 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]!);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((group) => group.join('')).join('-');
}

/** A real date written YYYY-MM-DD, from 1900 up to today (UTC). */
function isBirthDate(value: string, now = new Date()): boolean {
  return isIsoDate(value) && value >= '1900-01-01' && value <= now.toISOString().slice(0, 10);
}

/**
 * A registrar registers, in person, someone who has no account yet: the account starts at
 * sustancial (the document was checked), with a temporary password returned here once for
 * the registrar to hand over; the person is asked to choose their own (password_change_required).
 */
export async function registerInPerson(deps: Pick<Deps, 'db' | 'country'>, staff: Staff, input: AssistedRegistrationInput): Promise<{ account: Account; temporaryPassword: string }> {
  const fields = validateCheck(staff, input);
  let document: { documentType: string; documentNumber: string } | undefined;
  try {
    document = normalizeDocument(deps, input);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    fields.unshift(...error.fields);
  }
  const givenName = input.givenName.trim();
  const familyName = input.familyName.trim();
  if (!givenName || givenName.length > 100) fields.push({ field: 'givenName', messageKey: 'identity.registrar.errors.givenNameMissing' });
  if (!familyName || familyName.length > 100) fields.push({ field: 'familyName', messageKey: 'identity.registrar.errors.familyNameMissing' });
  if (!isBirthDate(input.birthDate)) fields.push({ field: 'birthDate', messageKey: 'identity.registrar.errors.birthDateInvalid' });
  const emailRaw = input.email.trim();
  const email = emailRaw ? (normalizeEmail(emailRaw)?.toLowerCase() ?? '') : '';
  if (emailRaw && !email) fields.push({ field: 'email', messageKey: 'identity.registrar.errors.emailInvalid' });
  else if (email && (await isEmailTaken(deps.db, email))) fields.push({ field: 'email', messageKey: 'identity.registrar.errors.emailTaken' });
  const phoneCheck = input.phone.trim() ? normalizePhone(input.phone, phoneRegionOf(deps.country.code)) : undefined;
  const phone = phoneCheck?.ok ? phoneCheck.e164 : '';
  if (phoneCheck && !phoneCheck.ok) fields.push({ field: 'phone', messageKey: 'identity.registrar.errors.phoneInvalid', params: { example: deps.country.terms.mobileExample } });
  if (document && (await findAccountByDocument(deps.db, deps.country.code, document.documentType, document.documentNumber))) {
    fields.push({ field: 'documentNumber', messageKey: 'identity.registrar.errors.documentTaken' });
  }
  fail(fields);

  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const id = await deps.db.transaction().execute(async (trx) => {
    const { id, created } = await upsertAccount(trx, {
      id: uuidv7(),
      country: deps.country.code,
      documentType: document!.documentType,
      documentNumber: document!.documentNumber,
      givenName,
      familyName,
      birthDate: input.birthDate,
      email: email || null,
      emailVerified: false,
      phone: phone || null,
      phoneVerified: false,
      address: null,
      territoryCode: null,
      level: 'sustancial',
      passwordHash,
      isPlatformAdmin: false,
    }).catch((error: unknown) => {
      if ((error as { code?: string }).code === '23505') throw new AppError('IDENTITY_ACCOUNT_EXISTS');
      throw error;
    });
    if (!created) throw new AppError('IDENTITY_ACCOUNT_EXISTS');
    await markAssistedAccount(trx, id, staff.account.id);
    await insertInPersonVerification(trx, {
      id: uuidv7(),
      accountId: id,
      registrarId: staff.account.id,
      agencyCode: input.agencyCode,
      office: input.office.trim(),
      notes: input.notes.trim(),
      isAssistedRegistration: true,
    });
    await insertActivity(trx, id, 'level_raised', null, { level: 'sustancial', agency: input.agencyCode, assisted: true });
    await recordAudit(trx, {
      actor: { type: 'official', id: staff.account.id },
      action: 'identity.account_created',
      subject: { type: 'account', id },
      data: { level: 'sustancial', assisted: true, registrar: staff.account.id, agency: input.agencyCode, office: input.office.trim() },
      requestId: staff.requestId,
    });
    await emitEvent(trx, 'identity.account_created', { accountId: id, level: 'sustancial', assisted: true });
    return id;
  });
  return { account: (await findAccountById(deps.db, id))!, temporaryPassword: password };
}

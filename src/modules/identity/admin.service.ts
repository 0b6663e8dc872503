// Use cases of the administration side of Ciudadanía Digital:
// - agencies' systems (clients), registered by platform administrators (no open dynamic
//   registration): the server generates each secret, shows it once, stores its hash;
// - in-person verification by registrars (bajo → sustancial) and assisted registration;
// - roles of officials, granted and revoked by platform and agency administrators;
// - the lifecycle of the provider's signing keys (scripts/rotate-keys.ts).
// Every change is audited in its own transaction; level and role changes also emit events.
import { randomBytes, randomInt } from 'node:crypto';
import { recordAudit, type ActorType } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/index.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { listAgencies, type Agency } from '../agencies/index.ts';
import { findAccountByDocument, findAccountById, findRoles, insertActivity, insertRole, upsertAccount } from './account.queries.ts';
import { isEmailTaken } from './registration.queries.ts';
import { LEVELS, ROLES, type Account, type Level, type Role } from './account.types.ts';
import {
  activateSigningKey,
  backdateSigningKey,
  deleteRole,
  findAgencyRoles,
  findLastVerification,
  findSigningKeys,
  insertClient,
  insertInPersonVerification,
  markAssistedAccount,
  raiseAccountLevel,
  retireSigningKey,
  updateClientActive,
  updateClientSecret,
  updateClientSettings,
  type AgencyRoleRow,
  type ClientSettings,
  type LastVerification,
  type SigningKeyRow,
} from './admin.queries.ts';
import { agenciesWithRole, auditActor, canManageClients, canManageRolesOf, canRegisterFor, isRegistrar, type Staff } from './admin.policy.ts';
import { findClient, findClients } from './client.queries.ts';
import { generateClientSecret, hashClientSecret } from './client-secret.ts';
import type { Client } from './client.types.ts';
import { rotateSigningKey } from './oidc/keys.ts';
import { SCOPES } from './oidc/claims.ts';
import { hashPassword } from './password.ts';

export type { Staff } from './admin.policy.ts';

/** The signed-in person with their roles, as the administration side needs them. */
export async function loadStaff(deps: Pick<Deps, 'db'>, account: Account, requestId?: string): Promise<Staff> {
  return { account, roles: await findRoles(deps.db, account.id), requestId };
}

function fail(fields: FieldError[]): void {
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
}

// ---------------------------------------------------------------------------------------
// Agencies' systems (clients)

export const SUBJECT_TYPES = ['public', 'pairwise'] as const;

/** What an administrator submits for a client, as typed (validated by the service). */
export interface ClientInput {
  name: string;
  agencyCode: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string;
  scopes: string[];
  minimumLevel: string;
  sectorIdentifier: string;
  subjectType: string;
  requirePar: boolean;
  purpose: string;
}

const MAX_URIS = 10;

/**
 * Why an address cannot be registered for a client, or undefined when it can: https only,
 * except plain http on this machine (localhost, 127.0.0.1) in demo mode; no fragment, no
 * credentials, no wildcards (the provider compares addresses exactly).
 */
export function uriProblem(value: string, allowLoopbackHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'identity.admin.errors.uriInvalid';
  }
  if (url.hash || value.includes('#') || url.username || url.password || value.includes('*')) return 'identity.admin.errors.uriInvalid';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && allowLoopbackHttp && (url.hostname === 'localhost' || url.hostname === '127.0.0.1')) return undefined;
  return allowLoopbackHttp ? 'identity.admin.errors.uriHttpsOrLocal' : 'identity.admin.errors.uriHttps';
}

async function validateClient(deps: Pick<Deps, 'db' | 'country' | 'config'>, input: ClientInput): Promise<ClientSettings> {
  const fields: FieldError[] = [];
  const problem = (field: string, messageKey: string, params?: Record<string, string | number>) => fields.push({ field, messageKey, params });

  const name = input.name.trim();
  if (!name) problem('name', 'identity.admin.errors.nameMissing');
  else if (name.length > 120) problem('name', 'identity.admin.errors.nameTooLong', { max: 120 });

  const agencies = await listAgencies(deps);
  if (!agencies.some((agency) => agency.code === input.agencyCode)) problem('agencyCode', 'identity.admin.errors.agencyMissing');

  const uris = (field: string, values: string[], required: boolean): string[] => {
    const clean = [...new Set(values.map((v) => v.trim()).filter(Boolean))];
    if (required && clean.length === 0) problem(field, 'identity.admin.errors.uriMissing');
    else if (clean.length > MAX_URIS) problem(field, 'identity.admin.errors.uriTooMany', { max: MAX_URIS });
    else {
      for (const uri of clean) {
        const key = uri.length > 500 ? 'identity.admin.errors.uriInvalid' : uriProblem(uri, deps.config.demo || !deps.config.isSecureCookies);
        if (key) {
          problem(field, key, { uri: uri.slice(0, 100) });
          break;
        }
      }
    }
    return clean;
  };
  const redirectUris = uris('redirectUris', input.redirectUris, true);
  const postLogoutRedirectUris = uris('postLogoutRedirectUris', input.postLogoutRedirectUris, false);
  const backchannel = uris('backchannelLogoutUri', [input.backchannelLogoutUri], false);

  const scopes = [...new Set(input.scopes)];
  if (scopes.some((scope) => !(SCOPES as readonly string[]).includes(scope))) problem('scopes', 'identity.admin.errors.scopeUnknown');
  else if (!scopes.includes('openid')) problem('scopes', 'identity.admin.errors.scopeOpenid');

  if (!(LEVELS as readonly string[]).includes(input.minimumLevel)) problem('minimumLevel', 'identity.admin.errors.levelMissing');
  if (!(SUBJECT_TYPES as readonly string[]).includes(input.subjectType)) problem('subjectType', 'identity.admin.errors.subjectTypeMissing');
  const sector = input.sectorIdentifier.trim().toLowerCase();
  if (sector && !/^[a-z0-9][a-z0-9.-]{0,199}$/.test(sector)) problem('sectorIdentifier', 'identity.admin.errors.sectorInvalid');

  const purpose = input.purpose.trim();
  if (!purpose) problem('purpose', 'identity.admin.errors.purposeMissing');
  else if (purpose.length > 1000) problem('purpose', 'identity.admin.errors.purposeTooLong', { max: 1000 });

  fail(fields);
  return {
    name,
    agencyCode: input.agencyCode,
    redirectUris,
    postLogoutRedirectUris,
    backchannelLogoutUri: backchannel[0] ?? null,
    // In the order of SCOPES, so that an unchanged form is an unchanged client.
    scopes: SCOPES.filter((scope) => scopes.includes(scope)),
    minimumLevel: input.minimumLevel as Level,
    sectorIdentifier: sector || null,
    subjectType: input.subjectType as ClientSettings['subjectType'],
    requirePar: input.requirePar,
    purpose,
  };
}

function requireClientAdmin(staff: Staff): void {
  if (!canManageClients(staff)) throw new AppError('FORBIDDEN');
}

/** The settings of a client worth recording (never its secret). */
function settingsOf(c: ClientSettings): Record<string, unknown> {
  return {
    name: c.name,
    agencyCode: c.agencyCode,
    redirectUris: c.redirectUris,
    postLogoutRedirectUris: c.postLogoutRedirectUris,
    backchannelLogoutUri: c.backchannelLogoutUri,
    scopes: c.scopes,
    minimumLevel: c.minimumLevel,
    sectorIdentifier: c.sectorIdentifier,
    subjectType: c.subjectType,
    requirePar: c.requirePar,
    purpose: c.purpose,
  };
}

/** Agencies' systems (the platform's own first-party clients are not administered here). */
export async function listClients(deps: Pick<Deps, 'db'>, staff: Staff): Promise<Client[]> {
  requireClientAdmin(staff);
  return (await findClients(deps.db)).filter((client) => !client.isFirstParty);
}

export async function getClient(deps: Pick<Deps, 'db'>, staff: Staff, clientId: string): Promise<Client> {
  requireClientAdmin(staff);
  const client = await findClient(deps.db, clientId);
  if (!client || client.isFirstParty) throw new AppError('IDENTITY_CLIENT_NOT_FOUND');
  return client;
}

function newClientId(agencyCode: string): string {
  const prefix =
    agencyCode
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 30) || 'sistema';
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** Registers an agency's system. The secret is returned here only: it is stored hashed. */
export async function registerClient(deps: Pick<Deps, 'db' | 'country' | 'config'>, staff: Staff, input: ClientInput): Promise<{ client: Client; clientSecret: string }> {
  requireClientAdmin(staff);
  const settings = await validateClient(deps, input);
  const clientSecret = generateClientSecret();
  const clientId = await deps.db.transaction().execute(async (trx) => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const id = newClientId(settings.agencyCode ?? '');
      if (await insertClient(trx, id, hashClientSecret(clientSecret), settings)) {
        await recordAudit(trx, {
          actor: auditActor(staff),
          action: 'identity.client_registered',
          subject: { type: 'client', id },
          data: settingsOf(settings),
          requestId: staff.requestId,
        });
        return id;
      }
    }
    throw new AppError('CONFLICT');
  });
  return { client: await getClient(deps, staff, clientId), clientSecret };
}

/** Changes a client's settings; 'unchanged' (nothing written) when the form changed nothing. */
export async function updateClient(deps: Pick<Deps, 'db' | 'country' | 'config'>, staff: Staff, clientId: string, input: ClientInput): Promise<'updated' | 'unchanged'> {
  const existing = await getClient(deps, staff, clientId);
  const settings = await validateClient(deps, input);
  const before = settingsOf(existing);
  const after = settingsOf(settings);
  const changes = Object.fromEntries(
    Object.keys(after)
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => [key, { from: before[key], to: after[key] }]),
  );
  if (Object.keys(changes).length === 0) return 'unchanged';
  await deps.db.transaction().execute(async (trx) => {
    if (!(await updateClientSettings(trx, clientId, settings))) throw new AppError('IDENTITY_CLIENT_NOT_FOUND');
    await recordAudit(trx, { actor: auditActor(staff), action: 'identity.client_updated', subject: { type: 'client', id: clientId }, data: { changes }, requestId: staff.requestId });
  });
  return 'updated';
}

/** Replaces a client's secret; the old one stops working at once. Returns the new one (shown once). */
export async function rotateClientSecret(deps: Pick<Deps, 'db'>, staff: Staff, clientId: string): Promise<string> {
  await getClient(deps, staff, clientId);
  const clientSecret = generateClientSecret();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await updateClientSecret(trx, clientId, hashClientSecret(clientSecret)))) throw new AppError('IDENTITY_CLIENT_NOT_FOUND');
    await recordAudit(trx, { actor: auditActor(staff), action: 'identity.client_secret_rotated', subject: { type: 'client', id: clientId }, requestId: staff.requestId });
  });
  return clientSecret;
}

/**
 * Deactivates a client (the provider stops knowing it: no sign-in, no token, no refresh) or
 * activates it again. 'unchanged' when it already was in that state.
 */
export async function setClientActive(deps: Pick<Deps, 'db'>, staff: Staff, clientId: string, isActive: boolean): Promise<'changed' | 'unchanged'> {
  await getClient(deps, staff, clientId);
  return deps.db.transaction().execute(async (trx) => {
    if (!(await updateClientActive(trx, clientId, isActive))) return 'unchanged';
    await recordAudit(trx, {
      actor: auditActor(staff),
      action: isActive ? 'identity.client_reactivated' : 'identity.client_deactivated',
      subject: { type: 'client', id: clientId },
      requestId: staff.requestId,
    });
    return 'changed';
  });
}

// ---------------------------------------------------------------------------------------
// Identity documents

export interface DocumentInput {
  documentType: string;
  documentNumber: string;
}

/** The document as the country profile writes it; field errors on `documentType` / `documentNumber`. */
export function normalizeDocument(deps: Pick<Deps, 'country'>, input: DocumentInput): { documentType: string; documentNumber: string } {
  const type = deps.country.identityDocuments.find((d) => d.code === input.documentType);
  if (!type) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'documentType', messageKey: 'identity.registrar.errors.documentTypeMissing' }] });
  const number = input.documentNumber.trim();
  if (!number) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'documentNumber', messageKey: 'identity.registrar.errors.documentNumberMissing' }] });
  const check = number.length <= 40 ? type.check(number) : { ok: false, normalized: '' };
  if (!check.ok) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'documentNumber', messageKey: 'identity.registrar.errors.documentNumberInvalid', params: { example: type.example } }] });
  }
  return { documentType: type.code, documentNumber: check.normalized };
}

// ---------------------------------------------------------------------------------------
// In-person verification (registrars)

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

function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && Number(match[1]) >= 1900 && date.getTime() <= Date.now();
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
  if (!isRealDate(input.birthDate)) fields.push({ field: 'birthDate', messageKey: 'identity.registrar.errors.birthDateInvalid' });
  const email = input.email.trim().toLowerCase();
  if (email && (email.length > 200 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) fields.push({ field: 'email', messageKey: 'identity.registrar.errors.emailInvalid' });
  else if (email && (await isEmailTaken(deps.db, email))) fields.push({ field: 'email', messageKey: 'identity.registrar.errors.emailTaken' });
  const phone = input.phone.replace(/[\s-]/g, '');
  if (phone && !/^\+?\d{7,15}$/.test(phone)) fields.push({ field: 'phone', messageKey: 'identity.registrar.errors.phoneInvalid' });
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

// ---------------------------------------------------------------------------------------
// Roles of officials

/** The agencies whose officials this person may manage (all of them for a platform administrator). */
export async function manageableAgencies(deps: Pick<Deps, 'db' | 'country'>, staff: Staff): Promise<Agency[]> {
  const agencies = await listAgencies(deps);
  const managed = agencies.filter((agency) => canManageRolesOf(staff, agency.code));
  if (managed.length === 0) throw new AppError('FORBIDDEN');
  return managed;
}

export async function listAgencyRoles(deps: Pick<Deps, 'db'>, staff: Staff, agencyCode: string): Promise<AgencyRoleRow[]> {
  if (!canManageRolesOf(staff, agencyCode)) throw new AppError('FORBIDDEN');
  return findAgencyRoles(deps.db, agencyCode);
}

export interface GrantInput extends DocumentInput {
  agencyCode: string;
  role: string;
}

/**
 * Grants a role in an agency to the person with this identity document. Officials act for the
 * State, so their identity must be verified (level sustancial). 'unchanged' when they had it.
 */
export async function grantRole(deps: Pick<Deps, 'db' | 'country'>, staff: Staff, input: GrantInput): Promise<'granted' | 'unchanged'> {
  if (!canManageRolesOf(staff, input.agencyCode)) throw new AppError('FORBIDDEN');
  if (!(await listAgencies(deps)).some((agency) => agency.code === input.agencyCode)) throw new AppError('NOT_FOUND');
  const fields: FieldError[] = [];
  let found: Account | undefined;
  try {
    const document = normalizeDocument(deps, input);
    found = await findAccountByDocument(deps.db, deps.country.code, document.documentType, document.documentNumber);
    if (!found) fields.push({ field: 'documentNumber', messageKey: 'identity.roles.errors.noAccount' });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    fields.push(...error.fields);
  }
  if (!(ROLES as readonly string[]).includes(input.role)) fields.push({ field: 'role', messageKey: 'identity.roles.errors.roleMissing' });
  fail(fields);
  const account = found!;
  if (account.level !== 'sustancial') fail([{ field: 'documentNumber', messageKey: 'identity.roles.errors.notVerified' }]);
  const role = input.role as Role;
  return deps.db.transaction().execute(async (trx) => {
    if (!(await insertRole(trx, account.id, { agencyCode: input.agencyCode, role }, staff.account.id))) return 'unchanged';
    await recordAudit(trx, {
      actor: auditActor(staff),
      action: 'identity.role_granted',
      subject: { type: 'account', id: account.id },
      data: { agencyCode: input.agencyCode, role },
      requestId: staff.requestId,
    });
    await insertActivity(trx, account.id, 'role_granted', null, { agencyCode: input.agencyCode, role });
    await emitEvent(trx, 'identity.role_granted', { accountId: account.id, agencyCode: input.agencyCode, role });
    return 'granted';
  });
}

export async function revokeRole(deps: Pick<Deps, 'db'>, staff: Staff, input: { agencyCode: string; accountId: string; role: string }): Promise<'revoked' | 'unchanged'> {
  if (!canManageRolesOf(staff, input.agencyCode)) throw new AppError('FORBIDDEN');
  if (!(ROLES as readonly string[]).includes(input.role) || !/^[0-9a-f-]{36}$/.test(input.accountId)) throw new AppError('BAD_REQUEST');
  const role = input.role as Role;
  return deps.db.transaction().execute(async (trx) => {
    if (!(await deleteRole(trx, input.accountId, input.agencyCode, role))) return 'unchanged';
    await recordAudit(trx, {
      actor: auditActor(staff),
      action: 'identity.role_revoked',
      subject: { type: 'account', id: input.accountId },
      data: { agencyCode: input.agencyCode, role },
      requestId: staff.requestId,
    });
    await insertActivity(trx, input.accountId, 'role_revoked', null, { agencyCode: input.agencyCode, role });
    await emitEvent(trx, 'identity.role_revoked', { accountId: input.accountId, agencyCode: input.agencyCode, role });
    return 'revoked';
  });
}

// ---------------------------------------------------------------------------------------
// Signing keys (scripts/rotate-keys.ts; procedure in docs/identity-operations.md)

export type { SigningKeyRow } from './admin.queries.ts';

const KEYS_ACTOR = { type: 'system' as const, id: 'keys:rotate' };

/** Who acts on the keys: the script (no staff), or a platform administrator on /admin/llaves. */
function keysActor(staff: Staff | undefined): { type: ActorType; id: string } {
  if (!staff) return KEYS_ACTOR;
  requireClientAdmin(staff);
  return auditActor(staff);
}

export async function listSigningKeys(db: Database, staff?: Staff): Promise<SigningKeyRow[]> {
  keysActor(staff);
  return findSigningKeys(db);
}

/**
 * Adds a signing key. `staged`: published by processes started from now on, but not signing
 * until `activateKey` (two rolling restarts, no moment where a relying party sees a kid it
 * cannot find); otherwise it signs in every process started from now on.
 */
export async function addSigningKey(db: Database, options: { staged: boolean }, staff?: Staff): Promise<string> {
  const actor = keysActor(staff);
  return db.transaction().execute(async (trx) => {
    const kid = await rotateSigningKey(trx);
    if (options.staged) await backdateSigningKey(trx, kid);
    await recordAudit(trx, { actor, action: 'identity.signing_key_added', subject: { type: 'signing_key', id: kid }, data: { staged: options.staged }, requestId: staff?.requestId });
    return kid;
  });
}

export async function activateKey(db: Database, kid: string, staff?: Staff): Promise<boolean> {
  const actor = keysActor(staff);
  return db.transaction().execute(async (trx) => {
    if (!(await activateSigningKey(trx, kid))) return false;
    await recordAudit(trx, { actor, action: 'identity.signing_key_activated', subject: { type: 'signing_key', id: kid }, requestId: staff?.requestId });
    return true;
  });
}

/** Retires a key (no longer published after the next restart); never the one that signs. */
export async function retireKey(db: Database, kid: string, staff?: Staff): Promise<'retired' | 'signing' | 'unknown'> {
  const actor = keysActor(staff);
  return db.transaction().execute(async (trx) => {
    const live = (await findSigningKeys(trx)).filter((key) => key.retiredAt === null);
    if (live[0]?.kid === kid) return 'signing';
    if (!(await retireSigningKey(trx, kid))) return 'unknown';
    await recordAudit(trx, { actor, action: 'identity.signing_key_retired', subject: { type: 'signing_key', id: kid }, requestId: staff?.requestId });
    return 'retired';
  });
}

// Agencies' systems (clients), registered by platform administrators (no open dynamic
// registration): the server generates each secret, shows it once, stores its hash. Every
// change is audited in its own transaction.
import { randomBytes, X509Certificate } from 'node:crypto';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../../platform/errors.ts';
import type { Deps } from '../../../platform/module.ts';
import { listAgencies } from '../../agencies/index.ts';
import { LEVELS, type Level } from '../account.types.ts';
import { insertClient, updateClientActive, updateClientCertificate, updateClientSecret, updateClientSettings, type ClientSettings } from '../admin.queries.ts';
import { auditActor, type Staff } from '../admin.policy.ts';
import { findClient, findClients } from '../client.queries.ts';
import { generateClientSecret, hashClientSecret } from '../client-secret.ts';
import type { Client } from '../client.types.ts';
import { grantableScopes, systemRights } from '../oidc/scopes.ts';
import { fail, requireClientAdmin } from './common.ts';

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
  /** Machine rights (module scopes for systems, `systemRights`); none by default. */
  rights: string[];
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
  // A system that only acts by itself (machine rights, client credentials) signs no one in:
  // it needs no redirect address and asks for no person's scope.
  const rights = [...new Set(input.rights)];
  const rightNames = systemRights().map((r) => r.name);
  if (rights.some((right) => !rightNames.includes(right))) problem('rights', 'identity.admin.errors.rightUnknown');
  const signsPeopleIn = rights.length === 0 || input.redirectUris.some((uri) => uri.trim()) || input.scopes.length > 0;
  const redirectUris = uris('redirectUris', input.redirectUris, signsPeopleIn);
  const postLogoutRedirectUris = uris('postLogoutRedirectUris', input.postLogoutRedirectUris, false);
  const backchannel = uris('backchannelLogoutUri', [input.backchannelLogoutUri], false);

  const scopes = [...new Set(input.scopes)];
  const grantable = grantableScopes().map((s) => s.name);
  if (scopes.some((scope) => !grantable.includes(scope))) problem('scopes', 'identity.admin.errors.scopeUnknown');
  else if (signsPeopleIn && !scopes.includes('openid')) problem('scopes', 'identity.admin.errors.scopeOpenid');

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
    // In the order of grantableScopes, so that an unchanged form is an unchanged client.
    scopes: grantable.filter((scope) => scopes.includes(scope)),
    minimumLevel: input.minimumLevel as Level,
    sectorIdentifier: sector || null,
    subjectType: input.subjectType as ClientSettings['subjectType'],
    requirePar: input.requirePar,
    purpose,
    rights: rightNames.filter((right) => rights.includes(right)),
  };
}

/** The settings of a client worth recording (never its secret). */
export function settingsOf(c: ClientSettings): ClientSettings {
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
    rights: c.rights,
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
          data: { ...settingsOf(settings) },
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
  const before: Record<string, unknown> = settingsOf(existing);
  const after: Record<string, unknown> = settingsOf(settings);
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

/** How an agency's system authenticates by mutual TLS (docs/api-auth.md): a subject DN, or its self-signed certificates (PEM); neither: by its secret. */
export interface CertificateInput {
  subjectDn?: string | null;
  certificates?: string[];
}

/** Sets (or removes) a client's mutual TLS authentication; audited as `identity.client_updated` with `changes.mtls`. */
export async function setClientCertificate(deps: Pick<Deps, 'db'>, staff: Staff, clientId: string, input: CertificateInput): Promise<'updated' | 'unchanged'> {
  const existing = await getClient(deps, staff, clientId);
  const subjectDn = input.subjectDn?.trim() || null;
  const certificates = [...new Set((input.certificates ?? []).map((c) => c.trim()).filter(Boolean))];
  const fields: FieldError[] = [];
  if (subjectDn && (subjectDn.length > 500 || !/^[A-Za-z.\d]+=[^,]+/.test(subjectDn))) fields.push({ field: 'subjectDn', messageKey: 'identity.admin.errors.subjectDnInvalid' });
  if (subjectDn && certificates.length > 0) fields.push({ field: 'certificates', messageKey: 'identity.admin.errors.mtlsBoth' });
  if (certificates.length > 5) fields.push({ field: 'certificates', messageKey: 'identity.admin.errors.certificatesTooMany', params: { max: 5 } });
  else if (certificates.some((pem) => !parsesAsCertificate(pem))) fields.push({ field: 'certificates', messageKey: 'identity.admin.errors.certificateInvalid' });
  fail(fields);
  // Thumbprints, not the PEM, in the audit log: what identifies the certificates.
  const describe = (dn: string | null | undefined, pems: string[]) => ({ subjectDn: dn ?? null, certificates: pems.map((pem) => new X509Certificate(pem).fingerprint256) });
  const from = describe(existing.tlsSubjectDn, existing.tlsCertificates ?? []);
  const to = describe(subjectDn, certificates);
  if (JSON.stringify(from) === JSON.stringify(to)) return 'unchanged';
  await deps.db.transaction().execute(async (trx) => {
    if (!(await updateClientCertificate(trx, clientId, subjectDn, certificates))) throw new AppError('IDENTITY_CLIENT_NOT_FOUND');
    await recordAudit(trx, {
      actor: auditActor(staff),
      action: 'identity.client_updated',
      subject: { type: 'client', id: clientId },
      data: { changes: { mtls: { from, to } } },
      requestId: staff.requestId,
    });
  });
  return 'updated';
}

function parsesAsCertificate(pem: string): boolean {
  try {
    return new X509Certificate(pem).toString().length > 0;
  } catch {
    return false;
  }
}

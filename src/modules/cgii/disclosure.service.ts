// The vulnerability disclosure channel (docs/cgii.md#disclosure): anyone reports a
// vulnerability in a State system, optionally encrypted with OpenPGP to the centre's public key
// (published at /cgii/clave.asc and in /.well-known/security.txt); the centre answers and, when
// asked, credits the reporter in the public bulletin.
import type * as OpenPgp from 'openpgp';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { openValue, sealValue } from '../../platform/keys/seal.ts';
import { purposeKeys } from '../../platform/keys/secrets.ts';
import type { Deps } from '../../platform/module.ts';
import {
  answerDisclosure,
  disclosureExists,
  type CentreKeyRow,
  insertCentreKey,
  insertDisclosure,
  listCentreKeys,
  listCredits,
  listDisclosures,
  retireCurrentCentreKey,
  sealLegacyCentreKey,
} from './cgii.queries.ts';
import { centreAgency, type Viewer } from './cgii.types.ts';

type KeyDeps = Pick<Deps, 'db' | 'country' | 'config'>;

// The centre's private key at rest (docs/cgii.md#the-centres-key): the armored OpenPGP key sealed
// (AES-256-GCM, src/platform/keys/seal.ts) under the keyring purpose `cgii-openpgp`, whose key
// lives in SESSION_SECRET / KEYRING_FILE and never in the database. The sealed form names the
// purpose's version, so `keys:rotate -- cgii-openpgp` leaves every stored key readable.
// OpenPGP is loaded when first needed, not with the application: it is a fifth of a second of
// CPU that every process (each test file's among them) would pay for a page few open.
const loadOpenPgp = () => import('openpgp');
const AAD = Buffer.from('tambo cgii openpgp private key');
const sealKey = (deps: Pick<Deps, 'config'>, armored: string) => sealValue(purposeKeys(deps.config, 'cgii-openpgp'), AAD, Buffer.from(armored, 'utf8'));
const openKey = (deps: Pick<Deps, 'config'>, sealed: string) => openValue(purposeKeys(deps.config, 'cgii-openpgp'), AAD, sealed).toString('utf8');

/** Seals a key stored in clear before migration 002 (at start, and before any use); answers the rows as stored now. */
export async function sealLegacyCentreKeys(deps: KeyDeps): Promise<CentreKeyRow[]> {
  const rows = await listCentreKeys(deps.db);
  if (!rows.some((r) => r.legacyArmored)) return rows;
  for (const row of rows) if (row.legacyArmored) await sealLegacyCentreKey(deps.db, row.fingerprint, sealKey(deps, row.legacyArmored));
  return listCentreKeys(deps.db);
}

async function newKeyPair(deps: Pick<Deps, 'country' | 'config'>): Promise<{ publicArmored: string; privateSealed: string; fingerprint: string }> {
  const openpgp = await loadOpenPgp();
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: `CGII ${centreAgency(deps.country.code)}`, email: 'cgii@example.gob' }], format: 'armored' });
  const fingerprint = (await openpgp.readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase();
  return { publicArmored: publicKey, privateSealed: sealKey(deps, privateKey), fingerprint };
}

let made: Promise<{ publicArmored: string; fingerprint: string }> | undefined;

/**
 * The centre's current public key: made once (Curve25519) with its private key sealed; a second
 * process making one at the same time keeps the first stored (the insert does nothing).
 */
export async function centreKey(deps: KeyDeps): Promise<{ publicArmored: string; fingerprint: string }> {
  const current = (await sealLegacyCentreKeys(deps)).find((r) => !r.retiredAt);
  if (current) return { publicArmored: current.publicArmored, fingerprint: current.fingerprint };
  made ??= (async () => {
    await insertCentreKey(deps.db, await newKeyPair(deps));
    const stored = (await listCentreKeys(deps.db)).find((r) => !r.retiredAt)!;
    return { publicArmored: stored.publicArmored, fingerprint: stored.fingerprint };
  })().finally(() => {
    made = undefined;
  });
  return made;
}

/**
 * A new key pair for the centre: the current key is retired (kept, sealed, to read the reports
 * encrypted to it) and the new one is published at /cgii/clave.asc. Only when `from` is still
 * the current key, so that a repeated request rotates once. Answers the current fingerprint.
 */
export async function rotateCentreKey(deps: KeyDeps, viewer: Viewer, from: string, requestId?: string | null): Promise<string> {
  if (viewer.kind !== 'person' || !viewer.analyst) throw new AppError('CGII_FORBIDDEN');
  await centreKey(deps);
  const next = await newKeyPair(deps);
  await deps.db.transaction().execute(async (trx) => {
    const retired = await retireCurrentCentreKey(trx, from, new Date());
    if (!retired) return;
    await insertCentreKey(trx, next);
    await recordAudit(trx, {
      actor: { type: 'person', id: viewer.accountId },
      action: 'cgii.centre_key_rotated',
      subject: { type: 'cgii_centre_key', id: next.fingerprint },
      data: { retired },
      requestId,
    });
  });
  return (await centreKey(deps)).fingerprint;
}

/** Every private key of the centre, current first (opened from their seals). */
async function privateKeys(deps: KeyDeps): Promise<OpenPgp.PrivateKey[]> {
  await centreKey(deps);
  const rows = await listCentreKeys(deps.db);
  const openpgp = await loadOpenPgp();
  return Promise.all(rows.map((r) => openpgp.readPrivateKey({ armoredKey: openKey(deps, r.privateSealed!) })));
}

const ARMORED = /^-----BEGIN PGP MESSAGE-----[\s\S]+-----END PGP MESSAGE-----\s*$/;

export async function reportVulnerability(
  deps: Pick<Deps, 'db' | 'country'>,
  /** `accountId`: the signed-in person who sends it (none: anyone), so it shows in their "Mis datos". */
  input: { name: string; contact: string; system: string; body: string; credit: string; accountId?: string | null },
  requestId?: string | null,
): Promise<string> {
  const fields: FieldError[] = [];
  const contact = input.contact.trim();
  const body = input.body.trim();
  if (contact.length < 3 || contact.length > 300) fields.push({ field: 'contacto', messageKey: 'cgii.errors.contact' });
  if (!input.system.trim() || input.system.length > 500) fields.push({ field: 'sistema', messageKey: 'cgii.errors.system' });
  if (body.length < 20 || body.length > 50000) fields.push({ field: 'informe', messageKey: 'cgii.errors.disclosure' });
  const encrypted = body.startsWith('-----BEGIN PGP MESSAGE-----');
  if (encrypted) {
    try {
      if (!ARMORED.test(body)) throw new Error('not armored');
      await (await loadOpenPgp()).readMessage({ armoredMessage: body });
    } catch {
      fields.push({ field: 'informe', messageKey: 'cgii.errors.pgp' });
    }
  }
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields });
  const id = crypto.randomUUID();
  const code = `VUL-${id.replaceAll('-', '').slice(-8).toUpperCase()}`;
  await deps.db.transaction().execute(async (trx) => {
    await insertDisclosure(trx, {
      id,
      code,
      reporterName: input.name.trim().slice(0, 200),
      reporterContact: contact,
      system: input.system.trim(),
      body,
      encrypted,
      creditAs: input.credit.trim().slice(0, 200) || null,
      reporterAccountId: input.accountId ?? null,
    });
    const actor = input.accountId ? { type: 'person' as const, id: input.accountId } : { type: 'anonymous' as const };
    await recordAudit(trx, { actor, action: 'cgii.vulnerability_reported', subject: { type: 'cgii_disclosure', id }, data: { encrypted }, requestId });
  });
  return code;
}

/** The centre reads a report (decrypted with its key when encrypted). */
export async function decryptDisclosure(deps: KeyDeps, armored: string): Promise<string> {
  return decryptWith(await privateKeys(deps), armored);
}

// Every key, retired ones too: a report encrypted to a key before its rotation stays readable.
async function decryptWith(keys: OpenPgp.PrivateKey[], armored: string): Promise<string> {
  const openpgp = await loadOpenPgp();
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: keys });
  return String(data);
}

export async function disclosuresFor(deps: KeyDeps, viewer: Viewer) {
  if (viewer.kind !== 'person' || !viewer.analyst) throw new AppError('CGII_FORBIDDEN');
  const [all, keys] = await Promise.all([listDisclosures(deps.db), privateKeys(deps)]);
  return Promise.all(all.map(async (d) => ({ ...d, plain: d.encrypted ? await decryptWith(keys, d.body).catch(() => null) : d.body })));
}

/** The centre answers a report once (a repeated answer: CGII_ALREADY_ANSWERED). */
export async function answerVulnerability(deps: Pick<Deps, 'db'>, viewer: Viewer, id: string, answer: string, requestId?: string | null): Promise<void> {
  if (viewer.kind !== 'person' || !viewer.analyst) throw new AppError('CGII_FORBIDDEN');
  if (!answer.trim() || answer.length > 10000) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'respuesta', messageKey: 'cgii.errors.noteBody' }] });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await answerDisclosure(trx, id, answer.trim()))) throw new AppError((await disclosureExists(trx, id)) ? 'CGII_ALREADY_ANSWERED' : 'CGII_NOT_FOUND');
    await recordAudit(trx, { actor: { type: 'person', id: viewer.accountId }, action: 'cgii.vulnerability_answered', subject: { type: 'cgii_disclosure', id }, requestId });
  });
}

export const publicCredits = (deps: Pick<Deps, 'dbRead'>) => listCredits(deps.dbRead);

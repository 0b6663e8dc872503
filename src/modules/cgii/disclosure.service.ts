// The vulnerability disclosure channel (docs/cgii.md#disclosure): anyone reports a
// vulnerability in a State system, optionally encrypted with OpenPGP to the centre's public key
// (published at /cgii/clave.asc and in /.well-known/security.txt); the centre answers and, when
// asked, credits the reporter in the public bulletin.
import * as openpgp from 'openpgp';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { Deps } from '../../platform/module.ts';
import { answerDisclosure, findCentreKey, insertCentreKey, insertDisclosure, listCredits, listDisclosures } from './cgii.queries.ts';
import { centreAgency, type Viewer } from './cgii.types.ts';

let made: Promise<{ publicArmored: string; privateArmored: string; fingerprint: string }> | undefined;

/**
 * The centre's key pair: made once (Curve25519) and kept in `cgii.centre_key`; a second
 * process making one at the same time keeps the first stored (the insert does nothing).
 */
export async function centreKey(deps: Pick<Deps, 'db' | 'country'>): Promise<{ publicArmored: string; privateArmored: string; fingerprint: string }> {
  const stored = await findCentreKey(deps.db);
  if (stored) return stored;
  made ??= (async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({ type: 'curve25519', userIDs: [{ name: `CGII ${centreAgency(deps.country.code)}`, email: 'cgii@example.gob' }], format: 'armored' });
    const fingerprint = (await openpgp.readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase();
    await insertCentreKey(deps.db, { publicArmored: publicKey, privateArmored: privateKey, fingerprint });
    return (await findCentreKey(deps.db))!;
  })().finally(() => {
    made = undefined;
  });
  return made;
}

const ARMORED = /^-----BEGIN PGP MESSAGE-----[\s\S]+-----END PGP MESSAGE-----\s*$/;

export async function reportVulnerability(
  deps: Pick<Deps, 'db' | 'country'>,
  input: { name: string; contact: string; system: string; body: string; credit: string },
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
      await openpgp.readMessage({ armoredMessage: body });
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
    });
    await recordAudit(trx, { actor: { type: 'anonymous' }, action: 'cgii.vulnerability_reported', subject: { type: 'cgii_disclosure', id }, data: { encrypted }, requestId });
  });
  return code;
}

/** The centre reads a report (decrypted with its key when encrypted). */
export async function decryptDisclosure(deps: Pick<Deps, 'db' | 'country'>, armored: string): Promise<string> {
  const key = await centreKey(deps);
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: await openpgp.readPrivateKey({ armoredKey: key.privateArmored }) });
  return String(data);
}

export async function disclosuresFor(deps: Pick<Deps, 'db' | 'country'>, viewer: Viewer) {
  if (viewer.kind !== 'person' || !viewer.analyst) throw new AppError('CGII_FORBIDDEN');
  const all = await listDisclosures(deps.db);
  return Promise.all(all.map(async (d) => ({ ...d, plain: d.encrypted ? await decryptDisclosure(deps, d.body).catch(() => null) : d.body })));
}

export async function answerVulnerability(deps: Pick<Deps, 'db'>, viewer: Viewer, id: string, answer: string, requestId?: string | null): Promise<void> {
  if (viewer.kind !== 'person' || !viewer.analyst) throw new AppError('CGII_FORBIDDEN');
  if (!answer.trim()) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'respuesta', messageKey: 'cgii.errors.noteBody' }] });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await answerDisclosure(trx, id, answer.trim()))) throw new AppError('CGII_NOT_FOUND');
    await recordAudit(trx, { actor: { type: 'person', id: viewer.accountId }, action: 'cgii.vulnerability_answered', subject: { type: 'cgii_disclosure', id }, requestId });
  });
}

export const publicCredits = (deps: Pick<Deps, 'dbRead'>) => listCredits(deps.dbRead);

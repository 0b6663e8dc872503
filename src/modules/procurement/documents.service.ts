// Documents attached to a sealed offer (docs/procurement.md, "Documents of an offer"): a PDF the
// supplier's representative attaches to the unit's offer before the deadline, sealed with the
// tender's public key like the price (its name too), opened by the opening act, downloaded by the
// entity's officers afterwards; the public sees names and hashes once the process is awarded.
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { safeFilename } from '../../platform/files/index.ts';
import type { UploadedFile } from '../../platform/http/multipart.ts';
import type { Deps } from '../../platform/module.ts';
import { uuidv7 } from '../../shared/ids.ts';
import type { Account } from '../identity/index.ts';
import { unitsRepresentedBy } from '../registries/index.ts';
import * as dq from './documents.queries.ts';
import * as q from './procurement.queries.ts';
import { phaseOf, type Tender } from './procurement.types.ts';
import { getTender, requireOfficer } from './procurement.service.ts';
import { seal, sha256Hex, unseal } from './seal.ts';

/** At most this many documents per offer, each a PDF of at most this size. */
export const MAX_DOCUMENTS = 5;
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

const aadOf = (tenderId: string, supplierKey: string, documentId: string) => `${tenderId}:${supplierKey}:document:${documentId}`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The file's name and bytes as one plaintext: 2-byte name length, the name (UTF-8), the bytes. */
function packDocument(filename: string, bytes: Uint8Array): Buffer {
  const name = Buffer.from(filename, 'utf8');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(name.length);
  return Buffer.concat([length, name, bytes]);
}

function unpackDocument(plain: Buffer): { filename: string; content: Buffer } {
  const length = plain.readUInt16BE(0);
  return { filename: plain.subarray(2, 2 + length).toString('utf8'), content: plain.subarray(2 + length) };
}

/** The same file attached twice to an offer is stored once: a key no database reader can test a guessed file against. */
function dedupeKey(deps: Pick<Deps, 'config'>, offerId: string, bytes: Uint8Array): string {
  const key = Buffer.from(hkdfSync('sha256', deps.config.sessionSecret, 'tambo', 'procurement.offer_document', 32));
  return createHmac('sha256', key).update(`${offerId}:`).update(bytes).digest('hex');
}

/** Attaches a PDF to the offer of the unit the person acts for, sealed; before the deadline only. */
export async function attachDocument(
  deps: Deps,
  person: Pick<Account, 'id' | 'documentNumber'>,
  unitKey: string | undefined,
  tenderId: string,
  file: UploadedFile | undefined,
  requestId: string | null = null,
): Promise<{ id: string; sealedSha256: string }> {
  const [tender, represented] = await Promise.all([getTender(deps, tenderId), unitKey ? unitsRepresentedBy(deps, person.documentNumber) : []]);
  if (phaseOf(tender) !== 'open') throw new AppError('PROCUREMENT_CLOSED');
  const unit = represented.find((u) => u.key === unitKey);
  if (!unit) throw new AppError('PROCUREMENT_NOT_ACTING');
  const offer = await q.findOfferOf(deps.db, tender.id, [unit.key]);
  if (!offer) throw new AppError('PROCUREMENT_NO_OFFER');
  if (file?.mediaType !== 'application/pdf') throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'document', messageKey: 'procurement.errors.document' }] });
  if ((await dq.countDocuments(deps.db, offer.id)) >= MAX_DOCUMENTS) throw new AppError('PROCUREMENT_TOO_MANY_DOCUMENTS', { params: { max: MAX_DOCUMENTS } });
  const id = uuidv7();
  const sealed = seal(tender.publicKey, aadOf(tender.id, unit.key, id), packDocument(safeFilename(file.filename, 'application/pdf'), file.bytes));
  const sealedSha256 = sha256Hex(sealed);
  const written = await dq.insertDocumentAudited(
    deps.db,
    { id, offerId: offer.id, tenderId: tender.id, sealed, sealedSha256, dedupe: dedupeKey(deps, offer.id, file.bytes), attachedBy: person.id },
    {
      audit: {
        actor: { type: 'person', id: person.id },
        action: 'procurement.document_sealed',
        subject: { type: 'tender', id: tender.id },
        data: { offerId: offer.id, documentId: id, sha256: sealedSha256 },
        requestId,
      },
    },
  );
  if (!written) throw new AppError('PROCUREMENT_DOCUMENT_ATTACHED');
  return { id, sealedSha256 };
}

/** Part of the opening act: every document of the process unsealed and written in clear; a wrong key throws. */
export async function openDocuments(trx: Queryable, tender: Pick<Tender, 'id'>, privateKey: string, offers: Array<{ id: string; supplierKey: string }>) {
  const opened: Array<{ id: string; sha256: string }> = [];
  for (const d of await dq.sealedDocuments(trx, tender.id)) {
    const offer = offers.find((o) => o.id === d.offerId)!;
    let document: { filename: string; content: Buffer };
    try {
      document = unpackDocument(unseal(privateKey, aadOf(tender.id, offer.supplierKey, d.id), d.sealed));
    } catch {
      throw new AppError('PROCUREMENT_WRONG_KEY');
    }
    const hash = sha256(document.content);
    await dq.writeOpenedDocument(trx, d.id, { ...document, sha256: hash });
    opened.push({ id: d.id, sha256: hash });
  }
  return opened;
}

/** The documents of a process as a viewer may see them: names and hashes once awarded (or for the entity's officers once opened), else only the receipts. */
export async function documentsOf(deps: Pick<Deps, 'db'>, tender: Tender, officer: boolean): Promise<dq.DocumentReceipt[]> {
  const all = await dq.listDocuments(deps.db, tender.id);
  const named = tender.status === 'awarded' || tender.status === 'contracted' || (officer && tender.openedAt !== null);
  return named ? all : all.map((d) => ({ ...d, filename: null, size: null, sha256: null }));
}

/** An opened document's bytes, for the entity's officers (the opening committee); sealed before the opening for everyone. */
export async function downloadDocument(deps: Pick<Deps, 'db'>, account: Pick<Account, 'id' | 'isPlatformAdmin'>, tenderId: string, documentId: string) {
  const tender = await getTender(deps, tenderId);
  if (tender.openedAt === null) throw new AppError('PROCUREMENT_SEALED');
  await requireOfficer(deps, account, tender.agencyCode);
  const found = /^[0-9a-f-]{36}$/i.test(documentId) ? await dq.openedDocument(deps.db, tender.id, documentId) : undefined;
  if (!found) throw new AppError('PROCUREMENT_NOT_FOUND');
  return found;
}

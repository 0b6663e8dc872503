// Every SQL statement on the documents attached to offers (docs/procurement.md, "Documents of an offer").
import { sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import type { Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

const rows = rowsInto<Tables>();
type Consequences = Pick<AuditedInsert<unknown>, 'audit' | 'events'>;

export interface SealedDocument {
  id: string;
  offerId: string;
  tenderId: string;
  sealed: string;
  sealedSha256: string;
  dedupe: string;
  attachedBy: string;
}

/** A sealed document with its audit entry in one statement; false when the same file is already attached. */
export async function insertDocumentAudited(db: Queryable, d: SealedDocument, consequences: Consequences): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('procurement.offer_document', {
      id: d.id,
      offer_id: d.offerId,
      tender_id: d.tenderId,
      sealed: d.sealed,
      sealed_sha256: d.sealedSha256,
      dedupe: d.dedupe,
      attached_by: d.attachedBy,
    }),
    onConflictDoNothing: true,
    ...consequences,
  });
  return row !== undefined;
}

export async function countDocuments(db: Queryable, offerId: string): Promise<number> {
  const { rows: found } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM procurement.offer_document WHERE offer_id = ${offerId}`.execute(db);
  return found[0]?.n ?? 0;
}

export interface DocumentReceipt {
  id: string;
  offerId: string;
  sealedSha256: string;
  attachedAt: Date;
  /** Known only after the opening act. */
  filename: string | null;
  size: number | null;
  sha256: string | null;
}

/** The documents of a process (never their bytes nor their envelopes), by offer and time. */
export async function listDocuments(db: Queryable, tenderId: string): Promise<DocumentReceipt[]> {
  const { rows: found } = await sql<{ id: string; offer_id: string; sealed_sha256: string; attached_at: Date; filename: string | null; size: number | null; sha256: string | null }>`
    SELECT id, offer_id, sealed_sha256, attached_at, filename, size, sha256 FROM procurement.offer_document WHERE tender_id = ${tenderId} ORDER BY offer_id, attached_at, id`.execute(db);
  return found.map((r) => ({ id: r.id, offerId: r.offer_id, sealedSha256: r.sealed_sha256, attachedAt: r.attached_at, filename: r.filename, size: r.size, sha256: r.sha256 }));
}

/** The envelopes of a process, for the opening act only. */
export async function sealedDocuments(trx: Queryable, tenderId: string): Promise<Array<{ id: string; offerId: string; sealed: string }>> {
  const { rows: found } = await sql<{
    id: string;
    offer_id: string;
    sealed: string;
  }>`SELECT id, offer_id, sealed FROM procurement.offer_document WHERE tender_id = ${tenderId} ORDER BY attached_at, id`.execute(trx);
  return found.map((r) => ({ id: r.id, offerId: r.offer_id, sealed: r.sealed }));
}

export async function writeOpenedDocument(trx: Queryable, id: string, d: { filename: string; sha256: string; content: Buffer }): Promise<void> {
  await sql`UPDATE procurement.offer_document SET filename = ${d.filename}, size = ${d.content.length}, sha256 = ${d.sha256}, content = ${d.content} WHERE id = ${id}`.execute(trx);
}

/** An opened document's bytes (undefined before the opening, or when it is not of this process). */
export async function openedDocument(db: Queryable, tenderId: string, id: string): Promise<{ filename: string; content: Buffer } | undefined> {
  const { rows: found } = await sql<{ filename: string; content: Buffer }>`SELECT filename, content FROM procurement.offer_document
    WHERE id = ${id} AND tender_id = ${tenderId} AND content IS NOT NULL`.execute(db);
  return found[0];
}

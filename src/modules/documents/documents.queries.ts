// Every SQL statement of signed documents (schema `documents`).
import { sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';
import type { DocumentKind, IssuedDocument, Template } from './documents.types.ts';

const rows = rowsInto<Tables>();
const db$ = (db: Queryable) => typed<Tables>(db);

const columns = [
  'id',
  'number',
  'verification_code',
  'case_id',
  'account_id',
  'agency_code',
  'agency_name',
  'kind',
  'title',
  'holder_name',
  'holder_document',
  'sha256',
  'issued_at',
  'revoked_at',
  'revocation_reason',
] as const;
/** The columns a document is read with: its keep-until day as the calendar date it is (not a Date at midnight somewhere). */
const selection = [...columns, sql<string>`to_char(retain_until, 'YYYY-MM-DD')`.as('retain_until')] as const;
type Row = {
  id: string;
  number: string;
  verification_code: string;
  case_id: string | null;
  account_id: string | null;
  agency_code: string;
  agency_name: string;
  kind: string;
  title: string;
  holder_name: string;
  holder_document: string;
  sha256: string;
  issued_at: Date;
  retain_until: string;
  revoked_at: Date | null;
  revocation_reason: string | null;
};
const toDocument = (r: Row): IssuedDocument => ({
  id: r.id,
  number: r.number,
  verificationCode: r.verification_code,
  caseId: r.case_id,
  accountId: r.account_id,
  agencyCode: r.agency_code,
  agencyName: r.agency_name,
  kind: r.kind as DocumentKind,
  title: r.title,
  holderName: r.holder_name,
  holderDocument: r.holder_document,
  sha256: r.sha256,
  issuedAt: r.issued_at,
  retainUntil: r.retain_until,
  revokedAt: r.revoked_at,
  revocationReason: r.revocation_reason,
});

/** The template of a procedure's outcome, or the default one. */
export async function findTemplate(db: Queryable, procedureId: string | null, outcome: 'approved' | 'rejected'): Promise<Template | undefined> {
  const row = await db$(db)
    .selectFrom('documents.template')
    .select(['kind', 'title', 'body'])
    .where('outcome', '=', outcome)
    .where((eb) => (procedureId ? eb.or([eb('procedure_id', '=', procedureId), eb('procedure_id', 'is', null)]) : eb('procedure_id', 'is', null)))
    .orderBy(sql`procedure_id IS NULL`)
    .executeTakeFirst();
  return row ? { kind: row.kind as DocumentKind, title: row.title, body: row.body } : undefined;
}

export async function nextDocumentNumber(db: Queryable): Promise<number> {
  const {
    rows: [row],
  } = await sql<{ n: string }>`SELECT nextval('documents.document_number')::text AS n`.execute(db);
  return Number(row!.n);
}

export const findDocumentBySource = async (db: Queryable, sourceKey: string) =>
  db$(db)
    .selectFrom('documents.document')
    .select(selection)
    .where('source_key', '=', sourceKey)
    .executeTakeFirst()
    .then((r) => (r ? toDocument(r) : undefined));

export const findDocumentOfCase = async (db: Queryable, caseId: string) =>
  db$(db)
    .selectFrom('documents.document')
    .select(selection)
    .where('case_id', '=', caseId)
    .executeTakeFirst()
    .then((r) => (r ? toDocument(r) : undefined));

export const findDocumentByCode = async (db: Queryable, code: string) =>
  db$(db)
    .selectFrom('documents.document')
    .select(selection)
    .where('verification_code', '=', code)
    .executeTakeFirst()
    .then((r) => (r ? toDocument(r) : undefined));

/** The document a file is: the issued file or one of its archived versions (B-LTA). */
export const findDocumentByHash = async (db: Queryable, sha256: string) =>
  db$(db)
    .selectFrom('documents.document')
    .select(selection)
    .where((eb) => eb.or([eb('sha256', '=', sha256), eb('id', 'in', eb.selectFrom('documents.archived_version').select('document_id').where('sha256', '=', sha256))]))
    .executeTakeFirst()
    .then((r) => (r ? toDocument(r) : undefined));

export const findDocumentByNumber = async (db: Queryable, number: string) =>
  db$(db)
    .selectFrom('documents.document')
    .select(selection)
    .where('number', '=', number)
    .executeTakeFirst()
    .then((r) => (r ? toDocument(r) : undefined));

export async function findAccountDocuments(db: Queryable, accountId: string): Promise<IssuedDocument[]> {
  const found = await db$(db).selectFrom('documents.document').select(selection).where('account_id', '=', accountId).orderBy('issued_at', 'desc').limit(200).execute();
  return found.map(toDocument);
}

export async function findAgencyDocuments(db: Queryable, agencyCodes: string[]): Promise<IssuedDocument[]> {
  if (agencyCodes.length === 0) return [];
  const found = await db$(db).selectFrom('documents.document').select(selection).where('agency_code', 'in', agencyCodes).orderBy('issued_at', 'desc').limit(100).execute();
  return found.map(toDocument);
}

/** Records an issued document with its audit entry and event in one statement; undefined when the case already has one. */
export async function insertDocumentAudited(
  db: Queryable,
  d: Omit<IssuedDocument, 'issuedAt' | 'revokedAt' | 'revocationReason'> & { sourceKey: string | null },
  consequences: Pick<AuditedInsert<{ id: string }>, 'audit' | 'events'>,
) {
  return auditedInsert(db, {
    insert: rows('documents.document', {
      id: d.id,
      number: d.number,
      verification_code: d.verificationCode,
      case_id: d.caseId,
      source_key: d.sourceKey,
      account_id: d.accountId,
      agency_code: d.agencyCode,
      agency_name: d.agencyName,
      kind: d.kind,
      title: d.title,
      holder_name: d.holderName,
      retain_until: d.retainUntil,
      holder_document: d.holderDocument,
      sha256: d.sha256,
    }),
    returning: sql<{ id: string }>`id`,
    onConflictDoNothing: true,
    ...consequences,
  });
}

/** Revokes a document not yet revoked; answers whether this call did. */
export async function revokeDocument(db: Queryable, id: string, reason: string, by: string): Promise<boolean> {
  const result = await db$(db)
    .updateTable('documents.document')
    .set({ revoked_at: sql`now()`, revocation_reason: reason, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A document's newest archived version (B-LTA), if the archive job made one. */
export const findLatestVersion = async (db: Queryable, documentId: string) =>
  db$(db).selectFrom('documents.archived_version').select(['round', 'sha256', 'archived_at']).where('document_id', '=', documentId).orderBy('round', 'desc').limit(1).executeTakeFirst();

/** Documents whose newest timestamp's TSA certificate expires at or before `before`, or not read yet; soonest first. */
export async function findArchiveDue(db: Queryable, before: Date, limit: number): Promise<string[]> {
  const found = await db$(db)
    .selectFrom('documents.document')
    .select('id')
    .where((eb) => eb.or([eb('timestamp_expires_at', 'is', null), eb('timestamp_expires_at', '<=', before)]))
    .orderBy(sql`timestamp_expires_at NULLS FIRST`)
    .orderBy('id')
    .limit(limit)
    .execute();
  return found.map((r) => r.id);
}

/** Locks a document for the archive job (skipping one another worker holds). */
export const lockDocumentForArchive = async (db: Queryable, id: string) =>
  db$(db).selectFrom('documents.document').select(['id', 'sha256', 'timestamp_expires_at']).where('id', '=', id).forUpdate().skipLocked().executeTakeFirst();

export async function setTimestampExpiry(db: Queryable, id: string, at: Date): Promise<void> {
  await db$(db).updateTable('documents.document').set({ timestamp_expires_at: at }).where('id', '=', id).execute();
}

export async function insertArchivedVersion(
  db: Queryable,
  row: { documentId: string; round: number; sha256: string; previousSha256: string; archivedAt: Date; tsaSerial: string; timestampExpiresAt: Date },
): Promise<void> {
  await db$(db)
    .insertInto('documents.archived_version')
    .values({
      document_id: row.documentId,
      round: row.round,
      sha256: row.sha256,
      previous_sha256: row.previousSha256,
      archived_at: row.archivedAt,
      tsa_serial: row.tsaSerial,
      timestamp_expires_at: row.timestampExpiresAt,
    })
    .execute();
}

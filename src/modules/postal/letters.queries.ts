// Every SQL statement on postal.letter: the letters of official mail and the clerks' print queue.
import { sql } from 'kysely';
import { auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import type { AuditInput } from '../../platform/audit/audit.ts';
import type { Database, Queryable } from '../../platform/db/index.ts';
import type { Tables } from './db.generated.ts';

const rows = rowsInto<Tables>();

export interface Letter {
  shipmentId: string;
  messageId: string;
  senderAgency: string;
  sha256: string;
  createdAt: Date;
  downloadedAt: Date | null;
}

export interface QueuedLetter extends Letter {
  number: string;
  addresseeName: string;
  destinationOffice: string;
}

interface LetterRow {
  shipment_id: string;
  message_id: string;
  sender_agency: string;
  sha256: string;
  created_at: Date;
  downloaded_at: Date | null;
}
const toLetter = (r: LetterRow): Letter => ({
  shipmentId: r.shipment_id,
  messageId: r.message_id,
  senderAgency: r.sender_agency,
  sha256: r.sha256,
  createdAt: r.created_at,
  downloadedAt: r.downloaded_at,
});

/**
 * Runs the sweep while holding its lock (a transaction-level advisory lock on a connection of its
 * own); a sweep that finds it held does nothing and gets undefined. Each message's shipment and
 * letter stay idempotent without it: the lock only spares parallel sweeps the same work.
 */
export async function withSweepLock<T>(db: Queryable & { transaction: Database['transaction'] }, work: () => Promise<T>): Promise<T | undefined> {
  return db.transaction().execute(async (trx) => {
    const { rows: got } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(hashtext('postal:official_mail')) AS locked`.execute(trx);
    return got[0]?.locked ? work() : undefined;
  });
}

/** The letter of a message's shipment, once (a second sweep's letter is not written); audited. */
export async function insertLetterAudited(db: Queryable, l: Omit<Letter, 'createdAt' | 'downloadedAt'>, audit: AuditInput): Promise<boolean> {
  const row = await auditedInsert(db, {
    insert: rows('postal.letter', { shipment_id: l.shipmentId, message_id: l.messageId, sender_agency: l.senderAgency, sha256: l.sha256 }),
    onConflictDoNothing: true,
    audit,
  });
  return row !== undefined;
}

export async function findLetter(db: Queryable, key: { shipmentId: string } | { messageId: string }): Promise<Letter | undefined> {
  const where = 'shipmentId' in key ? sql`shipment_id = ${key.shipmentId}` : sql`message_id = ${key.messageId}`;
  const { rows: found } = await sql<LetterRow>`SELECT shipment_id, message_id, sender_agency, sha256, created_at, downloaded_at FROM postal.letter WHERE ${where}`.execute(db);
  return found[0] ? toLetter(found[0]) : undefined;
}

/** The print queue of the post's agency: letters not printed yet first, then the latest printed. */
export async function listLetterQueue(db: Queryable, agencyCode: string, limit: number): Promise<QueuedLetter[]> {
  const { rows: found } = await sql<LetterRow & { number: string; addressee_name: string; destination_office: string }>`
    SELECT l.shipment_id, l.message_id, l.sender_agency, l.sha256, l.created_at, l.downloaded_at, s.number, s.addressee_name, s.destination_office
      FROM postal.letter l JOIN postal.shipment s ON s.id = l.shipment_id
     WHERE s.agency_code = ${agencyCode}
     ORDER BY l.downloaded_at IS NOT NULL, l.created_at DESC, l.shipment_id LIMIT ${limit}`.execute(db);
  return found.map((r) => ({ ...toLetter(r), number: r.number, addresseeName: r.addressee_name, destinationOffice: r.destination_office }));
}

/** Records the first download (the letter is being printed); false when it was downloaded before. */
export async function markLetterDownloaded(db: Queryable, shipmentId: string): Promise<boolean> {
  const result = await sql`UPDATE postal.letter SET downloaded_at = now() WHERE shipment_id = ${shipmentId} AND downloaded_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

// The clerks' print queue of official mail: the letters of the post's agency, and each letter's
// PDF for the clerk of that agency only (the first download audited).
import { recordAudit, type AuditInput } from '../../platform/audit/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { readFile, sha256Hex } from '../../platform/files/index.ts';
import type { Deps } from '../../platform/module.ts';
import { findOfficesByCode, type Office } from '../agencies/index.ts';
import { findLetter, listLetterQueue, markLetterDownloaded, type QueuedLetter } from './letters.queries.ts';
import { clerkShipment } from './postal.service.ts';

export async function letterQueue(deps: Deps, agencyCode: string): Promise<{ letters: QueuedLetter[]; offices: Map<string, Office> }> {
  const letters = await listLetterQueue(deps.db, agencyCode, 200);
  return { letters, offices: await findOfficesByCode(deps, [...new Set(letters.map((l) => l.destinationOffice))]) };
}

export async function letterToPrint(deps: Deps, clerk: { agencyCode: string; actor: AuditInput['actor'] }, numberText: string, requestId?: string): Promise<{ number: string; bytes: Buffer }> {
  const shipment = await clerkShipment(deps, clerk.agencyCode, numberText);
  const letter = await findLetter(deps.db, { shipmentId: shipment.id });
  if (!letter) throw new AppError('POSTAL_SHIPMENT_NOT_FOUND');
  const bytes = (await readFile(deps.db, letter.sha256))?.content;
  if (!bytes || sha256Hex(bytes) !== letter.sha256) throw new Error(`stored letter ${letter.sha256} is missing or damaged`);
  if (!letter.downloadedAt)
    await deps.db.transaction().execute(async (trx) => {
      if (await markLetterDownloaded(trx, shipment.id))
        await recordAudit(trx, { actor: clerk.actor, action: 'postal.letter_downloaded', subject: { type: 'shipment', id: shipment.number }, requestId });
    });
  return { number: shipment.number, bytes };
}

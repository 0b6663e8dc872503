// The archive-timestamp job (PAdES B-LTA, docs/signed-documents.md "Archive timestamps"):
// before the TSA certificate of a document's newest timestamp expires, the signing service
// appends the validation data and a document timestamp (src/platform/signing/archive.ts); the
// new file goes to the file store as the document's next version, recorded and audited. The
// document's identity stays its issued SHA-256. A sweep (src/platform/jobs/sweep.ts): each
// document in its own transaction, locked with SKIP LOCKED, so parallel workers archive a
// document once per round.
import { recordAudit } from '../../platform/audit/audit.ts';
import { readFile, sha256Hex, storeFile } from '../../platform/files/index.ts';
import { type SweepResult, sweepDue } from '../../platform/jobs/sweep.ts';
import type { Deps } from '../../platform/module.ts';
import { signingService } from '../../platform/signing/index.ts';
import { findArchiveDue, findLatestVersion, insertArchivedVersion, lockDocumentForArchive, setTimestampExpiry } from './documents.queries.ts';

export const ARCHIVE_JOB = 'archive_timestamps';
const DAY = 24 * 3600 * 1000;
/** How long before the TSA certificate's expiry a document is archived again (default: a year). */
export const ARCHIVE_WINDOW = 365 * DAY;

export interface ArchiveOptions {
  now?: Date;
  /** Archive documents whose newest timestamp's TSA certificate expires within this (ms). */
  window?: number;
}

/**
 * One round: renews the TSA certificate when it would itself expire within twice the window
 * (a new archive timestamp must outlive the window), then archives every due document.
 */
export async function archiveDueDocuments(deps: Deps, options: ArchiveOptions = {}): Promise<SweepResult<string>> {
  const now = options.now ?? new Date();
  const window = options.window ?? ARCHIVE_WINDOW;
  const signing = signingService(deps);
  await signing.renewTsaIfExpiring(new Date(now.getTime() + 2 * window));
  const horizon = new Date(now.getTime() + window);
  return sweepDue<string>({
    db: deps.db,
    now,
    selectDue: (db, _at, limit) => findArchiveDue(db, horizon, limit),
    handle: async (trx, id) => {
      const document = await lockDocumentForArchive(trx, id);
      if (!document) return false;
      if (document.timestamp_expires_at && document.timestamp_expires_at > horizon) return false;
      const latest = await findLatestVersion(trx, id);
      const previousSha256 = latest?.sha256 ?? document.sha256;
      const file = await readFile(trx, previousSha256);
      if (!file) return false;
      const expiry = await signing.timestampExpiry(file.content);
      // Read for the first time and not due yet: remember when it will be.
      if (expiry && expiry > horizon) {
        await setTimestampExpiry(trx, id, expiry);
        return true;
      }
      const archived = await signing.archivePdf(file.content);
      const sha256 = sha256Hex(archived.pdf);
      const round = (latest?.round ?? 0) + 1;
      await storeFile(trx, archived.pdf, 'application/pdf');
      await insertArchivedVersion(trx, { documentId: id, round, sha256, previousSha256, archivedAt: archived.archivedAt, tsaSerial: archived.tsaSerial, timestampExpiresAt: archived.tsaNotAfter });
      await setTimestampExpiry(trx, id, archived.tsaNotAfter);
      await recordAudit(trx, {
        actor: { type: 'system', id: 'documents' },
        action: 'documents.document_archived',
        subject: { type: 'document', id },
        data: { sha256: document.sha256, round, versionSha256: sha256, previousSha256, archivedAt: archived.archivedAt.toISOString(), tsaSerial: archived.tsaSerial },
      });
      return true;
    },
  });
}

// The registry values read for an application (cases.prefill_read; migration 005).
import { sql } from 'kysely';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { FieldAnswer } from '../../platform/forms/index.ts';
import type { Tables } from './db.generated.ts';

export interface PrefillRead {
  field: string;
  service: string;
  outcome: 'supplied' | 'not_found' | 'refused';
  value: FieldAnswer | null;
  sourceLabel: string;
  messageId: string | null;
  xroadId: string | null;
}

const columns = ['field', 'service', 'outcome', 'value', 'source_label', 'message_id', 'xroad_id'] as const;
type Row = { field: string; service: string; outcome: string; value: unknown; source_label: string; message_id: string | null; xroad_id: string | null };
const toRead = (r: Row): PrefillRead => ({
  field: r.field,
  service: r.service,
  outcome: r.outcome as PrefillRead['outcome'],
  value: (r.value ?? null) as FieldAnswer | null,
  sourceLabel: r.source_label,
  messageId: r.message_id,
  xroadId: r.xroad_id,
});

/** The reads of an application in progress (not yet a case). */
export async function findOpenPrefillReads(db: Queryable, accountId: string, versionId: string): Promise<PrefillRead[]> {
  const rows = await typed<Tables>(db).selectFrom('cases.prefill_read').select(columns).where('account_id', '=', accountId).where('version_id', '=', versionId).where('case_id', 'is', null).execute();
  return rows.map(toRead);
}

/** The reads that supplied or failed to supply a case's fields. */
export async function findCasePrefillReads(db: Queryable, caseId: string): Promise<PrefillRead[]> {
  const rows = await typed<Tables>(db).selectFrom('cases.prefill_read').select(columns).where('case_id', '=', caseId).orderBy('field').execute();
  return rows.map(toRead);
}

/** Records reads; a field already read for this application keeps its first read (parallel page loads). */
export async function insertPrefillReads(db: Queryable, accountId: string, versionId: string, reads: Array<PrefillRead & { id: string }>): Promise<void> {
  if (reads.length === 0) return;
  await sql`
    INSERT INTO cases.prefill_read (id, account_id, version_id, field, service, outcome, value, source_label, message_id, xroad_id)
    VALUES ${sql.join(reads.map((r) => sql`(${r.id}, ${accountId}, ${versionId}, ${r.field}, ${r.service}, ${r.outcome}, ${r.value === null ? null : JSON.stringify(r.value)}::jsonb, ${r.sourceLabel}, ${r.messageId}, ${r.xroadId})`))}
    ON CONFLICT (account_id, version_id, field) WHERE case_id IS NULL DO NOTHING`.execute(db);
}

/** The statement that hands an application's reads to its case (embedded in the case's single write). */
export const linkPrefillReadsStatement = (accountId: string, versionId: string, caseId: string) =>
  sql`UPDATE cases.prefill_read SET case_id = ${caseId} WHERE account_id = ${accountId} AND version_id = ${versionId} AND case_id IS NULL`;

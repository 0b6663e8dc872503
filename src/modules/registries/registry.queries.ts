// Every SQL statement of public registries (schema `registries`).
import { type RawBuilder, sql } from 'kysely';
import { type AuditedInsert, auditedInsert, rowsInto } from '../../platform/db/audited-insert.ts';
import { type Queryable, typed } from '../../platform/db/index.ts';
import type { Json } from '../../platform/db/column-types.ts';
import type { Tables } from './db.generated.ts';
import type { Content, RecordVersion, RegistryRecord, UsageEntry } from './registry.types.ts';

const rows = rowsInto<Tables>();
const db$ = (db: Queryable) => typed<Tables>(db);

interface RecordRow {
  id: string;
  registry: string;
  key: string;
  version: number;
  content: unknown;
  deleted: boolean;
  created_at: Date;
  modified_at: Date;
}
const toRecord = (r: RecordRow): RegistryRecord => ({
  uuid: r.id,
  registry: r.registry,
  key: r.key,
  version: r.version,
  content: r.content as Content,
  deleted: r.deleted,
  createdAt: r.created_at,
  modifiedAt: r.modified_at,
});

const recordSelect = sql`r.id, r.registry, r.key, v.version, v.content, v.deleted, r.created_at, v.valid_from AS modified_at`;

/** The record's current version, by key or by uuid (deleted ones too: callers decide). */
export async function findRecord(db: Queryable, registry: string, by: { key: string } | { uuid: string }): Promise<RegistryRecord | undefined> {
  const where = 'key' in by ? sql`r.registry = ${registry} AND r.key = ${by.key}` : sql`r.registry = ${registry} AND r.id = ${by.uuid}`;
  const { rows: found } = await sql<RecordRow>`
    SELECT ${recordSelect} FROM registries.record r JOIN registries.record_version v ON v.record_id = r.id AND v.version = r.current_version
    WHERE ${where}`.execute(db);
  return found[0] ? toRecord(found[0]) : undefined;
}

/** The version in force at an instant (undefined before the record existed). */
export async function findRecordAsOf(db: Queryable, registry: string, key: string, at: Date): Promise<RegistryRecord | undefined> {
  const { rows: found } = await sql<RecordRow>`
    SELECT ${recordSelect} FROM registries.record r JOIN registries.record_version v ON v.record_id = r.id
    WHERE r.registry = ${registry} AND r.key = ${key} AND v.valid_from <= ${at} AND (v.valid_to IS NULL OR v.valid_to > ${at})
    ORDER BY v.version DESC LIMIT 1`.execute(db);
  return found[0] ? toRecord(found[0]) : undefined;
}

export async function findVersions(db: Queryable, recordId: string): Promise<RecordVersion[]> {
  const found = await db$(db).selectFrom('registries.record_version').selectAll().where('record_id', '=', recordId).orderBy('version').execute();
  return found.map((v) => ({
    version: v.version,
    content: v.content as Content,
    deleted: v.deleted,
    validFrom: v.valid_from,
    validTo: v.valid_to,
    actorType: v.actor_type,
    actorId: v.actor_id,
    agencyCode: v.agency_code,
    reason: v.reason,
  }));
}

export interface RecordSearch {
  /** Any field's text contains it (case-insensitive). */
  search?: string;
  /** Fields equal to values (`query.<field>=value`). */
  equals?: Record<string, string>;
  /** Order by this field of the content (else by key). */
  orderBy?: string;
  descending?: boolean;
  limit: number;
  offset: number;
}

/** A page of current, not deleted records, and how many match in all. */
export async function searchRecords(db: Queryable, registry: string, q: RecordSearch): Promise<{ records: RegistryRecord[]; total: number }> {
  const like = q.search ? `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const equals = Object.entries(q.equals ?? {});
  const filters = equals.map(([field, value]) => sql`AND (v.content ->> ${field} = ${value} OR v.content -> ${field} ? ${value})`);
  const order = q.orderBy ? sql`v.content ->> ${q.orderBy}` : sql`r.key`;
  const { rows: found } = await sql<RecordRow & { total: string }>`
    SELECT ${recordSelect}, count(*) OVER () AS total
    FROM registries.record r JOIN registries.record_version v ON v.record_id = r.id AND v.version = r.current_version
    WHERE r.registry = ${registry} AND NOT r.deleted
      AND (${like}::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_each_text(v.content) f WHERE f.value ILIKE ${like}))
      ${sql.join(filters, sql` `)}
    ORDER BY ${order} ${q.descending ? sql`DESC` : sql`ASC`}, r.key
    LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db);
  return { records: found.map(toRecord), total: Number(found[0]?.total ?? 0) };
}

export interface VersionAuthor {
  actorType: 'official' | 'system' | 'person';
  actorId: string;
  agencyCode: string | null;
  reason: string;
}

/** A new record with its first version, audited, in one statement; undefined when the key exists. */
export async function insertRecordAudited(
  db: Queryable,
  record: { id: string; registry: string; key: string; content: Content },
  author: VersionAuthor,
  consequences: Pick<AuditedInsert<{ id: string }>, 'audit' | 'stats' | 'statements'>,
) {
  return auditedInsert(db, {
    insert: rows('registries.record', { id: record.id, registry: record.registry, key: record.key, current_version: 1 }),
    returning: sql<{ id: string }>`id`,
    onConflictDoNothing: true,
    also: [
      rows('registries.record_version', {
        record_id: record.id,
        version: 1,
        content: record.content as Json,
        actor_type: author.actorType,
        actor_id: author.actorId,
        agency_code: author.agencyCode,
        reason: author.reason,
      }),
    ],
    ...consequences,
  });
}

/**
 * The record's next version (content, or deletion), when its current version is still
 * `expected` (a concurrent change wins, this one answers false): closes the current version.
 */
export async function appendVersion(db: Queryable, recordId: string, expected: number, change: { content: Content; deleted: boolean }, author: VersionAuthor): Promise<boolean> {
  const { rows: moved } = await sql<{ id: string }>`
    UPDATE registries.record SET current_version = ${expected + 1}, deleted = ${change.deleted}, modified_at = now()
    WHERE id = ${recordId} AND current_version = ${expected} RETURNING id`.execute(db);
  if (moved.length === 0) return false;
  await sql`UPDATE registries.record_version SET valid_to = now() WHERE record_id = ${recordId} AND version = ${expected}`.execute(db);
  await db$(db)
    .insertInto('registries.record_version')
    .values({
      record_id: recordId,
      version: expected + 1,
      content: JSON.stringify(change.content),
      deleted: change.deleted,
      actor_type: author.actorType,
      actor_id: author.actorId,
      agency_code: author.agencyCode,
      reason: author.reason,
    })
    .execute();
  return true;
}

/** The unit's representatives become exactly these document numbers. */
export async function replaceRepresentatives(db: Queryable, unitKey: string, documentNumbers: string[]): Promise<void> {
  await db$(db).deleteFrom('registries.representative').where('unit_key', '=', unitKey).execute();
  if (documentNumbers.length > 0) {
    await db$(db)
      .insertInto('registries.representative')
      .values(documentNumbers.map((document_number) => ({ unit_key: unitKey, document_number })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** The keys of the units a person (by document number) represents. */
export async function findRepresentedUnitKeys(db: Queryable, documentNumber: string): Promise<string[]> {
  const found = await db$(db).selectFrom('registries.representative').select('unit_key').where('document_number', '=', documentNumber).orderBy('unit_key').execute();
  return found.map((r) => r.unit_key);
}

export interface NewUsage {
  registry: string;
  recordId: string;
  recordKey: string;
  operation: 'read' | 'list' | 'exists' | 'read_value' | 'history';
  readerType: 'client' | 'official';
  readerId: string;
  readerAgency: string | null;
  readerName: string | null;
  xroadClient: string | null;
  xroadId: string | null;
}

/**
 * The usage log's rows, with other data-modifying statements (the persons' "Mi actividad"
 * entries, the statistics deltas) in ONE statement: one round trip, atomic without a transaction.
 */
export async function insertUsageWith(db: Queryable, entries: NewUsage[], statements: RawBuilder<unknown>[]): Promise<void> {
  if (entries.length === 0) return;
  const rowsJson = JSON.stringify(
    entries.map((u) => ({
      registry: u.registry,
      record_id: u.recordId,
      record_key: u.recordKey,
      operation: u.operation,
      reader_type: u.readerType,
      reader_id: u.readerId,
      reader_agency: u.readerAgency,
      reader_name: u.readerName,
      xroad_client: u.xroadClient,
      xroad_id: u.xroadId,
    })),
  );
  const parts = [
    sql`usage AS (INSERT INTO registries.usage (registry, record_id, record_key, operation, reader_type, reader_id, reader_agency, reader_name, xroad_client, xroad_id)
      SELECT registry, record_id, record_key, operation, reader_type, reader_id, reader_agency, reader_name, xroad_client, xroad_id
      FROM jsonb_populate_recordset(NULL::registries.usage, ${rowsJson}::jsonb))`,
    ...statements.map((statement, i) => sql`${sql.raw(`w${i}`)} AS (${statement})`),
  ];
  await sql`WITH ${sql.join(parts, sql`, `)} SELECT 1`.execute(db);
}

/** The reads of a record, newest first. */
export async function findUsage(db: Queryable, registry: string, recordKey: string, limit = 200): Promise<UsageEntry[]> {
  const found = await db$(db)
    .selectFrom('registries.usage')
    .selectAll()
    .where('registry', '=', registry)
    .where('record_key', '=', recordKey)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return found.map((u) => ({
    id: String(u.id),
    registry: u.registry,
    recordKey: u.record_key,
    operation: u.operation,
    readerType: u.reader_type,
    readerId: u.reader_id,
    readerAgency: u.reader_agency,
    readerName: u.reader_name,
    xroadClient: u.xroad_client,
    xroadId: u.xroad_id,
    occurredAt: u.occurred_at,
  }));
}

/** Economic units' current, not deleted versions (open data takes their public fields). */
export async function findAllCurrent(db: Queryable, registry: string, limit = 10_000): Promise<Content[]> {
  const { rows: found } = await sql<{ content: Content }>`
    SELECT v.content FROM registries.record r JOIN registries.record_version v ON v.record_id = r.id AND v.version = r.current_version
    WHERE r.registry = ${registry} AND NOT r.deleted ORDER BY r.key LIMIT ${limit}`.execute(db);
  return found.map((r) => r.content);
}

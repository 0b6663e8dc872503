// The message log's SQL (schema `interop`): messages claimed by X-Road-Id, completed with the
// response's hash, and sealed in batches.
import { sql } from 'kysely';
import { type DeltaRow, deltasInsert } from '../../platform/stats/stats.queries.ts';
import type { Queryable } from '../../platform/db/index.ts';

export interface NewMessage {
  id: string;
  xroadId: string;
  clientMember: string;
  clientSubsystem: string;
  serviceId: string;
  producerMember: string;
  method: string;
  path: string;
  userId: string | null;
  issue: string | null;
  subjectAccountId: string | null;
  requestHash: string;
  createdAt: Date;
}

/** Claims the client's X-Road-Id: false when this client already sent one with it (a replay). */
export async function claimMessage(db: Queryable, m: NewMessage): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO interop.message (id, xroad_id, client_member, client_subsystem, service_id, producer_member, method, path, user_id, issue, subject_account_id, request_hash, created_at)
    VALUES (${m.id}, ${m.xroadId}, ${m.clientMember}, ${m.clientSubsystem}, ${m.serviceId}, ${m.producerMember}, ${m.method}, ${m.path}, ${m.userId}, ${m.issue}, ${m.subjectAccountId}, ${m.requestHash}, ${m.createdAt})
    ON CONFLICT DO NOTHING RETURNING id`.execute(db);
  return rows.length > 0;
}

/** Records the answer's hash and status; with `figure`, the call's statistics delta in the same statement (one commit). */
export async function completeMessage(db: Queryable, id: string, responseHash: string, status: number, figure?: DeltaRow): Promise<void> {
  const update = sql`UPDATE interop.message SET response_hash = ${responseHash}, status = ${status}, completed_at = now() WHERE id = ${id}`;
  if (!figure) await update.execute(db);
  else await sql`WITH done AS (${update} RETURNING 1), figure AS (${deltasInsert([figure])}) SELECT 1`.execute(db);
}

export interface LoggedMessage {
  id: string;
  xroadId: string;
  client: string;
  service: string;
  producerMember: string;
  clientMember: string;
  clientSubsystem: string;
  method: string;
  path: string;
  userId: string | null;
  issue: string | null;
  requestHash: string;
  responseHash: string | null;
  status: number | null;
  createdAt: Date;
  batchId: string | null;
}
type MessageRow = {
  id: string;
  xroad_id: string;
  client_member: string;
  client_subsystem: string;
  producer_member: string;
  service: string;
  method: string;
  path: string;
  user_id: string | null;
  issue: string | null;
  request_hash: string;
  response_hash: string | null;
  status: number | null;
  created_at: Date;
  batch_id: string | null;
};
const toMessage = (r: MessageRow, instance: string): LoggedMessage => ({
  id: r.id,
  xroadId: r.xroad_id,
  client: `${instance}/GOV/${r.client_member}/${r.client_subsystem}`,
  service: `${instance}/GOV/${r.service}`,
  producerMember: r.producer_member,
  clientMember: r.client_member,
  clientSubsystem: r.client_subsystem,
  method: r.method,
  path: r.path,
  userId: r.user_id,
  issue: r.issue,
  requestHash: r.request_hash,
  responseHash: r.response_hash,
  status: r.status,
  createdAt: r.created_at,
  batchId: r.batch_id,
});
const messageSelect = sql`m.id, m.xroad_id, m.client_member, m.client_subsystem, m.producer_member,
  s.member_code || '/' || s.subsystem_code || '/' || s.code AS service, m.method, m.path, m.user_id, m.issue,
  m.request_hash, m.response_hash, m.status, m.created_at, m.batch_id`;

export async function findMessage(db: Queryable, id: string, instance: string): Promise<LoggedMessage | undefined> {
  const { rows } = await sql<MessageRow>`
    SELECT ${messageSelect} FROM interop.message m JOIN interop.service s ON s.id = m.service_id WHERE m.id = ${id}`.execute(db);
  return rows[0] ? toMessage(rows[0], instance) : undefined;
}

/** The completed messages not yet sealed, oldest first, locked for this transaction (parallel sealers take others). */
export async function lockPendingMessages(db: Queryable, instance: string, limit: number): Promise<LoggedMessage[]> {
  const { rows } = await sql<MessageRow>`
    SELECT ${messageSelect} FROM interop.message m JOIN interop.service s ON s.id = m.service_id
    WHERE m.batch_id IS NULL AND m.completed_at IS NOT NULL
    ORDER BY m.created_at, m.id LIMIT ${limit} FOR UPDATE OF m SKIP LOCKED`.execute(db);
  return rows.map((r) => toMessage(r, instance));
}

export async function insertBatch(db: Queryable, b: { id: string; content: Buffer; signature: Buffer; timestampToken: Buffer; messageIds: string[] }): Promise<void> {
  await sql`
    WITH batch AS (INSERT INTO interop.batch (id, content, signature, timestamp_token) VALUES (${b.id}, ${b.content}, ${b.signature}, ${b.timestampToken}) RETURNING id)
    UPDATE interop.message SET batch_id = (SELECT id FROM batch) WHERE id = ANY(${b.messageIds}::uuid[])`.execute(db);
}

export async function findBatch(db: Queryable, id: string): Promise<{ content: Buffer; signature: Buffer; timestampToken: Buffer; sealedAt: Date } | undefined> {
  const { rows } = await sql<{ content: Buffer; signature: Buffer; timestamp_token: Buffer; sealed_at: Date }>`
    SELECT content, signature, timestamp_token, sealed_at FROM interop.batch WHERE id = ${id}`.execute(db);
  const r = rows[0];
  return r ? { content: r.content, signature: r.signature, timestampToken: r.timestamp_token, sealedAt: r.sealed_at } : undefined;
}

/** The exchanges about a person (most recent first), for "Mis datos". */
export async function findExchangesAbout(db: Queryable, accountId: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await sql<Record<string, unknown>>`
    SELECT s.member_code AS producer, s.title AS service, m.client_member AS consumer, m.issue, m.status, to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at
    FROM interop.message m JOIN interop.service s ON s.id = m.service_id
    WHERE m.subject_account_id = ${accountId} ORDER BY m.created_at DESC LIMIT 200`.execute(db);
  return rows;
}

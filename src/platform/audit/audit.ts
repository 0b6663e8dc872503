// The tamper-evident audit log. `recordAudit` is called inside the transaction of the change
// it records and stores the hash of the entry's own content; `sealAuditLog` (one serial pass,
// every second or so, in one process at a time) links committed entries into the chain;
// `verifyAuditLog` recomputes everything and names the first broken entry.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { uuidv7 } from '../../shared/ids.ts';
import { typed, type Queryable } from '../db/index.ts';

export type ActorType = 'person' | 'official' | 'admin' | 'client' | 'system' | 'anonymous';

export interface AuditInput {
  actor: { type: ActorType; id?: string | null };
  /** `module.verb_noun`, e.g. `agencies.agency_created`. */
  action: string;
  subject: { type: string; id: string };
  /** References and the minimum needed to understand the change; no secrets. */
  data?: Record<string, unknown>;
  requestId?: string | null;
}

interface EntryTable {
  id: string;
  occurred_at: Date;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  data: Record<string, unknown>;
  request_id: string | null;
  content_hash: string;
  position: number | null;
  prev_hash: string | null;
  chain_hash: string | null;
  sealed_at: Date | null;
}
interface HeadTable {
  id: boolean;
  position: number;
  chain_hash: string;
  sealed_at: Date;
}
interface Tables {
  'audit.entry': EntryTable;
  'audit.head': HeadTable;
}

export const GENESIS_HASH = '0'.repeat(64);
const SEAL_LOCK_KEY = 74_174_602;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export type AuditContent = Pick<EntryTable, 'id' | 'occurred_at' | 'actor_type' | 'actor_id' | 'action' | 'subject_type' | 'subject_id' | 'data' | 'request_id'>;

/**
 * The exact text whose SHA-256 is an entry's content hash: RFC 8785 canonical JSON of these
 * nine members (docs/audit-log.md). `occurred_at` is written as `YYYY-MM-DDTHH:mm:ss.sssZ`.
 */
export function canonicalContent(entry: AuditContent): string {
  return canonicalJson({
    id: entry.id,
    occurred_at: entry.occurred_at.toISOString(),
    actor_type: entry.actor_type,
    actor_id: entry.actor_id,
    action: entry.action,
    subject_type: entry.subject_type,
    subject_id: entry.subject_id,
    data: entry.data,
    request_id: entry.request_id,
  });
}

/** Lower-case hex SHA-256 of the UTF-8 bytes of `canonicalContent(entry)`. */
export function contentHash(entry: AuditContent): string {
  return sha256(canonicalContent(entry));
}

/** Lower-case hex SHA-256 of the ASCII text `<position>|<prevHash>|<contentHash>` (position in decimal). */
export function chainHash(position: number, prevHash: string, content: string): string {
  return sha256(`${position}|${prevHash}|${content}`);
}

/** An entry as it is stored before sealing: its content and the hash of that content. */
export type NewAuditEntry = AuditContent & { content_hash: string };

/** The row `recordAudit` appends (the write pattern embeds it in its one statement: src/platform/db/audited-insert.ts). */
export function auditEntry(input: AuditInput, at: Date = new Date()): NewAuditEntry {
  const content: AuditContent = {
    id: uuidv7(at.getTime()),
    occurred_at: at,
    actor_type: input.actor.type,
    actor_id: input.actor.id ?? null,
    action: input.action,
    subject_type: input.subject.type,
    subject_id: input.subject.id,
    // Round-trip through JSON so that what is hashed is what jsonb stores.
    data: JSON.parse(JSON.stringify(input.data ?? {})) as Record<string, unknown>,
    request_id: input.requestId ?? null,
  };
  return { ...content, content_hash: contentHash(content) };
}

/** Appends an entry; call it with the transaction of the change it records. Returns its id. */
export async function recordAudit(trx: Queryable, input: AuditInput): Promise<string> {
  const entry = auditEntry(input);
  await typed<Tables>(trx)
    .insertInto('audit.entry')
    .values({ ...entry, data: JSON.stringify(entry.data) as never } as never)
    .execute();
  return entry.id;
}

export interface AuditHead {
  position: number;
  hash: string;
  sealedAt: Date | null;
}

export async function getAuditHead(db: Queryable): Promise<AuditHead> {
  const head = await typed<Tables>(db).selectFrom('audit.head').selectAll().executeTakeFirst();
  return head ? { position: head.position, hash: head.chain_hash, sealedAt: head.sealed_at } : { position: 0, hash: GENESIS_HASH, sealedAt: null };
}

/**
 * Links committed, unsealed entries into the chain, oldest first, and advances the head.
 * Returns how many were sealed (0 when another process holds the sealer's lock).
 */
export async function sealAuditLog(db: Queryable, batchSize = 5000): Promise<number> {
  return typed<Tables>(db)
    .transaction()
    .execute(async (trx) => {
      const lock = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK_KEY}) AS locked`.execute(trx);
      if (!lock.rows[0]?.locked) return 0;
      const entries = await trx.selectFrom('audit.entry').select(['id', 'content_hash']).where('position', 'is', null).orderBy('occurred_at').orderBy('id').limit(batchSize).execute();
      if (entries.length === 0) return 0;
      const head = await getAuditHead(trx);
      let position = head.position;
      let prev = head.hash;
      const ids: string[] = [];
      const positions: number[] = [];
      const prevs: string[] = [];
      const chains: string[] = [];
      for (const entry of entries) {
        position += 1;
        const chain = chainHash(position, prev, entry.content_hash);
        ids.push(entry.id);
        positions.push(position);
        prevs.push(prev);
        chains.push(chain);
        prev = chain;
      }
      await sql`
      UPDATE audit.entry AS e
         SET position = v.position, prev_hash = v.prev_hash, chain_hash = v.chain_hash, sealed_at = now()
        FROM (SELECT unnest(${ids}::uuid[]) AS id, unnest(${positions}::bigint[]) AS position,
                     unnest(${prevs}::text[]) AS prev_hash, unnest(${chains}::text[]) AS chain_hash) AS v
       WHERE e.id = v.id`.execute(trx);
      await sql`
      INSERT INTO audit.head (id, position, chain_hash, sealed_at) VALUES (true, ${position}, ${prev}, now())
      ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, chain_hash = EXCLUDED.chain_hash, sealed_at = EXCLUDED.sealed_at`.execute(trx);
      return entries.length;
    });
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  unsealed: number;
  head: AuditHead;
  /** The first broken entry, when not ok. */
  broken?: { position: number | null; id: string | null; reason: string };
}

/**
 * Recomputes every hash of the chain and compares its end with the published head. With
 * `kept` (heads published earlier and kept outside the system), it also proves the log still
 * extends each of them: the recomputed chain must pass through that position with that hash,
 * so a consistent rewrite of the past (every hash recomputed, by a superuser) is caught.
 */
export async function verifyAuditLog(db: Queryable, options: { batchSize?: number; kept?: Array<{ position: number; hash: string }> } = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 10_000;
  const kept = new Map((options.kept ?? []).map((k) => [k.position, k.hash.toLowerCase()]));
  const q = typed<Tables>(db);
  const head = await getAuditHead(q);
  let expected = 1;
  let prev = GENESIS_HASH;
  let checked = 0;
  const fail = (position: number | null, id: string | null, reason: string): AuditVerification => ({
    ok: false,
    checked,
    unsealed: 0,
    head,
    broken: { position, id, reason },
  });
  for (;;) {
    const rows = await q.selectFrom('audit.entry').selectAll().where('position', '>=', expected).orderBy('position').limit(batchSize).execute();
    for (const row of rows) {
      const position = Number(row.position);
      if (position !== expected) return fail(expected, null, `entry at position ${expected} is missing (next found: ${position})`);
      if (contentHash(row) !== row.content_hash) return fail(position, row.id, 'content does not match its hash (the entry was altered)');
      if (row.prev_hash !== prev) return fail(position, row.id, 'previous-hash link is broken');
      if (chainHash(position, prev, row.content_hash) !== row.chain_hash) return fail(position, row.id, 'chain hash does not match');
      const keptHash = kept.get(position);
      if (keptHash !== undefined && keptHash !== row.chain_hash) return fail(position, row.id, `the log no longer extends the kept head at position ${position} (its hash was ${keptHash})`);
      prev = row.chain_hash;
      expected += 1;
      checked += 1;
    }
    if (rows.length < batchSize) break;
  }
  const beyond = [...kept.keys()].find((position) => position > checked);
  if (beyond !== undefined) return fail(beyond, null, `the kept head at position ${beyond} is beyond the end of the chain (${checked}): entries were removed`);
  if (checked !== head.position || prev !== head.hash) {
    return fail(checked + 1, null, `the chain ends at position ${checked} but the published head is position ${head.position}`);
  }
  const unsealed = await q.selectFrom('audit.entry').selectAll().where('position', 'is', null).execute();
  for (const row of unsealed) {
    if (contentHash(row) !== row.content_hash) return fail(null, row.id, 'content of an unsealed entry does not match its hash');
  }
  return { ok: true, checked, unsealed: unsealed.length, head };
}

// The write pattern: one statement writes the row, its other rows, the audit entry (whose hash
// the chain verifies), the outbox events and the statistics deltas; a conflict on the
// idempotency key writes nothing; a failing part writes nothing.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { countStatements } from '../../../test/helpers/statements.ts';
import { contentHash, sealAuditLog, verifyAuditLog } from '../audit/audit.ts';
import { defineStats } from '../stats/stats.types.ts';
import { readStat } from '../stats/stats.ts';
import { auditedInsert, rowsInto } from './audited-insert.ts';

interface Tables {
  'public.wp_item': { id: string; key: string | null; payload: unknown; tags: string[]; due: string; n: number; created_at?: Date };
  'public.wp_note': { item_id: string; text: string };
}
const rows = rowsInto<Tables>();
const stats = defineStats('wp', { items: { kind: 'count', unit: 'items', labelKey: 'x', dimensions: ['agency', 'time'], public: false } });

let t: TestApp;
before(async () => {
  t = await buildTestApp();
  await sql`CREATE TABLE public.wp_item (id uuid PRIMARY KEY, key text UNIQUE, payload jsonb NOT NULL, tags text[] NOT NULL, due date NOT NULL, n integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`.execute(
    t.app.tambo.deps.db,
  );
  await sql`CREATE TABLE public.wp_note (item_id uuid NOT NULL REFERENCES public.wp_item (id), text text NOT NULL)`.execute(t.app.tambo.deps.db);
});
after(async () => t.close());

const count = async (table: string, where = sql`true`) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(t.app.tambo.deps.db)).rows[0]!.n);

function write(id: string, key: string | null, note: string | null = 'first note') {
  return {
    insert: rows('public.wp_item', { id, key, payload: { a: [1, 2], b: 'dos' }, tags: ['x', 'y'], due: '2026-12-24', n: 7 }),
    returning: sql<{ id: string; due: string; created_at: Date }>`id, to_char(due, 'YYYY-MM-DD') AS due, created_at`,
    onConflictDoNothing: true,
    also: [rows('public.wp_note', { item_id: id, text: note as string })],
    audit: { actor: { type: 'person' as const, id: 'p-1' }, action: 'wp.item_added', subject: { type: 'item', id }, data: { key, nested: { b: 2, a: 1.5 } }, requestId: 'req-1' },
    events: [{ topic: 'wp.item_added', payload: { id, key } }],
    stats: [{ stat: stats.items, dims: { agency: 'SEGIP' } }],
  };
}

it('writes the row, its other rows, the audit entry, the event and the statistics in one statement; the chain verifies', async () => {
  const { db } = t.app.tambo.deps;
  const id = '0190c3a0-0000-7000-8000-000000000001';
  const { result, count: statements } = await countStatements(() => auditedInsert(db, write(id, 'k-1')));
  assert.equal(statements, 1, 'one round trip');
  assert.equal(result?.id, id);
  assert.equal(result?.due, '2026-12-24', 'RETURNING gives what was written');
  assert.ok(result?.created_at instanceof Date);
  const item = await sql<{ payload: unknown; tags: string[]; n: number }>`SELECT payload, tags, n FROM public.wp_item WHERE id = ${id}`.execute(db);
  assert.deepEqual(item.rows[0], { payload: { a: [1, 2], b: 'dos' }, tags: ['x', 'y'], n: 7 }, 'each value takes its column type');
  assert.equal(await count('public.wp_note', sql`item_id = ${id}`), 1);
  const entry = await sql<Record<string, unknown>>`SELECT * FROM audit.entry WHERE subject_id = ${id}`.execute(db);
  assert.equal(entry.rows.length, 1);
  assert.equal(contentHash(entry.rows[0] as never), entry.rows[0]!.content_hash, 'the stored content hashes to the stored hash');
  assert.equal(entry.rows[0]!.request_id, 'req-1');
  const events = await sql<{ payload: unknown }>`SELECT payload FROM platform.outbox WHERE topic = 'wp.item_added'`.execute(db);
  assert.deepEqual(
    events.rows.map((r) => r.payload),
    [{ id, key: 'k-1' }],
  );
  assert.equal((await readStat(db, stats.items, {}))[0]?.count, 1);
  await sealAuditLog(db);
  const verified = await verifyAuditLog(db);
  assert.ok(verified.ok, JSON.stringify(verified.broken));
});

it('a row that exists (idempotency key) writes nothing at all and returns undefined', async () => {
  const { db } = t.app.tambo.deps;
  const before = { audit: await count('audit.entry'), outbox: await count('platform.outbox'), notes: await count('public.wp_note'), deltas: await count('platform.stat_delta') };
  const again = await auditedInsert(db, write('0190c3a0-0000-7000-8000-000000000002', 'k-1'));
  assert.equal(again, undefined);
  assert.deepEqual({ audit: await count('audit.entry'), outbox: await count('platform.outbox'), notes: await count('public.wp_note'), deltas: await count('platform.stat_delta') }, before);
});

it('when one part fails, nothing is written (one statement is atomic)', async () => {
  const { db } = t.app.tambo.deps;
  const id = '0190c3a0-0000-7000-8000-000000000003';
  const before = { audit: await count('audit.entry'), outbox: await count('platform.outbox') };
  await assert.rejects(auditedInsert(db, write(id, 'k-3', null)), /null value/);
  assert.equal(await count('public.wp_item', sql`id = ${id}`), 0);
  assert.deepEqual({ audit: await count('audit.entry'), outbox: await count('platform.outbox') }, before);
});

it('goes as a named prepared statement: parsed and planned once per connection, then only bound and executed', async () => {
  const { db } = t.app.tambo.deps;
  await db.transaction().execute(async (trx) => {
    // One connection for the whole transaction: what it has prepared is visible to it.
    await auditedInsert(trx, write('0190c3a0-0000-7000-8000-000000000004', 'k-4'));
    await auditedInsert(trx, write('0190c3a0-0000-7000-8000-000000000005', 'k-5'));
    const prepared = await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'tambo\\_%'`.execute(trx);
    const ours = prepared.rows.filter((r) => r.statement.includes('"wp_item"'));
    assert.equal(ours.length, 1, 'the same write is one prepared statement, reused');
    assert.match(ours[0]!.statement, /^\/\* prepared \*\/ WITH main AS/);
  });
  assert.equal(await count('public.wp_item', sql`key IN ('k-4', 'k-5')`), 2, 'both writes landed');
});

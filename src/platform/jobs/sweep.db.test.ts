// sweepDue over a real table: batches, one transaction per item, idempotent across runs and
// between two concurrent sweeps, a failing item isolated.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { createDb, type Db, type Queryable } from '../db/index.ts';
import { sweepDue } from './sweep.ts';

let database: TestDatabase;
let handle: Db;
before(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 6 });
});
after(async () => {
  await handle.close();
  await database.drop();
});

const NOW = new Date('2026-12-10T12:00:00Z');

/** A fresh table of its own for each test: `count` items due before NOW, two not yet due. */
async function items(count: number): Promise<string> {
  const table = `sweep_${Math.random().toString(36).slice(2, 10)}`;
  await sql`CREATE TABLE ${sql.table(table)} (id int PRIMARY KEY, due_at timestamptz NOT NULL, expired_at timestamptz, handled_times int NOT NULL DEFAULT 0)`.execute(handle.db);
  await sql`INSERT INTO ${sql.table(table)} (id, due_at)
    SELECT n, ${NOW}::timestamptz - make_interval(mins => n) FROM generate_series(1, ${count}) n
    UNION ALL SELECT 100000 + n, ${NOW}::timestamptz + make_interval(mins => n) FROM generate_series(1, 2) n`.execute(handle.db);
  return table;
}

function sweeper(table: string, options: { failOn?: number; batchSize?: number; seen?: number[] } = {}) {
  return {
    db: handle.db,
    now: NOW,
    batchSize: options.batchSize ?? 7,
    async selectDue(db: Queryable, now: Date, limit: number) {
      const rows = await sql<{ id: number }>`SELECT id FROM ${sql.table(table)} WHERE expired_at IS NULL AND due_at <= ${now} ORDER BY due_at, id LIMIT ${limit}`.execute(db);
      return rows.rows.map((row) => row.id);
    },
    async handle(trx: Queryable, id: number, now: Date) {
      options.seen?.push(id);
      const locked = await sql<{ id: number }>`SELECT id FROM ${sql.table(table)} WHERE id = ${id} AND expired_at IS NULL AND due_at <= ${now} FOR UPDATE SKIP LOCKED`.execute(trx);
      if (locked.rows.length === 0) return false;
      await sql`UPDATE ${sql.table(table)} SET expired_at = ${now}, handled_times = handled_times + 1 WHERE id = ${id}`.execute(trx);
      if (id === options.failOn) throw new Error(`item ${id} fails`);
      return true;
    },
  };
}

async function state(table: string) {
  const rows = await sql<{ expired: number; twice: number; pending_due: number }>`
    SELECT count(*) FILTER (WHERE expired_at IS NOT NULL)::int AS expired,
           count(*) FILTER (WHERE handled_times > 1)::int AS twice,
           count(*) FILTER (WHERE expired_at IS NULL AND due_at <= ${NOW})::int AS pending_due
      FROM ${sql.table(table)}`.execute(handle.db);
  return rows.rows[0];
}

describe('sweepDue', () => {
  let table: string;
  beforeEach(async () => {
    table = await items(30);
  });

  it('handles every due item, in batches, and leaves the others', async () => {
    const result = await sweepDue(sweeper(table));
    assert.deepEqual(result, { handled: 30, skipped: 0, failed: [] });
    assert.deepEqual(await state(table), { expired: 30, twice: 0, pending_due: 0 });
  });

  it('a second run finds nothing to do', async () => {
    await sweepDue(sweeper(table));
    assert.deepEqual(await sweepDue(sweeper(table)), { handled: 0, skipped: 0, failed: [] });
    assert.deepEqual(await state(table), { expired: 30, twice: 0, pending_due: 0 });
  });

  it('a failing item is rolled back alone and does not stop the run', async () => {
    const errors: number[] = [];
    const result = await sweepDue({ ...sweeper(table, { failOn: 9 }), onError: (key) => errors.push(key) });
    assert.equal(result.handled, 29);
    assert.deepEqual(
      result.failed.map((f) => f.key),
      [9],
    );
    assert.deepEqual(errors, [9]);
    assert.deepEqual(await state(table), { expired: 29, twice: 0, pending_due: 1 });
  });

  it('two sweeps at once act on each item once', async () => {
    const [a, b] = await Promise.all([sweepDue(sweeper(table, { batchSize: 5 })), sweepDue(sweeper(table, { batchSize: 5 }))]);
    assert.equal(a.handled + b.handled, 30);
    assert.deepEqual(await state(table), { expired: 30, twice: 0, pending_due: 0 });
  });
});

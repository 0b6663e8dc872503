// The statistics engine on a real PostgreSQL: deltas, fold, exact reads before and after
// folding, histograms, suppression, concurrent writers. Each test uses figures of its own
// (a module name per test), so any test runs alone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { createDb, type Db } from '../db/index.ts';
import { clearStat, defineStats, foldStats, readStat, recordStat, recordStats } from './stats.ts';

let database: TestDatabase;
let handle: Db;

before(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 12 });
});
after(async () => {
  await handle.close();
  await database.drop();
});

async function pendingDeltas(module: string): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::int AS n FROM platform.stat_delta WHERE module = ${module}`.execute(handle.db);
  return result.rows[0]!.n;
}

const received = (module: string) =>
  defineStats(module, {
    received: { kind: 'count', unit: 'reports', labelKey: 'x.received', dimensions: ['territory', 'agency', 'time', 'category'], public: true },
  }).received;

const hours = (module: string) =>
  defineStats(module, {
    hours: { kind: 'distribution', unit: 'hours', labelKey: 'x.hours', dimensions: ['agency'], buckets: [1, 2, 4, 8, 24], public: true },
  }).hours;

describe('statistics engine', () => {
  it('appends one delta per record and reads exactly before and after the fold', async () => {
    const stat = received('stats_fold');
    const dims = { territory: ['BO-L', 'BO-L-01'], agency: 'SEGIP', category: 'baches' };
    await handle.db.transaction().execute(async (trx) => {
      await recordStat(trx, stat, dims);
      await recordStat(trx, stat, dims);
      await recordStat(trx, stat, { ...dims, category: 'agua' }, 3);
    });
    assert.equal(await pendingDeltas('stats_fold'), 3);
    const before = await readStat(handle.db, stat, { groupBy: ['category'] });
    assert.deepEqual(
      before.map((r) => [r.group.category, r.count]),
      [
        ['agua', 3],
        ['baches', 2],
      ],
    );

    assert.ok((await foldStats(handle.db)) >= 3);
    assert.equal(await pendingDeltas('stats_fold'), 0);
    await recordStat(handle.db, stat, dims, -1);
    const afterFold = await readStat(handle.db, stat, { groupBy: ['category'] });
    assert.deepEqual(
      afterFold.map((r) => [r.group.category, r.count]),
      [
        ['agua', 3],
        ['baches', 1],
      ],
    );
  });

  it('a rolled-back transaction leaves no trace', async () => {
    const stat = received('stats_rollback');
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        await recordStat(trx, stat, { territory: 'BO-L', agency: 'SEGIP', category: 'a' });
        throw new Error('the change failed');
      }),
    );
    assert.deepEqual(await readStat(handle.db, stat), []);
  });

  it('filters by an ancestor territory, agency and time, and groups by the most specific territory and by month in the country zone', async () => {
    const stat = received('stats_filter');
    // 02:30 UTC on 1 March is still 28 February in La Paz (UTC-4).
    await recordStat(handle.db, stat, { territory: ['BO-L', 'BO-L-01'], agency: 'SEGIP', category: 'a', at: new Date('2026-03-01T02:30:00Z') });
    await recordStat(handle.db, stat, { territory: ['BO-L', 'BO-L-02'], agency: 'SEGIP', category: 'a', at: new Date('2026-03-01T12:00:00Z') });
    await recordStat(handle.db, stat, { territory: ['BO-C', 'BO-C-01'], agency: 'SIN', category: 'a', at: new Date('2026-03-02T12:00:00Z') });
    await foldStats(handle.db);

    const byTerritory = await readStat(handle.db, stat, { territory: 'BO-L', groupBy: ['territory'] });
    assert.deepEqual(
      byTerritory.map((r) => [r.group.territory, r.count]),
      [
        ['BO-L-01', 1],
        ['BO-L-02', 1],
      ],
    );
    const byMonth = await readStat(handle.db, stat, { groupBy: ['month'], timeZone: 'America/La_Paz' });
    assert.deepEqual(
      byMonth.map((r) => [r.group.month, r.count]),
      [
        ['2026-02', 1],
        ['2026-03', 2],
      ],
    );
    const sin = await readStat(handle.db, stat, { agency: 'SIN', from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') });
    assert.equal(sin[0]?.count, 1);
    const none = await readStat(handle.db, stat, { from: new Date('2026-04-01T00:00:00Z') });
    assert.deepEqual(none, []);
  });

  it('keeps a distribution as histogram buckets and estimates the median from them', async () => {
    const stat = hours('stats_histogram');
    // Buckets: <1, [1,2), [2,4), [4,8), [8,24), >=24.
    for (const value of [0.5, 1.5, 3, 3, 5, 30]) await recordStat(handle.db, stat, { agency: 'SEGIP' }, value);
    await foldStats(handle.db);
    await recordStat(handle.db, stat, { agency: 'SEGIP' }, 3.5);
    const [row] = await readStat(handle.db, stat);
    assert.deepEqual(row?.buckets, [1, 1, 3, 1, 0, 1]);
    assert.equal(row?.count, 7);
    assert.equal(row?.sum, 46.5);
    // 3.5 of 7 observations: 1.5 into bucket [2,4) of 3 → 2 + (1.5 / 3) × 2 = 3.
    assert.equal(row?.median, 3);
  });

  it('suppresses small counts on public reads and refuses public reads of private figures', async () => {
    const figures = defineStats('stats_public', {
      received: { kind: 'count', unit: 'reports', labelKey: 'x.r', dimensions: ['agency'], public: true },
      internal: { kind: 'count', unit: 'reports', labelKey: 'x.i', dimensions: [], public: false },
    });
    for (let i = 0; i < 5; i += 1) await recordStat(handle.db, figures.received, { agency: 'BIG' });
    for (let i = 0; i < 4; i += 1) await recordStat(handle.db, figures.received, { agency: 'SMALL' });
    const shown = await readStat(handle.db, figures.received, { public: true, groupBy: ['agency'] });
    assert.deepEqual(
      shown.map((r) => [r.group.agency, r.count, r.suppressed]),
      [
        ['BIG', 5, false],
        ['SMALL', null, true],
      ],
    );
    const internal = await readStat(handle.db, figures.received, { groupBy: ['agency'] });
    assert.equal(internal.find((r) => r.group.agency === 'SMALL')?.count, 4, 'the module itself reads the exact figure');
    await assert.rejects(readStat(handle.db, figures.internal, { public: true }), /not public/);
  });

  it('refuses records that do not match the declaration', async () => {
    const stat = received('stats_refuse');
    await assert.rejects(recordStat(handle.db, stat, { territory: 'BO', agency: 'X', category: 'a', colour: 'red' }), /no dimension colour/);
    await assert.rejects(recordStat(handle.db, stat, { territory: 'BO', agency: 'X' }), /dimension category is missing/);
    await assert.rejects(recordStat(handle.db, stat, { territory: 'BO', agency: 'X', category: 'a' }, 0.5), /whole numbers/);
    await assert.rejects(readStat(handle.db, hours('stats_refuse'), { groupBy: ['territory'] }), /cannot be grouped by territory/);
  });

  it('records many at once merged by cell, as single records would, and clears a figure alone', async () => {
    const stat = received('stats_bulk');
    const other = received('stats_bulk_other');
    const at = new Date('2026-03-10T14:20:00Z');
    const dims = (territory: string[], category: string) => ({ territory, agency: 'SEGIP', category, at });
    await recordStats(handle.db, stat, [
      { dims: dims(['BO-L', 'BO-L-01'], 'a') },
      { dims: { ...dims(['BO-L', 'BO-L-01'], 'a'), at: new Date('2026-03-10T14:55:00Z') } },
      { dims: dims(['BO-L', 'BO-L-02'], 'a'), value: 3 },
      { dims: dims(['BO-C'], 'b') },
    ]);
    assert.equal(await pendingDeltas('stats_bulk'), 3, 'the two records of one cell (same hour) make one row');
    await recordStat(handle.db, other, dims(['BO-L'], 'a'));
    const byTerritory = async () => (await readStat(handle.db, stat, { groupBy: ['territory'] })).map((row) => [row.group.territory, row.count]);
    assert.deepEqual(await byTerritory(), [
      ['BO-C', 1],
      ['BO-L-01', 2],
      ['BO-L-02', 3],
    ]);
    await assert.rejects(recordStats(handle.db, stat, [{ dims: dims(['BO-L'], 'a') }, { dims: { territory: 'BO-L', agency: 'SEGIP' } }]), /dimension category is missing/);
    assert.equal(await pendingDeltas('stats_bulk'), 3, 'a bad record writes nothing');
    await foldStats(handle.db);
    await recordStat(handle.db, stat, dims(['BO-C'], 'b'));
    await clearStat(handle.db, stat);
    assert.deepEqual(await byTerritory(), [], 'totals and pending deltas gone');
    assert.equal((await readStat(handle.db, other))[0]?.count, 1, 'other figures untouched');
  });

  it('concurrent writers and a fold running meanwhile lose nothing', async () => {
    const stat = received('stats_concurrent');
    const dims = { territory: 'BO-L', agency: 'SEGIP', category: 'a' };
    const writers = Array.from({ length: 8 }, () =>
      (async () => {
        for (let i = 0; i < 25; i += 1) await handle.db.transaction().execute((trx) => recordStat(trx, stat, dims));
      })(),
    );
    const folds = (async () => {
      for (let i = 0; i < 5; i += 1) await foldStats(handle.db);
    })();
    await Promise.all([...writers, folds]);
    assert.equal((await readStat(handle.db, stat))[0]?.count, 200);
    await foldStats(handle.db);
    assert.equal(await pendingDeltas('stats_concurrent'), 0);
    assert.equal((await readStat(handle.db, stat))[0]?.count, 200);
  });
});

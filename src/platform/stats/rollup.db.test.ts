// Day and month cells (migration 008_stats_rollup.sql): a read that uses them answers exactly
// what adding the hour cells answers, for any range, grouping and zone; here over random ranges
// (seeded, printed on failure), with edges at the local midnights of America/La_Paz and
// America/Caracas (−4:30 until 2016-05-01, then −4), with cells folded before and after the
// zones were rolled up and deltas still pending.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { createDb, type Db } from '../db/index.ts';
import { defineStats, foldStats, readStat, recordStats, type StatGrouping, type StatQuery } from './stats.ts';

let database: TestDatabase;
let handle: Db;
before(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 4 });
});
after(async () => {
  await handle.close();
  await database.drop();
});

const ZONES = ['America/La_Paz', 'America/Caracas'];
const HOUR = 3_600_000;

/** A small seeded generator (mulberry32), so a failing range can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const figures = (module: string) =>
  defineStats(module, {
    received: { kind: 'count', unit: 'reports', labelKey: 'x.received', dimensions: ['territory', 'agency', 'time', 'category'], public: true },
    hours: { kind: 'distribution', unit: 'hours', labelKey: 'x.hours', dimensions: ['agency', 'time'], buckets: [1, 4, 24, 72], public: true },
    rating: { kind: 'sum', unit: 'points', labelKey: 'x.rating', dimensions: ['agency', 'time'], public: true },
  });

/** Records `n` random records of each figure in [start, end). */
async function recordRandom(stats: ReturnType<typeof figures>, next: () => number, start: number, end: number, n: number): Promise<void> {
  const at = () => new Date(start + Math.floor(next() * (end - start)));
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  const agencies = ['SEGIP', 'SIN', 'GAMLP'];
  await recordStats(
    handle.db,
    stats.received,
    Array.from({ length: n }, () => ({
      dims: { territory: pick([['BO-L', 'BO-L-01'], ['BO-L', 'BO-L-02'], ['BO-C']]), agency: pick(agencies), category: pick(['a', 'b']), at: at() },
      value: next() < 0.1 ? -1 : 1 + Math.floor(next() * 3),
    })),
  );
  await recordStats(
    handle.db,
    stats.hours,
    Array.from({ length: n }, () => ({ dims: { agency: pick(agencies), at: at() }, value: Math.round(next() * 1000) / 10 })),
  );
  await recordStats(
    handle.db,
    stats.rating,
    Array.from({ length: n }, () => ({ dims: { agency: pick(agencies), at: at() }, value: 1 + Math.floor(next() * 5) })),
  );
}

/** Instants where ranges begin and end: local midnights and month starts in both zones, hours and odd minutes. */
function edge(next: () => number, start: number, end: number): Date {
  const instant = start + Math.floor(next() * (end - start));
  const kind = next();
  if (kind < 0.35) {
    // A local midnight: La Paz −4 h; Caracas −4:30 until 2016-05-01, −4 since.
    const offset = instant < Date.UTC(2016, 4, 1, 4, 30) && next() < 0.5 ? 4.5 * HOUR : 4 * HOUR;
    return new Date(Math.floor((instant - offset) / (24 * HOUR)) * 24 * HOUR + offset);
  }
  if (kind < 0.5) {
    const d = new Date(instant);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1, 4));
  }
  if (kind < 0.8) return new Date(Math.floor(instant / HOUR) * HOUR);
  return new Date(instant);
}

describe('statistics rollups', () => {
  it('answer exactly what the hour cells answer, over random ranges, groupings and zones', async () => {
    const seed = Number(process.env.ROLLUP_SEED ?? Date.now() % 1_000_000);
    const next = random(seed);
    const stats = figures('rollup_random');
    // Two stretches: across Caracas's change of offset, and across a new year.
    const stretches: Array<[number, number]> = [
      [Date.UTC(2015, 10, 20), Date.UTC(2016, 7, 10)],
      [Date.UTC(2025, 10, 25), Date.UTC(2027, 1, 5)],
    ];
    for (const [start, end] of stretches) await recordRandom(stats, next, start, end, 600);
    await foldStats(handle.db, { timeZones: ZONES }); // rollups built from the hour cells
    for (const [start, end] of stretches) await recordRandom(stats, next, start, end, 200);
    await foldStats(handle.db); // folded into the rollups of both zones
    for (const [start, end] of stretches) await recordRandom(stats, next, start, end, 50); // pending
    const zones = await sql<{ time_zone: string }>`SELECT time_zone FROM platform.stat_rollup_zone ORDER BY 1`.execute(handle.db);
    assert.deepEqual(
      zones.rows.map((r) => r.time_zone),
      ['America/Caracas', 'America/La_Paz'],
    );

    const groupings: StatGrouping[][] = [[], ['month'], ['day'], ['agency', 'year']];
    for (let i = 0; i < 14; i += 1) {
      const [start, end] = stretches[i % 2]!;
      const a = edge(next, start - 10 * 24 * HOUR, end + 10 * 24 * HOUR);
      const b = edge(next, start - 10 * 24 * HOUR, end + 10 * 24 * HOUR);
      const [from, to] = a < b ? [a, b] : [b, a];
      const open = next();
      const range: StatQuery = open < 0.1 ? { to } : open < 0.2 ? { from } : open < 0.25 ? {} : { from, to };
      const timeZone = ZONES[i % 2];
      const reads = groupings.flatMap((groupBy) =>
        [stats.received, stats.hours, stats.rating]
          .filter((stat) => stat === stats.received || !groupBy.includes('category'))
          .map(async (stat) => {
            // Filters too: a territory (with the ones below it) and a free dimension.
            const filtered = stat === stats.received && groupBy.length === 1 ? { territory: 'BO-L', where: { category: 'a' } } : {};
            // Not grouped by a period and no zone named (UTC, not rolled up): any rolled-up zone's cells serve.
            const query: StatQuery = { ...range, ...filtered, groupBy, timeZone: groupBy.length === 0 && i % 4 === 0 ? undefined : timeZone };
            const [rolled, hourly] = await Promise.all([readStat(handle.db, stat, query), readStat(handle.db, stat, { ...query, rollups: false })]);
            assert.deepEqual(rolled, hourly, `seed ${seed}, ${stat.name} ${JSON.stringify(query)}`);
          }),
      );
      await Promise.all(reads);
    }
  });

  it('a long range is read from month and day cells (a tampered month cell shows), hours only at the edges', async () => {
    const stats = figures('rollup_used');
    const at = new Date('2026-05-15T12:00:00Z');
    await recordStats(handle.db, stats.received, [{ dims: { territory: 'BO-L', agency: 'SIN', category: 'a', at } }]);
    await foldStats(handle.db, { timeZones: ['America/La_Paz'] });
    await sql`UPDATE platform.stat_rollup SET count = count + 1000
               WHERE module = 'rollup_used' AND grain = 'month' AND time_zone = 'America/La_Paz'`.execute(handle.db);
    const year = { from: new Date('2026-01-01T04:00:00Z'), to: new Date('2027-01-01T04:00:00Z'), timeZone: 'America/La_Paz' };
    assert.equal((await readStat(handle.db, stats.received, year))[0]?.count, 1001, 'the month cell answered');
    assert.equal((await readStat(handle.db, stats.received, { ...year, rollups: false }))[0]?.count, 1);
    assert.equal((await readStat(handle.db, stats.received, { ...year, groupBy: ['day'] }))[0]?.count, 1, 'grouped by day: day cells');
    assert.equal((await readStat(handle.db, stats.received, { ...year, timeZone: 'Europe/Madrid', groupBy: ['month'] }))[0]?.count, 1, 'another zone: hour cells');
    const inMonth = { from: new Date('2026-05-15T04:00:00Z'), to: new Date('2026-05-16T04:00:00Z'), timeZone: 'America/La_Paz' };
    assert.equal((await readStat(handle.db, stats.received, inMonth))[0]?.count, 1, 'a day inside the month: no month cell');
  });
  it('registering a zone again rebuilds its cells from the hour cells, over what an earlier registration left', async () => {
    const stats = figures('rollup_again');
    const zone = 'America/Caracas';
    await recordStats(handle.db, stats.received, [{ dims: { territory: 'BO-L', agency: 'SIN', category: 'a', at: new Date('2026-03-10T12:00:00Z') } }]);
    await foldStats(handle.db, { timeZones: [zone] });
    await sql`UPDATE platform.stat_rollup SET count = count + 50 WHERE module = 'rollup_again' AND time_zone = ${zone}`.execute(handle.db);
    await sql`DELETE FROM platform.stat_rollup_zone WHERE time_zone = ${zone}`.execute(handle.db);
    await foldStats(handle.db, { timeZones: [zone] });
    const cells = await sql<{ grain: string; count: number }>`
      SELECT grain, count::int AS count FROM platform.stat_rollup WHERE module = 'rollup_again' AND time_zone = ${zone} ORDER BY grain`.execute(handle.db);
    assert.deepEqual(cells.rows, [
      { grain: 'day', count: 1 },
      { grain: 'month', count: 1 },
    ]);
  });
});

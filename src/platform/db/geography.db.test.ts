// platform.distance_m and platform.within_m (migrations/005_geography.sql). Reference
// distances are Vincenty's on the WGS 84 ellipsoid (computed apart, written here as numbers).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { fileDatabase } from '../../../test/helpers/database.ts';

const handle = fileDatabase({ max: 2 });

const PLAZA_MURILLO = [-16.49583, -68.13361] as const; // La Paz
const EL_ALTO_AIRPORT = [-16.51333, -68.19222] as const;
const SANTA_CRUZ = [-17.78333, -63.18222] as const;

async function distance(a: readonly [number, number], b: readonly [number, number]): Promise<number> {
  const result = await sql<{ d: number }>`SELECT platform.distance_m(${a[0]}, ${a[1]}, ${b[0]}, ${b[1]}) AS d`.execute(handle().db);
  return Number(result.rows[0]!.d);
}

describe('platform.distance_m', () => {
  it('La Paz to El Alto is 6 550 m within 1 %', async () => {
    const d = await distance(PLAZA_MURILLO, EL_ALTO_AIRPORT);
    assert.ok(Math.abs(d - 6550.1) / 6550.1 < 0.01, `${d}`);
  });
  it('La Paz to Santa Cruz is 545.8 km within 1 %, the same both ways, and 0 to itself', async () => {
    const there = await distance(PLAZA_MURILLO, SANTA_CRUZ);
    assert.ok(Math.abs(there - 545_761) / 545_761 < 0.01, `${there}`);
    assert.equal(await distance(SANTA_CRUZ, PLAZA_MURILLO), there);
    assert.equal(await distance(PLAZA_MURILLO, PLAZA_MURILLO), 0);
  });
});

describe('platform.within_m', () => {
  it('agrees with the distance everywhere on a grid around the centre (the bounding box leaves nothing out)', async () => {
    for (const [lat, radius] of [
      [-16.5, 5000],
      [10.5, 300],
      [-60, 20_000],
      [0, 1000],
    ] as const) {
      const result = await sql<{ disagree: number; inside: number }>`
        WITH grid AS (
          SELECT ${lat}::float8 + i * ${radius}::float8 / 111000 / 20 AS lat, -68.0 + j * ${radius}::float8 / 111000 / 20 / cos(radians(${lat}::float8)) AS lon
            FROM generate_series(-30, 30) i, generate_series(-30, 30) j)
        SELECT count(*) FILTER (WHERE platform.within_m(lat, lon, ${lat}, -68.0, ${radius}) IS DISTINCT FROM (platform.distance_m(lat, lon, ${lat}, -68.0) <= ${radius}))::int AS disagree,
               count(*) FILTER (WHERE platform.within_m(lat, lon, ${lat}, -68.0, ${radius}))::int AS inside
          FROM grid`.execute(handle().db);
      assert.equal(result.rows[0]!.disagree, 0, `lat ${lat}`);
      assert.ok(result.rows[0]!.inside > 1000, `lat ${lat}: ${result.rows[0]!.inside} points inside`);
    }
  });

  it('is inlined, so its bounding box reaches an index on (lat, lon)', async () => {
    const plan = await handle()
      .db.transaction()
      .execute(async (trx) => {
        await sql`CREATE TEMP TABLE place (id int, lat float8, lon float8) ON COMMIT DROP`.execute(trx);
        await sql`CREATE INDEX ON place (lat, lon)`.execute(trx);
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        const explained = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT id FROM place WHERE platform.within_m(lat, lon, -16.5, -68.15, 5000)`.execute(trx);
        return explained.rows.map((row) => row['QUERY PLAN']).join('\n');
      });
    assert.match(plan, /Index Cond: \(\(lat >= /, plan);
  });
});

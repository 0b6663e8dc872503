// Distances of reports on the ground, through the platform's SQL functions: duplicates nearby
// (a circle around the new report's point) and alert circles (a subscriber's point and radius).
// 0.001° of latitude is 111 m on the sphere of platform.distance_m.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testConfig } from '../../../test/helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { boliviaProfile } from '../../platform/country/bo.ts';
import { createDb, type Db } from '../../platform/db/index.ts';
import { findMatchingSubscriptions, insertSubscription } from './alerts.queries.ts';
import { findNearbyOpen } from './report.queries.ts';
import { seedCategories } from './report.seed.ts';
import { createReport } from './submission.service.ts';

let database: TestDatabase;
let handle: Db;
before(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 3 });
  await seedCategories({ db: handle.db, country: boliviaProfile });
});
after(async () => {
  await handle.close();
  await database.drop();
});

const pothole = async (lat: number, lon: number) =>
  (await createReport({ db: handle.db, country: boliviaProfile, config: testConfig() }, { categoryCode: 'vias', description: 'Bache', isAnonymous: true, lat, lon }, { actor: { type: 'anonymous' } }))
    .report;

describe('geography of reports', () => {
  it('finds open reports of the category within the radius, nearest first, with their distance in metres', async () => {
    // Far from the other test's points, so each test runs alone or together.
    const near = await pothole(-17.001, -65.0);
    const nearer = await pothole(-17.0005, -65.0);
    await pothole(-17.002, -65.0); // 222 m away
    const found = await findNearbyOpen(handle.db, 'vias', -17.0, -65.0, 150);
    assert.deepEqual(
      found.map((r) => [r.id, r.distanceM]),
      [
        [nearer.id, 56],
        [near.id, 111],
      ],
    );
    assert.deepEqual(await findNearbyOpen(handle.db, 'alumbrado', -17.0, -65.0, 150), [], 'another category is not a duplicate');
  });

  it('matches a report to the alert circles its point lies in', async () => {
    const accountId = randomUUID();
    const inside = await insertSubscription(handle.db, { accountId, lat: -18.0, lon: -66.0, radiusM: 120 });
    const tooSmall = await insertSubscription(handle.db, { accountId, lat: -18.0, lon: -66.0, radiusM: 100 });
    const matched = await findMatchingSubscriptions(handle.db, [], -18.001, -66.0);
    const ids = matched.filter((s) => s.accountId === accountId).map((s) => s.id);
    assert.deepEqual(ids, [inside]);
    assert.ok(!ids.includes(tooSmall));
  });
});

// The topic cache (a lookup kept on the platform's cache until a bus topic announces a change):
// not-found is kept, each database handle has its own entries, a change forgets at once here and
// in every listening process when it commits (not when it rolls back), a value loaded while a
// change arrived is not kept.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { waitFor } from '../../../test/helpers/wait-for.ts';
import { createDb, type Db } from '../db/index.ts';
import { type NotificationBus, startNotificationBus } from '../events/bus.ts';
import { topicCache } from './topic-cache.ts';

const quiet = { warn: () => undefined };
let database: TestDatabase;
let handle: Db;
const buses: NotificationBus[] = [];
before(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 3 });
});
after(async () => {
  for (const bus of buses) await bus.close();
  await handle.close();
  await database.drop();
});

const counting =
  <V>(value: V, counter: { loads: number }) =>
  async () => {
    counter.loads += 1;
    return value;
  };

describe('the topic cache', () => {
  it('keeps a lookup that found nothing, and keeps each database handle apart', async () => {
    const cache = topicCache<string | undefined>('test.topic_a');
    const counter = { loads: 0 };
    const one = {};
    const two = {};
    assert.equal(await cache.get(one, 'k', counting(undefined, counter)), undefined);
    assert.equal(await cache.get(one, 'k', counting('found later', counter)), undefined);
    assert.equal(counter.loads, 1);
    assert.equal(await cache.get(two, 'k', counting('other database', counter)), 'other database');
    assert.equal(counter.loads, 2);
  });

  it('does not keep a value whose load overlapped a forget', async () => {
    const cache = topicCache<string>('test.topic_b');
    let release: () => void = () => undefined;
    const slow = cache.get(handle, 'k', () => new Promise<string>((resolve) => (release = () => resolve('old'))));
    cache.forget();
    release();
    assert.equal(await slow, 'old');
    assert.equal(await cache.get(handle, 'k', async () => 'new'), 'new');
  });

  it('a change forgets at once here and, on commit only, in every listening process', async () => {
    // Two processes: each its own cache and its own bus.
    const here = topicCache<string>('test.topic_c');
    const there = topicCache<string>('test.topic_c');
    const hereBus = await startNotificationBus(database.url, quiet);
    const thereBus = await startNotificationBus(database.url, quiet);
    buses.push(hereBus, thereBus);
    here.listen(hereBus);
    there.listen(thereBus);
    there.listen(thereBus); // a second listen is harmless
    await here.get(handle, 'k', async () => 'v1');
    await there.get(handle, 'k', async () => 'v1');

    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        await here.changed(trx);
        throw new Error('rollback');
      }),
    );
    assert.equal(await here.get(handle, 'k', async () => 'v2'), 'v2', 'forgotten here at once');
    await thereBus.sync();
    assert.equal(await there.get(handle, 'k', async () => 'v2'), 'v1', 'a rolled-back change reaches no other process');

    await handle.db.transaction().execute((trx) => here.changed(trx));
    await waitFor(async () => (await there.get(handle, 'k', async () => 'v3')) === 'v3', { what: 'the other process to forget' });
  });
});

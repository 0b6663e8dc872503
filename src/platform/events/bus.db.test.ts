// The notification bus: what a transaction announces reaches every listening process when it
// commits, never when it rolls back; a new decreed holiday is announced this way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { waitFor } from '../../../test/helpers/wait-for.ts';
import { addHoliday, HOLIDAYS_TOPIC } from '../country/holidays.ts';
import { createDb, type Db } from '../db/index.ts';
import { type BusPayload, type NotificationBus, notify, startNotificationBus } from './bus.ts';

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

async function listener(topic: string): Promise<{ received: BusPayload[]; resyncs: number }> {
  const bus = await startNotificationBus(database.url, quiet);
  buses.push(bus);
  const state = { received: [] as BusPayload[], resyncs: 0 };
  bus.subscribe(topic, { onNotify: (payload) => state.received.push(payload), resync: () => (state.resyncs += 1) });
  return state;
}

describe('the notification bus', () => {
  it('delivers to every listening process on commit, only the topic subscribed to, and nothing of a rolled-back transaction', async () => {
    const first = await listener('test.thing_changed');
    const second = await listener('test.thing_changed');
    const other = await listener('test.other_topic');
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        await notify(trx, 'test.thing_changed', { id: 'rolled-back' });
        throw new Error('rollback');
      }),
    );
    await handle.db.transaction().execute(async (trx) => {
      await notify(trx, 'test.thing_changed', { id: 'a-1', count: 2 });
      // Not before the commit.
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(first.received, []);
    });
    await waitFor(() => first.received.length > 0 && second.received.length > 0, { what: 'both listeners hear the commit' });
    assert.deepEqual(first.received, [{ id: 'a-1', count: 2 }]);
    assert.deepEqual(second.received, [{ id: 'a-1', count: 2 }]);
    assert.deepEqual(other.received, []);
  });

  it('refuses a payload too large for NOTIFY, naming the topic', async () => {
    await assert.rejects(
      handle.db.transaction().execute((trx) => notify(trx, 'test.big', { text: 'x'.repeat(9000) })),
      /test\.big is too large/,
    );
  });

  it('a decreed holiday added in one process is announced to the others', async () => {
    const other = await listener(HOLIDAYS_TOPIC);
    await handle.db
      .transaction()
      .execute((trx) => addHoliday(trx, { country: 've', date: '2026-12-28', name: 'Feriado decretado', decree: 'Decreto 9999' }, { actor: { type: 'admin', id: 'acc-1' } }));
    await waitFor(() => other.received.length > 0, { what: 'the holiday announcement' });
    assert.deepEqual(other.received, [{ country: 've' }]);
  });

  it('sync resolves only after every notification committed before it was heard here', async () => {
    const bus = await startNotificationBus(database.url, quiet);
    buses.push(bus);
    const received: BusPayload[] = [];
    bus.subscribe('test.synced', { onNotify: (payload) => received.push(payload) });
    for (let n = 1; n <= 20; n += 1) await handle.db.transaction().execute((trx) => notify(trx, 'test.synced', { n }));
    // No waiting loop: sync itself is the barrier.
    await bus.sync();
    assert.equal(received.length, 20);
    assert.deepEqual(received.at(-1), { n: 20 });
  });
});

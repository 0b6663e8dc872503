// Decreed holidays in platform.holiday: added (audited), listed, and counted by deadlines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { createDb, type Db } from '../db/index.ts';
import type { AppError } from '../errors.ts';
import { boliviaProfile } from './bo.ts';
import { dueAt } from './deadlines.ts';
import { addHoliday, DECREED_CACHE_MS, decreedHolidays, listHolidays } from './holidays.ts';

let database: TestDatabase;
let handle: Db;
before(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 3 });
});
after(async () => {
  await handle.close();
  await database.drop();
});

const admin = { actor: { type: 'admin' as const, id: 'acc-admin-1' }, requestId: 'req-holiday-1' };

describe('decreed holidays', () => {
  it('adds a holiday with its audit entry, in the caller transaction', async () => {
    const { db } = handle;
    const added = await db.transaction().execute((trx) => addHoliday(trx, { country: 'bo', date: '2026-11-03', name: '  Feriado por elecciones ', decree: 'D.S. 5001' }, admin));
    assert.equal(added.date, '2026-11-03');
    assert.equal(added.name, 'Feriado por elecciones');
    assert.equal(added.addedBy, 'acc-admin-1');
    const audit = await sql<{ action: string; subject_id: string; actor_id: string; request_id: string; data: unknown }>`
      SELECT action, subject_id, actor_id, request_id, data FROM audit.entry WHERE subject_type = 'holiday'`.execute(db);
    assert.deepEqual(audit.rows, [
      { action: 'platform.holiday_added', subject_id: 'bo:2026-11-03', actor_id: 'acc-admin-1', request_id: 'req-holiday-1', data: { name: 'Feriado por elecciones', decree: 'D.S. 5001' } },
    ]);
    const listed = await listHolidays(db, 'bo', { from: '2026-11-01', to: '2026-11-30' });
    assert.deepEqual(
      listed.map((h) => [h.date, h.name, h.decree]),
      [['2026-11-03', 'Feriado por elecciones', 'D.S. 5001']],
    );
    assert.deepEqual(await listHolidays(db, 've'), []);
  });

  it('rolls back with the transaction', async () => {
    const { db } = handle;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await addHoliday(trx, { country: 've', date: '2026-10-30', name: 'Duelo nacional', decree: 'Decreto 9' }, admin);
        throw new Error('rollback');
      }),
      /rollback/,
    );
    assert.deepEqual(await listHolidays(db, 've'), []);
  });

  it('refuses a second holiday on the same date and names invalid fields', async () => {
    const { db } = handle;
    await addHoliday(db, { country: 'bo', date: '2026-10-02', name: 'Día de duelo', decree: 'D.S. 5002' }, admin);
    await assert.rejects(addHoliday(db, { country: 'bo', date: '2026-10-02', name: 'Otro', decree: 'D.S. 5003' }, admin), (error: AppError) => error.code === 'HOLIDAY_EXISTS');
    await assert.rejects(
      addHoliday(db, { country: 'bo', date: '2026-02-30', name: ' ', decree: 'x'.repeat(201) }, admin),
      (error: AppError) => error.code === 'VALIDATION_FAILED' && error.fields.map((f) => f.field).join() === 'date,name,decree',
    );
  });

  it('deadlines count them: the set is cached and renewed when one is added', async () => {
    const { db } = handle;
    const from = new Date('2026-12-04T15:00:00-04:00'); // Friday
    const now = Date.parse('2026-12-04T16:00:00-04:00');
    const before = await decreedHolidays(db, 'bo', now);
    assert.equal(dueAt(boliviaProfile, before, from, { businessDays: 3 }).toISOString(), new Date('2026-12-09T23:59:59.999-04:00').toISOString());
    // Written behind the cache's back: not seen until the cache expires.
    await sql`INSERT INTO platform.holiday (country, date, name, decree, added_by) VALUES ('bo', '2026-12-07', 'Puente', 'D.S. 5004', 'sql')`.execute(db);
    assert.equal((await decreedHolidays(db, 'bo', now + 1000)).has('2026-12-07'), false);
    assert.equal((await decreedHolidays(db, 'bo', now + DECREED_CACHE_MS)).has('2026-12-07'), true);
    // Added through addHoliday: seen at once.
    await addHoliday(db, { country: 'bo', date: '2026-12-08', name: 'Duelo', decree: 'D.S. 5005' }, admin);
    const after = await decreedHolidays(db, 'bo', now + DECREED_CACHE_MS + 1000);
    assert.equal(dueAt(boliviaProfile, after, from, { businessDays: 3 }).toISOString(), new Date('2026-12-11T23:59:59.999-04:00').toISOString());
  });
});

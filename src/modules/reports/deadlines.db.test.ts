// Legal time of reports against literal instants (an injected clock, never recomputed with the
// code under test): the due instant of the answer, the contest period, decreed holidays, and
// the one sweep that escalates overdue reports once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { testConfig } from '../../../test/helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { boliviaProfile } from '../../platform/country/bo.ts';
import { addHoliday } from '../../platform/country/holidays.ts';
import { createDb, type Db } from '../../platform/db/index.ts';
import { contestDeadline, isContestable } from './contest.service.ts';
import { escalateOverdueReports, legalDeadline } from './escalation.service.ts';
import { seedCategories } from './report.seed.ts';
import { createReport } from './submission.service.ts';

let database: TestDatabase;
let handle: Db;
before(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 3 });
  await seedCategories(deps());
});
after(async () => {
  await handle.close();
  await database.drop();
});

const deps = () => ({ db: handle.db, country: boliviaProfile, config: testConfig() });
const admin = { actor: { type: 'admin' as const, id: 'acc-admin-1' } };
const decree = (date: string) => handle.db.transaction().execute((trx) => addHoliday(trx, { country: 'bo', date, name: 'Feriado decretado', decree: `D.S. ${date}` }, admin));

/** A pothole report (anonymous, by its point) whose due instant is set to `due`. */
async function reportDueAt(due: string): Promise<number> {
  const { report } = await createReport(deps(), { categoryCode: 'vias', description: 'Bache', isAnonymous: true, lat: -16.5, lon: -68.1 }, { actor: { type: 'anonymous' } });
  await sql`UPDATE reports.report SET due_at = ${new Date(due)} WHERE id = ${report.id}`.execute(handle.db);
  return report.id;
}
const escalation = async (id: number) =>
  (await sql<{ escalated_at: Date | null }>`SELECT escalated_at FROM reports.report WHERE id = ${id}`.execute(handle.db)).rows[0]!.escalated_at?.toISOString() ?? null;

describe('the legal time to answer a report', () => {
  it('falls due at the end of the Nth business day in La Paz, the filing day not counting', async () => {
    // Friday 2026-12-04 15:00 −04:00: Monday 7 … Friday 11 are the five business days.
    assert.equal((await legalDeadline(deps(), new Date('2026-12-04T19:00:00Z'), 5)).toISOString(), '2026-12-12T03:59:59.999Z');
    // Friday 23:30 in La Paz is already Saturday in UTC, and still Friday here: Monday is the one day.
    assert.equal((await legalDeadline(deps(), new Date('2026-12-05T03:30:00Z'), 1)).toISOString(), '2026-12-08T03:59:59.999Z');
    // Wednesday 2026-01-21 with one day: 22 January (Plurinational State) does not count.
    assert.equal((await legalDeadline(deps(), new Date('2026-01-21T14:00:00Z'), 1)).toISOString(), '2026-01-24T03:59:59.999Z');
  });

  it('skips a holiday decreed in platform.holiday', async () => {
    await decree('2027-03-09');
    // Monday 2027-03-08 with 3 days: Tuesday 9 is decreed, so Wednesday 10, Thursday 11, Friday 12.
    assert.equal((await legalDeadline(deps(), new Date('2027-03-08T12:00:00Z'), 3)).toISOString(), '2027-03-13T03:59:59.999Z');
  });

  it('stores the due instant at the end of a day on the country clock when a report is filed', async () => {
    const { report } = await createReport(deps(), { categoryCode: 'vias', description: 'Bache', isAnonymous: true, lat: -16.5, lon: -68.1 }, { actor: { type: 'anonymous' } });
    // 23:59:59.999 at −04:00 is 03:59:59.999 UTC.
    assert.match(report.dueAt.toISOString(), /T03:59:59\.999Z$/);
    assert.ok(report.dueAt.getTime() > report.createdAt.getTime() + 24 * 3_600_000);
  });
});

describe('the period to contest a resolution', () => {
  it('ends at the end of the last business day, holidays (national and decreed) not counting', async () => {
    // Resolved Wednesday 2026-01-21 10:00 in La Paz, one day: Friday 23 (22 is a holiday).
    const resolvedAt = new Date('2026-01-21T14:00:00Z');
    assert.equal((await contestDeadline(deps(), resolvedAt, 1)).toISOString(), '2026-01-24T03:59:59.999Z');
    assert.equal(await isContestable(deps(), resolvedAt, 1, new Date('2026-01-24T03:59:59.999Z')), true);
    assert.equal(await isContestable(deps(), resolvedAt, 1, new Date('2026-01-24T04:00:00.000Z')), false);
    // No days: the day of the resolution only.
    assert.equal((await contestDeadline(deps(), resolvedAt, 0)).toISOString(), '2026-01-22T03:59:59.999Z');
    await decree('2027-05-04');
    // Resolved Monday 2027-05-03 with 2 days: Tuesday 4 is decreed, so Wednesday 5 and Thursday 6.
    assert.equal((await contestDeadline(deps(), new Date('2027-05-03T15:00:00Z'), 2)).toISOString(), '2027-05-07T03:59:59.999Z');
  });
});

describe('the escalation sweep', () => {
  it('escalates a report only once its due instant has passed, once however often it runs', async () => {
    const id = await reportDueAt('2021-03-06T03:59:59.999Z');
    const inTime = await escalateOverdueReports(deps(), new Date('2021-03-06T03:59:59.999Z'));
    assert.equal(inTime.handled, 0);
    assert.equal(await escalation(id), null, 'the last millisecond of the due day is still in time');
    const late = await escalateOverdueReports(deps(), new Date('2021-03-06T04:00:00.000Z'));
    assert.deepEqual([late.handled, late.failed.length], [1, 0]);
    assert.equal(await escalation(id), '2021-03-06T04:00:00.000Z');
    const again = await escalateOverdueReports(deps(), new Date('2021-03-07T12:00:00.000Z'));
    assert.equal(again.handled, 0);
    assert.equal(await escalation(id), '2021-03-06T04:00:00.000Z');
    const events = await sql<{ payload: { dueAt: string } }>`SELECT payload FROM platform.outbox WHERE topic = 'reports.escalated' AND (payload->>'reportId')::bigint = ${id}`.execute(handle.db);
    assert.deepEqual(
      events.rows.map((r) => r.payload.dueAt),
      ['2021-03-06T03:59:59.999Z'],
    );
  });

  it('leaves answered reports alone', async () => {
    const id = await reportDueAt('2022-03-06T03:59:59.999Z');
    await sql`UPDATE reports.report SET first_response_at = ${new Date('2022-03-05T15:00:00Z')} WHERE id = ${id}`.execute(handle.db);
    const result = await escalateOverdueReports(deps(), new Date('2022-03-08T12:00:00Z'));
    assert.equal(result.handled, 0);
    assert.equal(await escalation(id), null);
  });
});

// The legal clock of a case against literal dates on the country's clock (Bolivia:
// America/La_Paz, UTC−4), with an injected "now": due days on submission, decreed holidays,
// the pause while the person corrects, days left, and the sweep at the turn of the last day.
// The expected dates are written out by hand from the calendar, never computed by the code.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { addHoliday } from '../../platform/country/holidays.ts';
import { defaultWorkflow } from '../../platform/forms/index.ts';
import { findCaseByCode } from './case.queries.ts';
import { testAccount } from './cases.test-helpers.ts';
import { applyLegalDeadlines } from './index.ts';
import { daysLeft } from './services/queue.service.ts';
import { submitApplication } from './services/submission.service.ts';
import { performOfficialTransition, resubmitCase } from './services/transitions.service.ts';

let t: TestApp;
let personId = '';
let official = { accountId: '', roles: [{ agencyCode: 'SEGIP', role: 'case_handler' }] };
const answers = { birthDate: '2020-01-01', copies: 1, purpose: 'work' };
const admin = { actor: { type: 'admin' as const, id: 'acc-admin-legal-time' } };

const account = (documentNumber: string, email: string) => testAccount(t.app.tambo.deps, { documentNumber, givenName: 'Ana', familyName: 'Plazo', email });

before(async () => {
  t = await buildTestApp({ demo: true });
  assert.equal(t.app.tambo.deps.country.timeZone, 'America/La_Paz');
  personId = await account('8123456 LP', 'plazo@prueba.tambo');
  official = { ...official, accountId: await account('8123457 LP', 'funcionaria-plazo@prueba.tambo') };
});
after(async () => t.close());

/** A procedure of its own (slug) with `days` business days to decide, and a case filed at `now`. */
async function fileAt(slug: string, now: string, days = 3, tacitOutcome: 'approval' | 'none' = 'none') {
  await createOnlineProcedure(t.app.tambo.deps.db, { slug, agencyCode: 'SEGIP', maxResponseDays: days, tacitOutcome });
  return submitApplication(t.app.tambo.deps, { slug, accountId: personId, answers, channel: 'online', now: new Date(now) });
}

describe('the legal clock of a case', () => {
  it('is due at the end of the Nth business day after filing; a decreed holiday moves it', async () => {
    // Friday 15:00 in La Paz: the filing day does not count; Monday 7, Tuesday 8, Wednesday 9.
    const plain = await fileAt('plazo-viernes', '2026-12-04T15:00:00-04:00');
    assert.equal(plain.dueDate, '2026-12-09');
    // 23:30 on Friday in La Paz is already Saturday in UTC: still filed on Friday.
    const late = await fileAt('plazo-viernes-noche', '2026-12-04T23:30:00-04:00');
    assert.equal(late.dueDate, '2026-12-09');
    // Monday 7 December decreed a holiday: Tuesday 8, Wednesday 9, Thursday 10.
    await addHoliday(t.app.tambo.deps.db, { country: 'bo', date: '2026-12-07', name: 'Feriado de prueba', decree: 'D.S. de prueba 1' }, admin);
    const decreed = await fileAt('plazo-decreto', '2026-12-04T15:00:00-04:00');
    assert.equal(decreed.dueDate, '2026-12-10');
    // Days left: Wednesday 9 and Thursday 10 after Tuesday 8; 0 on the last day; −1 the next business day.
    assert.equal(await daysLeft(t.app.tambo.deps, decreed, defaultWorkflow, new Date('2026-12-08T09:00:00-04:00')), 2);
    assert.equal(await daysLeft(t.app.tambo.deps, decreed, defaultWorkflow, new Date('2026-12-10T23:59:00-04:00')), 0);
    assert.equal(await daysLeft(t.app.tambo.deps, decreed, defaultWorkflow, new Date('2026-12-11T08:00:00-04:00')), -1);
  });

  it('stops while the person corrects and resumes with the days that were left', async () => {
    // Monday 2027-03-01 with 5 business days: due Monday 2027-03-08.
    const filed = await fileAt('plazo-correccion', '2027-03-01T10:00:00-04:00', 5);
    assert.equal(filed.dueDate, '2027-03-08');
    await performOfficialTransition(t.app.tambo.deps, official, { code: filed.trackingCode, transition: 'take', now: new Date('2027-03-02T09:00:00-04:00') });
    // Stopped on Wednesday 3 March: Thursday 4, Friday 5 and Monday 8 are left.
    const asked = await performOfficialTransition(t.app.tambo.deps, official, {
      code: filed.trackingCode,
      transition: 'request_correction',
      reason: 'Falta la firma',
      now: new Date('2027-03-03T11:00:00-04:00'),
    });
    assert.deepEqual([asked.pausedOn, asked.dueDate], ['2027-03-03', '2027-03-08']);
    // Resumed on Wednesday 10 March: Thursday 11, Friday 12, Monday 15.
    const resumed = await resubmitCase(t.app.tambo.deps, personId, filed.trackingCode, answers, { now: new Date('2027-03-10T16:00:00-04:00') });
    assert.deepEqual([resumed.pausedOn, resumed.dueDate], [null, '2027-03-15']);
  });

  it('runs out at the end of the last day on the country clock: the sweep applies the tacit outcome only then', async () => {
    // Friday 2027-04-09 with 3 business days: due Wednesday 2027-04-14.
    const filed = await fileAt('plazo-tacito', '2027-04-09T15:00:00-04:00', 3, 'approval');
    assert.equal(filed.dueDate, '2027-04-14');
    // 23:30 on the 14th in La Paz (03:30 on the 15th in UTC): still in time.
    await applyLegalDeadlines(t.app.tambo.deps, new Date('2027-04-14T23:30:00-04:00'));
    assert.equal((await findCaseByCode(t.app.tambo.deps.db, filed.trackingCode))!.state, 'submitted');
    // 00:30 on the 15th: the time has run out, the tacit approval applies, once.
    await applyLegalDeadlines(t.app.tambo.deps, new Date('2027-04-15T00:30:00-04:00'));
    const approved = (await findCaseByCode(t.app.tambo.deps.db, filed.trackingCode))!;
    assert.deepEqual([approved.state, approved.outcome], ['approved', 'approved']);
    await applyLegalDeadlines(t.app.tambo.deps, new Date('2027-04-15T01:30:00-04:00'));
    assert.equal((await findCaseByCode(t.app.tambo.deps.db, filed.trackingCode))!.state, 'approved');
  });
});

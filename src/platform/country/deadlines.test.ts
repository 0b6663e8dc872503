// Legal time against literal dates worked out by hand from the written rule (docs/legal-time.md),
// never recomputed with the code under test. Every instant is given, so no test reads the clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boliviaProfile } from './bo.ts';
import { businessDaysLeft, dueAt, officeTimeBetween, resumeDue, timeLeft } from './deadlines.ts';
import type { CountryProfile } from './profile.ts';
import { venezuelaProfile } from './ve.ts';
import { endOfLocalDay, instantAt, localDateTime, zoneOffsetMs } from './zoned.ts';

const NONE = new Set<string>();
const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

describe('dueAt in business days', () => {
  it('does not count the day of filing and falls due at the end of the Nth business day, La Paz time', () => {
    // Friday 15:00 + 3 → Monday 7, Tuesday 8, Wednesday 9.
    assert.equal(iso(dueAt(boliviaProfile, NONE, at('2026-12-04T15:00:00-04:00'), { businessDays: 3 })), iso(at('2026-12-09T23:59:59.999-04:00')));
  });

  it('skips a national holiday (22 January in Bolivia)', () => {
    assert.equal(iso(dueAt(boliviaProfile, NONE, at('2026-01-21T10:00:00-04:00'), { businessDays: 1 })), iso(at('2026-01-23T23:59:59.999-04:00')));
  });

  it('skips a decreed holiday', () => {
    const decreed = new Set(['2026-12-08']);
    assert.equal(iso(dueAt(boliviaProfile, decreed, at('2026-12-04T15:00:00-04:00'), { businessDays: 3 })), iso(at('2026-12-10T23:59:59.999-04:00')));
  });

  it('counts the filing day on the local clock, not UTC (23:30 on Friday in La Paz is Saturday in UTC)', () => {
    assert.equal(iso(dueAt(boliviaProfile, NONE, at('2026-12-05T03:30:00Z'), { businessDays: 1 })), iso(at('2026-12-07T23:59:59.999-04:00')));
  });

  it('filing on a Saturday: the next Monday is the first day', () => {
    assert.equal(iso(dueAt(boliviaProfile, NONE, at('2026-12-05T10:00:00-04:00'), { businessDays: 1 })), iso(at('2026-12-07T23:59:59.999-04:00')));
  });

  it('zero business days fall due at the end of the filing day', () => {
    assert.equal(iso(dueAt(boliviaProfile, NONE, at('2026-12-05T10:00:00-04:00'), { businessDays: 0 })), iso(at('2026-12-05T23:59:59.999-04:00')));
  });

  it('in Caracas, across Christmas and a weekend', () => {
    // Tuesday 22 + 3 → Wednesday 23, Monday 28, Tuesday 29 (24 and 25 are holidays).
    assert.equal(iso(dueAt(venezuelaProfile, NONE, at('2026-12-22T10:00:00-04:00'), { businessDays: 3 })), '2026-12-30T03:59:59.999Z');
  });

  it('in Caracas in 2015, when its clock was UTC−4:30', () => {
    assert.equal(iso(dueAt(venezuelaProfile, NONE, at('2015-06-01T12:00:00-04:30'), { businessDays: 1 })), '2015-06-03T04:29:59.999Z');
  });

  it('refuses a fractional or negative number of business days', () => {
    assert.throws(() => dueAt(boliviaProfile, NONE, at('2026-12-04T15:00:00-04:00'), { businessDays: 1.5 }), RangeError);
    assert.throws(() => dueAt(boliviaProfile, NONE, at('2026-12-04T15:00:00-04:00'), { businessDays: -1 }), RangeError);
  });
});

describe('dueAt in business hours (office hours 08:00–16:00)', () => {
  it('runs only in office hours: Friday 15:00 + 2 h is Monday 09:00', () => {
    assert.equal(iso(dueAt(boliviaProfile, NONE, at('2026-12-04T15:00:00-04:00'), { businessHours: 2 })), iso(at('2026-12-07T09:00:00-04:00')));
  });

  it('started before opening, starts at opening; a full day ends at closing that day', () => {
    assert.equal(iso(dueAt(boliviaProfile, NONE, at('2026-12-07T06:00:00-04:00'), { businessHours: 8 })), iso(at('2026-12-07T16:00:00-04:00')));
  });

  it('started after closing or on a weekend, starts at the next opening', () => {
    assert.equal(iso(dueAt(boliviaProfile, NONE, at('2026-12-04T18:00:00-04:00'), { businessHours: 1 })), iso(at('2026-12-07T09:00:00-04:00')));
    assert.equal(iso(dueAt(boliviaProfile, NONE, at('2026-12-05T10:00:00-04:00'), { businessHours: 0.5 })), iso(at('2026-12-07T08:30:00-04:00')));
  });

  it('skips a decreed holiday', () => {
    assert.equal(iso(dueAt(boliviaProfile, new Set(['2026-12-07']), at('2026-12-04T15:00:00-04:00'), { businessHours: 2 })), iso(at('2026-12-08T09:00:00-04:00')));
  });

  it('takes the office hours from the profile', () => {
    const late: CountryProfile = { ...venezuelaProfile, officeHours: { opens: '09:00', closes: '17:30' } };
    assert.equal(iso(dueAt(late, NONE, at('2026-12-07T17:00:00-04:00'), { businessHours: 1 })), iso(at('2026-12-08T09:30:00-04:00')));
    assert.throws(() => dueAt({ ...late, officeHours: { opens: '9:00', closes: '17:00' } }, NONE, at('2026-12-07T17:00:00-04:00'), { businessHours: 1 }), RangeError);
  });
});

describe('dueAt in calendar days', () => {
  it('does not count the starting day, counts weekends and holidays, falls due at the end of the day', () => {
    // Friday 2026-12-18 + 10 days → Monday 28 (Christmas and two weekends count).
    assert.equal(iso(dueAt(boliviaProfile, NONE, at('2026-12-18T15:00:00-04:00'), { calendarDays: 10 })), iso(at('2026-12-28T23:59:59.999-04:00')));
    assert.equal(iso(dueAt(venezuelaProfile, NONE, at('2026-12-31T23:30:00-04:00'), { calendarDays: 1 })), iso(at('2027-01-01T23:59:59.999-04:00')));
  });
});

describe('dueAt round the clock', () => {
  it('counts every hour', () => {
    assert.equal(iso(dueAt(boliviaProfile, NONE, at('2026-12-04T15:00:00-04:00'), { hours: 72 })), iso(at('2026-12-07T15:00:00-04:00')));
    assert.equal(iso(dueAt(venezuelaProfile, NONE, at('2026-12-24T23:00:00-04:00'), { hours: 1.5 })), iso(at('2026-12-25T00:30:00-04:00')));
  });
});

describe('businessDaysLeft', () => {
  const due = at('2026-12-09T23:59:59.999-04:00');
  it('counts the business days after today up to the due day', () => {
    assert.equal(businessDaysLeft(boliviaProfile, NONE, due, at('2026-12-04T16:00:00-04:00')), 3);
    assert.equal(businessDaysLeft(boliviaProfile, NONE, due, at('2026-12-06T12:00:00-04:00')), 3); // Sunday
    assert.equal(businessDaysLeft(boliviaProfile, NONE, due, at('2026-12-07T10:00:00-04:00')), 2);
    assert.equal(businessDaysLeft(boliviaProfile, new Set(['2026-12-08']), due, at('2026-12-07T10:00:00-04:00')), 1);
  });
  it('is 0 on the due day and negative after it', () => {
    assert.equal(businessDaysLeft(boliviaProfile, NONE, due, at('2026-12-09T23:00:00-04:00')), 0);
    assert.equal(businessDaysLeft(boliviaProfile, NONE, due, at('2026-12-10T08:00:00-04:00')), -1);
    assert.equal(businessDaysLeft(boliviaProfile, NONE, due, at('2026-12-14T08:00:00-04:00')), -3);
  });
});

describe('pausing and resuming a clock', () => {
  it('business days: the day it stops is used, what is left counts again from the resumption', () => {
    // Due Wednesday 9; stopped Monday 7 (Tuesday and Wednesday left); resumed Thursday 10 → Friday 11, Monday 14.
    const due = at('2026-12-09T23:59:59.999-04:00');
    assert.deepEqual(timeLeft(boliviaProfile, NONE, due, at('2026-12-07T10:00:00-04:00'), 'businessDays'), { businessDays: 2 });
    const resumed = resumeDue(boliviaProfile, NONE, { due, pausedAt: at('2026-12-07T10:00:00-04:00'), resumedAt: at('2026-12-10T09:00:00-04:00'), kind: 'businessDays' });
    assert.equal(iso(resumed), iso(at('2026-12-14T23:59:59.999-04:00')));
  });

  it('business hours: the office time left is carried over', () => {
    // Due Monday 09:00; stopped Friday 15:30 (30 min Friday + 1 h Monday left); resumed Tuesday 14:00 → 15:30.
    const due = at('2026-12-07T09:00:00-04:00');
    assert.deepEqual(timeLeft(boliviaProfile, NONE, due, at('2026-12-04T15:30:00-04:00'), 'businessHours'), { businessHours: 1.5 });
    const resumed = resumeDue(boliviaProfile, NONE, { due, pausedAt: at('2026-12-04T15:30:00-04:00'), resumedAt: at('2026-12-08T14:00:00-04:00'), kind: 'businessHours' });
    assert.equal(iso(resumed), iso(at('2026-12-08T15:30:00-04:00')));
  });

  it('hours: the pause is added', () => {
    const resumed = resumeDue(boliviaProfile, NONE, { due: at('2026-12-07T15:00:00-04:00'), pausedAt: at('2026-12-05T01:00:00-04:00'), resumedAt: at('2026-12-05T11:00:00-04:00'), kind: 'hours' });
    assert.equal(iso(resumed), iso(at('2026-12-08T01:00:00-04:00')));
  });

  it('office time between two instants counts only office hours of business days', () => {
    assert.equal(officeTimeBetween(boliviaProfile, NONE, at('2026-12-04T15:00:00-04:00'), at('2026-12-08T10:00:00-04:00')), 11 * 3_600_000); // 1 + 8 + 2
    assert.equal(officeTimeBetween(boliviaProfile, NONE, at('2026-12-05T10:00:00-04:00'), at('2026-12-06T10:00:00-04:00')), 0);
    assert.equal(officeTimeBetween(boliviaProfile, NONE, at('2026-12-08T10:00:00-04:00'), at('2026-12-04T15:00:00-04:00')), 0);
  });
});

describe('zoned wall time', () => {
  it('reads and writes local times, with the offset in force at the instant', () => {
    assert.deepEqual(localDateTime('America/La_Paz', at('2026-12-05T03:30:00Z')), { date: '2026-12-04', msOfDay: (23 * 60 + 30) * 60_000 });
    assert.equal(iso(instantAt('America/La_Paz', '2026-12-04', 15 * 3_600_000)), '2026-12-04T19:00:00.000Z');
    assert.equal(zoneOffsetMs('America/Caracas', at('2015-06-01T12:00:00Z')), -4.5 * 3_600_000);
    assert.equal(iso(endOfLocalDay('America/Caracas', '2015-06-01')), '2015-06-02T04:29:59.999Z');
  });
  it('handles a zone with daylight saving (a wall time skipped in spring falls after the gap)', () => {
    // Santiago de Chile: clocks went from 24:00 to 01:00 on 2026-09-06.
    assert.equal(iso(instantAt('America/Santiago', '2026-09-06', 30 * 60_000)), '2026-09-06T04:30:00.000Z');
    assert.equal(iso(endOfLocalDay('America/Santiago', '2026-09-05')), '2026-09-06T03:59:59.999Z');
  });
});

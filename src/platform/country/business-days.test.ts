import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boliviaProfile } from './bo.ts';
import { addDays } from './calendar.ts';
import { addBusinessDays, businessDaysBetween, isBusinessDay, localDate } from './business-days.ts';
import type { CountryProfile, Holiday } from './profile.ts';
import { venezuelaProfile } from './ve.ts';

test('isBusinessDay: weekdays that are not holidays', () => {
  assert.equal(isBusinessDay(boliviaProfile, '2026-01-21'), true); // Wednesday
  assert.equal(isBusinessDay(boliviaProfile, '2026-01-22'), false); // Plurinational State Day
  assert.equal(isBusinessDay(boliviaProfile, '2026-01-24'), false); // Saturday
  assert.equal(isBusinessDay(boliviaProfile, '2026-01-25'), false); // Sunday
  assert.equal(isBusinessDay(boliviaProfile, '2026-06-22'), false); // 21 June moved to Monday
  assert.equal(isBusinessDay(venezuelaProfile, '2026-01-22'), true); // not a holiday in Venezuela
  assert.equal(isBusinessDay(venezuelaProfile, '2026-04-02'), false); // Holy Thursday
  assert.throws(() => isBusinessDay(boliviaProfile, '2026-02-30'), RangeError);
});

test('addBusinessDays across a weekend and holidays', () => {
  assert.equal(addBusinessDays(boliviaProfile, '2026-01-16', 1), '2026-01-19'); // Friday → Monday
  assert.equal(addBusinessDays(boliviaProfile, '2026-01-21', 1), '2026-01-23'); // skips 22 January
  assert.equal(addBusinessDays(boliviaProfile, '2026-02-13', 1), '2026-02-18'); // skips the weekend and Carnival
  assert.equal(addBusinessDays(boliviaProfile, '2026-06-19', 1), '2026-06-23'); // skips the moved 21 June
  assert.equal(addBusinessDays(venezuelaProfile, '2026-04-01', 1), '2026-04-06'); // skips Holy Thursday and Friday
  assert.equal(addBusinessDays(venezuelaProfile, '2026-12-22', 3), '2026-12-29'); // skips 24 and 25 December and the weekend
  assert.equal(addBusinessDays(boliviaProfile, '2026-01-24', 0), '2026-01-24');
  assert.equal(addBusinessDays(boliviaProfile, '2026-01-24', 10), '2026-02-06');
  assert.equal(addBusinessDays(boliviaProfile, '2026-01-23', -1), '2026-01-21'); // backwards over 22 January
  assert.equal(addBusinessDays(boliviaProfile, '2025-12-31', 1), '2026-01-02'); // across the year end
  assert.throws(() => addBusinessDays(boliviaProfile, '2026-01-01', 1.5), RangeError);
});

test('businessDaysBetween counts the days after `from` up to `to`', () => {
  assert.equal(businessDaysBetween(boliviaProfile, '2026-01-19', '2026-01-19'), 0);
  assert.equal(businessDaysBetween(boliviaProfile, '2026-01-16', '2026-01-19'), 1);
  assert.equal(businessDaysBetween(boliviaProfile, '2026-01-16', '2026-01-18'), 0);
  assert.equal(businessDaysBetween(boliviaProfile, '2026-02-13', '2026-02-18'), 1);
  assert.equal(businessDaysBetween(boliviaProfile, '2026-02-18', '2026-02-13'), -1);
  assert.equal(businessDaysBetween(boliviaProfile, '2026-01-01', '2026-01-31'), 20); // 21 weekdays after 1 January, less 22 January
  assert.equal(businessDaysBetween(venezuelaProfile, '2026-01-01', '2026-01-31'), 21);
});

test('addBusinessDays and businessDaysBetween agree in both directions', () => {
  for (const profile of [boliviaProfile, venezuelaProfile]) {
    for (let start = '2026-02-10'; start <= '2026-04-10'; start = addDays(start, 1)) {
      for (const n of [-12, -5, -1, 0, 1, 3, 12]) {
        const end = addBusinessDays(profile, start, n);
        assert.equal(businessDaysBetween(profile, start, end), n, `${profile.code} ${start} ${n}`);
        if (n !== 0) assert.equal(isBusinessDay(profile, end), true);
      }
    }
  }
});

test('holidays are computed once per profile and year', () => {
  let calls = 0;
  const counting: CountryProfile = {
    ...boliviaProfile,
    holidays(year: number): Holiday[] {
      calls += 1;
      return boliviaProfile.holidays(year);
    },
  };
  addBusinessDays(counting, '2026-01-01', 60);
  assert.equal(isBusinessDay(counting, '2026-05-01'), false);
  assert.equal(calls, 1);
  isBusinessDay(counting, '2027-01-04');
  assert.equal(calls, 2);
});

test('localDate is the calendar date in the profile time zone (UTC−4)', () => {
  assert.equal(localDate(boliviaProfile, new Date('2026-01-01T03:59:59Z')), '2025-12-31');
  assert.equal(localDate(boliviaProfile, new Date('2026-01-01T04:00:00Z')), '2026-01-01');
  assert.equal(localDate(venezuelaProfile, new Date('2026-07-05T23:30:00-04:00')), '2026-07-05');
  assert.equal(localDate(venezuelaProfile, new Date('2026-07-06T02:00:00Z')), '2026-07-05');
});

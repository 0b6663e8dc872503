import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, carnival, dayOfWeek, easterSunday, isCalendarDate, parseCalendarDate } from './calendar.ts';

test('Easter Sunday matches published dates', () => {
  const known: Record<number, string> = {
    1818: '1818-03-22', // earliest possible date
    1961: '1961-04-02',
    2000: '2000-04-23',
    2019: '2019-04-21',
    2024: '2024-03-31',
    2025: '2025-04-20',
    2026: '2026-04-05',
    2027: '2027-03-28',
    2038: '2038-04-25', // latest possible date
  };
  for (const [year, date] of Object.entries(known)) assert.equal(easterSunday(Number(year)), date, `Easter ${year}`);
});

test('Easter is always a Sunday between 22 March and 25 April', () => {
  for (let year = 1900; year <= 2100; year += 1) {
    const easter = easterSunday(year);
    assert.equal(dayOfWeek(easter), 0, easter);
    assert.ok(easter >= `${year}-03-22` && easter <= `${year}-04-25`, easter);
  }
});

test('Carnival is the Monday and Tuesday before Ash Wednesday', () => {
  assert.deepEqual(
    carnival(2026).map((h) => h.date),
    ['2026-02-16', '2026-02-17'],
  );
  assert.deepEqual(
    carnival(2025).map((h) => h.date),
    ['2025-03-03', '2025-03-04'],
  );
  assert.deepEqual(
    carnival(2024).map((h) => h.date),
    ['2024-02-12', '2024-02-13'],
  );
});

test('calendar dates are validated and added across month and leap-year ends', () => {
  assert.equal(isCalendarDate('2024-02-29'), true);
  assert.equal(isCalendarDate('2025-02-29'), false);
  assert.equal(isCalendarDate('2025-2-01'), false);
  assert.throws(() => parseCalendarDate('2026-13-01'), RangeError);
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2025-12-31', 1), '2026-01-01');
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
});

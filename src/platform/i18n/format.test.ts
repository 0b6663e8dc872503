// The one formatter of dates, times and numbers: literal expected strings for both country
// profiles' zones and both languages, calendar dates that never shift a day, and names given
// as data for the languages Node's ICU does not know.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFormatter } from './format.ts';

const bolivia = { region: 'BO', timeZone: 'America/La_Paz' };
const venezuela = { region: 'VE', timeZone: 'America/Caracas' };
// 14:20 UTC is 10:20 in La Paz and in Caracas (both UTC-4); 02:30 UTC is still the 5th there.
const instant = new Date('2026-12-06T14:20:00Z');
const nearMidnight = new Date('2026-12-06T02:30:00Z');

describe('the platform formatter', () => {
  it('writes a date and time in the country zone and the person language, never ISO or UTC', () => {
    assert.equal(createFormatter('es', bolivia).dateTime(instant), '6 de diciembre de 2026, 10:20');
    assert.equal(createFormatter('en', bolivia).dateTime(instant), '6 December 2026, 10:20');
    assert.equal(createFormatter('es', venezuela).dateTime(instant), '6 de diciembre de 2026, 10:20');
    assert.equal(createFormatter('en', venezuela).dateTime(instant), '6 December 2026, 10:20');
    assert.equal(createFormatter('es', bolivia).dateTime(nearMidnight), '5 de diciembre de 2026, 22:30');
    assert.equal(createFormatter('es', bolivia).time(nearMidnight), '22:30');
    assert.equal(createFormatter('es').dateTime(nearMidnight), '6 de diciembre de 2026, 02:30', 'UTC only when no zone is given');
  });

  it('writes a calendar date as the day it names, whatever the zone', () => {
    const es = createFormatter('es', bolivia);
    assert.equal(es.date('2026-03-02'), '2 de marzo de 2026');
    assert.equal(es.longDate('2026-12-06'), 'domingo, 6 de diciembre de 2026');
    assert.equal(createFormatter('en', venezuela).longDate('2026-12-06'), 'Sunday, 6 December 2026');
    assert.equal(es.date(nearMidnight), '5 de diciembre de 2026');
    assert.equal(es.shortDate(instant), '6 dic 2026');
  });

  it("writes numbers in the language's notation", () => {
    assert.equal(createFormatter('es', bolivia).number(1234.5), '1.234,5');
    assert.equal(createFormatter('es', venezuela).number(4.5, { maximumFractionDigits: 1 }), '4,5');
    assert.equal(createFormatter('en', bolivia).number(1234.5), '1,234.5');
  });

  it('takes month and weekday names as data for a language ICU does not know, on the Spanish pattern', () => {
    const months = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'Qhapaq raymi'];
    const qu = createFormatter('qu', { ...bolivia, names: { months, weekdays: ['Inti p’unchaw'] } });
    assert.equal(qu.dateTime(instant), '6 de Qhapaq raymi de 2026, 10:20');
    assert.equal(qu.longDate('2026-12-06'), 'Inti p’unchaw, 6 de Qhapaq raymi de 2026');
    assert.equal(qu.number(1234.5), '1.234,5');
    // A name not given keeps the Spanish one rather than English.
    assert.equal(createFormatter('ay', bolivia).date('2026-01-15'), '15 de enero de 2026');
  });
});

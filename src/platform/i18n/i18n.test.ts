// The ICU behaviour callers rely on: plurals chosen by the language's rules, numbers in the
// country's notation, arguments left visible when missing, one compilation per message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Catalogs, calendarNames, catalogCompleteness, compileMessage, interpolate, messageArguments, siteLanguages, translator } from './i18n.ts';

function catalogs(es: Record<string, string>, en: Record<string, string>, region?: string): Catalogs {
  return { es: new Map(Object.entries(es)), en: new Map(Object.entries(en)), region };
}

const days = catalogs(
  { left: '{days, plural, one {Queda # día hábil} other {Quedan # días hábiles}}', amount: 'Monto: {n, number}', hello: 'Hola, {name}' },
  { left: '{days, plural, one {# business day left} other {# business days left}}', amount: 'Amount: {n, number}', hello: 'Hello {name}' },
  'BO',
);

describe('ICU messages', () => {
  it('chooses the plural form in Spanish', () => {
    const t = translator(days, 'es');
    assert.equal(t('left', { days: 1 }), 'Queda 1 día hábil');
    assert.equal(t('left', { days: 0 }), 'Quedan 0 días hábiles');
    assert.equal(t('left', { days: 3 }), 'Quedan 3 días hábiles');
  });

  it('chooses the plural form in English', () => {
    const t = translator(days, 'en');
    assert.equal(t('left', { days: 1 }), '1 business day left');
    assert.equal(t('left', { days: 2 }), '2 business days left');
  });

  it('writes numbers in the country notation in Spanish and with a decimal point in English', () => {
    assert.equal(translator(days, 'es')('amount', { n: 1234.5 }), 'Monto: 1.234,5');
    assert.equal(translator(days, 'en')('amount', { n: 1234.5 }), 'Amount: 1,234.5');
    assert.equal(interpolate('{n, number}', { n: 12345.5 }), '12.345,5');
  });

  it('writes dates in the country time zone', () => {
    const zoned: Catalogs = { ...catalogs({ on: 'El {d, date, long}' }, { on: 'On {d, date, long}' }, 'BO'), timeZone: 'America/La_Paz' };
    // 02:30 UTC on 1 March is still 28 February in La Paz.
    const at = new Date('2026-03-01T02:30:00Z');
    assert.equal(translator(zoned, 'es')('on', { d: at }), 'El 28 de febrero de 2026');
    assert.equal(translator(zoned, 'en')('on', { d: at }), 'On February 28, 2026');
  });

  it('leaves a missing argument visible instead of failing, and a missing key shows itself', () => {
    const t = translator(days, 'es');
    assert.equal(t('hello'), 'Hola, {name}');
    assert.equal(t('no.such.key'), 'no.such.key');
  });

  it('falls back to Spanish for a key missing in English', () => {
    const t = translator(catalogs({ only: 'Sólo {x}' }, {}), 'en');
    assert.equal(t('only', { x: 'es' }), 'Sólo es');
  });

  it('lists the arguments a message uses, inside plural branches too', () => {
    assert.deepEqual(messageArguments(compileMessage('{a} {n, plural, one {{b}} other {# {c}}}', 'es')), ['a', 'b', 'c', 'n']);
  });

  it('rejects a message that is not valid ICU', () => {
    assert.throws(() => compileMessage('{days, plural, one {día}', 'es'));
  });
});

describe('languages beyond Spanish and English', () => {
  const withQuechua: Catalogs = {
    ...catalogs(
      { left: '{days, plural, one {Queda # día} other {Quedan # días}}', hello: 'Hola, {name}', only: 'Solo en español: {n, number}' },
      { left: '{days, plural, one {# day left} other {# days left}}', hello: 'Hello {name}', only: 'English {n, number}' },
      'BO',
    ),
    qu: new Map(Object.entries({ left: '{days, plural, other {# p’unchaw kanraq}}', hello: 'Napaykullayki, {name}' })),
  };

  it('takes plural categories as data (every number is other in Quechua) and numbers in the country notation', () => {
    const t = translator(withQuechua, 'qu');
    assert.equal(t('left', { days: 1 }), '1 p’unchaw kanraq');
    assert.equal(t('left', { days: 1234 }), '1.234 p’unchaw kanraq');
    assert.equal(t('hello', { name: 'Rosa' }), 'Napaykullayki, Rosa');
  });

  it('falls back to Spanish, with Spanish plurals, for a key the language lacks, and counts it', () => {
    const t = translator(withQuechua, 'qu');
    assert.equal(t('only', { n: 1234.5 }), 'Solo en español: 1.234,5');
    const [qu] = catalogCompleteness(withQuechua, ['qu']);
    assert.deepEqual(qu, { language: 'qu', translated: 2, total: 3, missing: ['only'] });
  });

  it('offers the profile languages: Spanish, the extra ones, English; and gives month names from the catalog', () => {
    assert.deepEqual(siteLanguages(['es', 'qu', 'ay', 'gn']), ['es', 'qu', 'ay', 'gn', 'en']);
    assert.deepEqual(siteLanguages(['es']), ['es', 'en']);
    const names = calendarNames({ ...withQuechua, qu: new Map([['calendar.month.12', 'qhapaq raymi']]) }, 'qu');
    assert.equal(names.months[11], 'qhapaq raymi');
    assert.equal(names.months[0], '');
    // Spanish keeps ICU's names (and short forms): its catalog entries are what the others translate.
    assert.deepEqual(calendarNames({ ...withQuechua, es: new Map([['calendar.month.12', 'diciembre']]) }, 'es').months, Array(12).fill(''));
  });
});

// Every country-specific word, number and example on the pages comes from the country profile:
// in Venezuela the emergency number is 911, phone examples are Venezuelan, and the reports are the
// "1x10 del Buen Gobierno", by community council and commune; Bolivia keeps its own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../../../test/helpers/app.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('country terms on the pages', () => {
  let ve: TestApp & { baseUrl: string };
  let bo: TestApp & { baseUrl: string };
  before(async () => {
    [ve, bo] = await Promise.all([listenTestApp({ demo: true, env: { COUNTRY: 've' } }), listenTestApp({ demo: true, env: { COUNTRY: 'bo' } })]);
  });
  after(async () => Promise.all([ve?.close(), bo?.close()]));

  const get = async (t: TestApp & { baseUrl: string }, path: string) => textOf(await (await fetch(`${t.baseUrl}${path}`)).text());

  it('Venezuela: 1x10 del Buen Gobierno by council and commune, 911, a Venezuelan mobile example', async () => {
    const list = await get(ve, '/reportes');
    assert.match(list, /1x10 del Buen Gobierno/);
    assert.match(list, /consejo comunal y su comuna/);
    assert.match(await get(ve, '/reportes/nuevo'), /llame al 911/);
    const registration = await get(ve, '/registro');
    assert.match(registration, /Por ejemplo, 0412-1234567/);
    assert.doesNotMatch(registration, /71234567/);
    const english = await get(ve, '/reportes?lang=en');
    assert.match(english, /1x10 of Good Government/);
  });

  it('Bolivia: citizen reports, 110, a Bolivian mobile example', async () => {
    const list = await get(bo, '/reportes');
    assert.match(list, /Reportes ciudadanos/);
    assert.doesNotMatch(list, /1x10/);
    assert.match(await get(bo, '/reportes/nuevo'), /llame al 110/);
    assert.match(await get(bo, '/registro'), /Por ejemplo, 71234567/);
  });
});

// The /datos pages over HTTP, without JavaScript: search by keyword with facets, the dataset
// page (downloads, preview with column types, SVG chart with its table, metadata, API).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../../../test/helpers/app.ts';
import { openDataTestApp } from './open-data.test-helpers.ts';

let t: TestApp;
before(async () => {
  t = await openDataTestApp();
});
after(async () => t.close());

const page = async (url: string) => {
  const response = await t.app.inject({ url, headers: { accept: 'text/html' } });
  return { status: response.statusCode, html: response.body };
};

describe('/datos', () => {
  it('finds datasets by keyword and narrows them by facet links', async () => {
    const found = await page('/datos?q=licencias');
    assert.equal(found.status, 200);
    assert.match(found.html, /<a href="\/datos\/licencias-de-conducir">Licencias de conducir emitidas por departamento<\/a>/);
    assert.match(found.html, /2 conjuntos de datos/);
    const facet = /href="(\/datos\?q=licencias&amp;organizacion=segip)"/.exec(found.html);
    assert.ok(facet, 'an agency facet link keeps the words');
    const narrowed = await page(facet[1]!.replace(/&amp;/g, '&'));
    assert.match(narrowed.html, /1 conjunto de datos/);
    assert.match(narrowed.html, /Quitar el filtro «Servicio General de Identificación Personal»/);
    const english = await t.app.inject({ url: '/datos?etiqueta=feriados', headers: { accept: 'text/html', 'accept-language': 'en' } });
    assert.match(english.body, /1 dataset/);
    const none = await page('/datos?q=zzzz');
    assert.match(none.html, /Ningún conjunto de datos/);
  });

  it('shows a dataset: downloads, the first rows with column types, a chart and the same figures in a table', async () => {
    const { status, html } = await page('/datos/cedulas-emitidas');
    assert.equal(status, 200);
    assert.match(html, /<h1>Cédulas de identidad emitidas por departamento<\/h1>/);
    assert.match(html, /href="\/datos\/cedulas-emitidas\/recursos\/[0-9a-f-]{36}\/descargar"/);
    assert.match(html, /Primeras 10 filas de 63/);
    assert.match(html, /Cédulas emitidas \(entero\)/);
    assert.match(html, /<svg[^>]+role="img"/);
    assert.match(html, /Cifras del gráfico/);
    // 2019, every department: 120 per thousand of the census population (rounded per department), summed.
    assert.match(html, /<th scope="row" class="table__header">2019<\/th><td class="table__cell table__cell--numeric">1\.207\.181<\/td>/);
    assert.match(html, /<td class="table__cell table__cell--numeric">2019<\/td><td class="table__cell">BO-B<\/td>/, 'years are not grouped like amounts');
    assert.match(html, /\/api\/3\/action\/package_show\?id=cedulas-emitidas/);
    assert.match(html, /\/api\/3\/action\/datastore_search\?resource_id=/);
    assert.match(html, /Creative Commons Attribution/);
    const missing = await page('/datos/no-existe');
    assert.equal(missing.status, 404);
  });
});

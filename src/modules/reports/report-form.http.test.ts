// The new report form as a person without JavaScript uses it: "Continuar" with no category is an
// error linked to the field; the review lists every answer (option names, not keys); "Cambiar
// los datos" brings back the details form with everything typed (WCAG 3.3.1, 3.3.7).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ demo: true });
});
after(async () => t.close());

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the new report form', () => {
  it('"Continuar" with no category chosen shows the error summary linked to the field', async () => {
    const visitor = new HttpSession();
    const first = await (await visitor.request(`${t.baseUrl}/reportes/nuevo`)).text();
    assert.doesNotMatch(first, /class="error-summary/);
    assert.match(first, /name="paso" value="categoria"/);
    const response = await visitor.request(`${t.baseUrl}/reportes/nuevo?paso=categoria`);
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /<title>Error: /);
    assert.match(html, /href="#campo-categoria"[^>]*>Elija una categoría/);
  });

  it('the review lists every answer, and "Cambiar los datos" keeps everything typed', async () => {
    const visitor = new HttpSession();
    const details = await (await visitor.request(`${t.baseUrl}/reportes/nuevo?categoria=agua`)).text();
    const typed = {
      descripcion: 'La cañería de la esquina pierde agua desde el lunes',
      'respuesta.problema': 'fuga',
      'respuesta.desde': '2 12 2026',
      territorio: 'BO-L-01-01',
      direccion: 'Calle Comercio esquina Yanacocha',
      lat: '-16.4955',
      lon: '-68.1336',
    };
    const reviewed = await visitor.submit(`${t.baseUrl}/reportes/nuevo?categoria=agua`, details, typed);
    assert.equal(reviewed.status, 200);
    const review = await reviewed.text();
    const text = textOf(review);
    assert.match(text, /¿Qué pasa con el agua\? Fuga o cañería rota/);
    assert.match(text, /¿Desde cuándo\? 2 12 2026/);
    assert.match(text, /Calle Comercio esquina Yanacocha/);
    assert.match(text, /La cañería de la esquina pierde agua desde el lunes/);
    // "Cambiar los datos" is a form of its own carrying the values back.
    const index = formsIn(review).findIndex((f) => f.action === '/reportes/nuevo/cambiar');
    assert.ok(index >= 0, 'a "Cambiar los datos" form');
    const back = await visitor.submit(`${t.baseUrl}/reportes/nuevo`, review, {}, index);
    assert.equal(back.status, 200);
    const form = await back.text();
    assert.match(form, />La cañería de la esquina pierde agua desde el lunes<\/textarea>/);
    assert.match(form, /value="fuga"[^>]*checked|checked[^>]*value="fuga"/);
    assert.match(form, /value="2 12 2026"/);
    assert.match(form, /value="Calle Comercio esquina Yanacocha"/);
    assert.match(form, /value="-16.4955"/);
    assert.match(form, /<option[^>]*value="BO-L-01-01"[^>]*selected/);
  });
});

// The front door and help pages over HTTP, on the Bolivian demo data: the home page's
// ways in (search, report, tracking, life events, most used, what is new), one search
// across procedures, institutions and reports, the contact, the questions per procedure,
// the accessibility statement, and a meta description of its own on each page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ env: { DEMO: 'true', COUNTRY: 'bo' } });
});
after(async () => {
  await t.close();
});

const page = async (url: string, headers: Record<string, string> = {}) => {
  const response = await t.app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, html: response.body };
};
const description = (html: string) => /<meta name="description" content="([^"]*)"/.exec(html)?.[1];

describe('front door', () => {
  it('offers search, reporting, tracking, offices, help, life events, most used and what is new', async () => {
    const { status, html } = await page('/');
    assert.equal(status, 200);
    assert.match(html, /<form[^>]*action="\/buscar"[^>]*method="get"/);
    for (const href of ['/reportes/nuevo', '/seguimiento', '/oficinas', '/ayuda', '/tramites?hecho=birth', '/tramites?hecho=starting_business', '/tramites/certificado-de-nacimiento']) {
      assert.ok(html.includes(`href="${href}"`), `links ${href}`);
    }
    assert.match(html, /Trámites más usados/);
    assert.match(html, /Novedades/);
    assert.match(html, /publicado el \d{1,2} de [a-z]+ de \d{4}/, 'publication dates in words, never ISO');
    assert.match(description(html) ?? '', /Trámites, reportes de problemas/);
  });

  it('searches procedures, institutions and problems to report at once', async () => {
    const { status, html } = await page('/buscar?q=nacimiento');
    assert.equal(status, 200);
    assert.ok(html.includes('href="/tramites/certificado-de-nacimiento"'));
    const agencies = await page(`/buscar?q=${encodeURIComponent('identificación')}`);
    assert.ok(agencies.html.includes('href="/instituciones#institucion-SEGIP"'), 'an institution by a word of its name, accents ignored');
    const reports = await page('/buscar?q=baches');
    assert.ok(reports.html.includes('href="/reportes/nuevo?categoria=vias"'), 'a problem to report by its category');
    const nothing = await page('/buscar?q=zzzzqqq');
    assert.match(nothing.html, /No encontramos nada/);
  });

  it('sends a tracking code or a report number to its page', async () => {
    assert.ok((await page('/buscar?q=tr-ab12-cd34')).html.includes('href="/seguimiento?codigo=TR-AB12-CD34"'));
    assert.ok((await page('/buscar?q=R-15')).html.includes('href="/reportes/15"'));
  });

  it('shows the empty search form without results and never fails on odd input', async () => {
    const empty = await page('/buscar');
    assert.equal(empty.status, 200);
    assert.doesNotMatch(empty.html, /No encontramos/);
    assert.equal((await page(`/buscar?q=${encodeURIComponent("'; DROP TABLE x; --")}`)).status, 200);
    assert.equal((await page(`/buscar?q=${'a'.repeat(201)}`)).status, 400);
  });
});

describe('help', () => {
  it('gives the contact, the questions per procedure and an accessibility statement with date and known issues', async () => {
    const contact = await page('/ayuda/contacto');
    assert.equal(contact.status, 200);
    assert.match(contact.html, /Agencia de Gobierno Electrónico/);
    assert.match(contact.html, /href="tel:800102484"/);
    // The hours are data, written in the page's language.
    assert.ok(contact.html.includes('lunes a viernes, de 8:30 a 16:30'));
    assert.ok((await page('/ayuda/contacto?lang=qu')).html.includes("killa p'unchawmanta ch'aska p'unchawkama, 8:30manta 16:30kama"));
    const faq = await page('/ayuda/preguntas');
    assert.match(faq.html, /<h2 id="titulo-certificado-de-nacimiento">Certificado de nacimiento<\/h2>/);
    assert.ok(faq.html.includes('href="/tramites/certificado-de-nacimiento"'));
    const statement = await page('/accesibilidad');
    assert.match(statement.html, /Problemas conocidos/);
    assert.match(statement.html, /se revisó el 6 de diciembre de 2026/);
    assert.ok(statement.html.includes('href="/ayuda/contacto"'));
    const english = await page('/ayuda/preguntas?lang=en');
    assert.match(english.html, /Is the certificate issued online as valid/);
  });

  it('gives every page a meta description of its own', async () => {
    const urls = ['/', '/buscar', '/ayuda', '/ayuda/contacto', '/ayuda/preguntas', '/accesibilidad', '/codigo-fuente', '/tramites', '/instituciones'];
    const found = await Promise.all(urls.map(async (url) => description((await page(url)).html)));
    assert.ok(
      found.every((d) => d && d.length > 40),
      'each has one',
    );
    assert.equal(new Set(found).size, urls.length, 'no two alike');
  });
});

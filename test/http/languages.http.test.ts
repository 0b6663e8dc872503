// The languages of the people: in Bolivia the site offers Spanish, Quechua, Aymara, Guaraní and
// English (each by its own name); a page in Quechua shows the Quechua drafts, dates with Quechua
// month names (never English), the Spanish for what is not translated yet; the choice lasts a
// year in a cookie; /accesibilidad counts what each language lacks. Venezuela offers es and en.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { HttpSession } from '../helpers/http-client.ts';
import { listenTestApp } from '../helpers/listen.ts';
import { createOnlineProcedure } from '../helpers/procedures.ts';

let bo: TestApp;
let ve: TestApp;
before(async () => {
  bo = await buildTestApp();
  ve = await buildTestApp({ config: { country: 've' } });
});
after(async () => {
  await bo.close();
  await ve.close();
});

const switchOf = (html: string) => /<nav class="lang-switch"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';

describe('languages of the country profile', () => {
  it('a page in Quechua shows the Quechua layout strings, the own names of the languages, and Spanish where no draft exists', async () => {
    const response = await bo.app.inject({ url: '/?lang=qu' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-language'], 'qu');
    const html = response.body;
    assert.match(html, /<html lang="qu">/);
    assert.match(html, /<title>Qallariy · Tambo<\/title>/);
    assert.match(html, /<nav class="lang-switch" aria-label="Simi">/);
    assert.match(html, /Chiqan willayman riy/);
    const languages = [...switchOf(html).matchAll(/<(?:a|span)[^>]*>([^<]+)</g)].map((m) => m[1]);
    assert.deepEqual(languages, ['Español', 'Runasimi', 'Aymar aru', 'Avañeʼẽ', 'English']);
    assert.match(switchOf(html), /<span aria-current="true">Runasimi<\/span>/);
    assert.match(switchOf(html), /href="\/\?lang=ay" lang="ay" hreflang="ay">Aymar aru</);
    // Translated: the footer, and the navigation's draft labels.
    assert.match(html, /Tamboqa qispi softwaren/);
    assert.match(html, /<a[^>]*href="\/instituciones"[^>]*>Institucionkuna<\/a>/);
    // Not translated yet (the institutions' pages have only their navigation label in Quechua): the Spanish text, in a Quechua page.
    const institutions = await bo.app.inject({ url: '/instituciones?lang=qu' });
    assert.equal(institutions.headers['content-language'], 'qu');
    assert.match(institutions.body, /<h1[^>]*>Instituciones del Estado<\/h1>/);
  });

  it('the verification page and the front door have drafts in Quechua, Aymara and Guaraní', async () => {
    const page = async (url: string, language: string) => (await bo.app.inject({ url, cookies: { tambo_lang: language } })).body;
    assert.match(await page('/verificar', 'qu'), /<h1[^>]*>Documentota chiqapchu qhaway<\/h1>/);
    assert.match(await page('/verificar', 'ay'), /<h1[^>]*>Documento chiqapäpachati uñjaña<\/h1>/);
    assert.match(await page('/verificar', 'gn'), /<h1[^>]*>Hecha peteĩ kuatia añeteha<\/h1>/);
    assert.match(await page('/', 'ay'), /Estadon lurawinakapa, mä chiqana/);
    assert.match(await page('/', 'gn'), /Tetã rembiapokuéra, peteĩ tendápe/);
  });

  it('keeps the choice a year in a cookie, so the next visit without ?lang is in Quechua', async () => {
    const chosen = await bo.app.inject({ url: '/accesibilidad?lang=qu' });
    const cookie = [chosen.headers['set-cookie']].flat().find((c) => c?.startsWith('tambo_lang=qu'));
    assert.ok(cookie, 'the language cookie is set');
    assert.match(cookie, /Max-Age=31536000/);
    const next = await bo.app.inject({ url: '/', headers: { cookie: 'tambo_lang=qu', 'accept-language': 'en' } });
    assert.match(next.body, /<html lang="qu">/);
    const guarani = await bo.app.inject({ url: '/', headers: { 'accept-language': 'gn, es;q=0.5' } });
    assert.match(guarani.body, /<html lang="gn">/);
  });

  it('writes dates with the Quechua month names from the catalog, on the Spanish pattern', async () => {
    await bo.app.tambo.seed();
    await createOnlineProcedure(bo.app.tambo.deps.db, { slug: 'certificado-idiomas', agencyCode: 'SEGIP' });
    await sql`UPDATE catalog.procedure_version SET published_at = '2026-12-06T14:20:00Z' WHERE name = 'Certificado de prueba certificado-idiomas'`.execute(bo.app.tambo.deps.db);
    const qu = await bo.app.inject({ url: '/tramites/certificado-idiomas?lang=qu' });
    assert.equal(qu.statusCode, 200);
    assert.match(qu.body, /6 de qhapaq raymi de 2026/);
    assert.doesNotMatch(qu.body, /December|diciembre/);
    const es = await bo.app.inject({ url: '/tramites/certificado-idiomas?lang=es' });
    assert.match(es.body, /6 de diciembre de 2026/);
  });

  it('/accesibilidad shows how complete each language is; the missing keys are counted', async () => {
    const { catalogs } = bo.app.tambo.deps;
    const html = (await bo.app.inject({ url: '/accesibilidad?lang=es' })).body;
    const missing = catalogs.es.size - [...(catalogs.qu?.keys() ?? [])].filter((key) => catalogs.es.has(key)).length;
    assert.ok(missing > 0);
    const item = new RegExp(`<span lang="qu">Runasimi</span>: \\d+(,\\d+)?\\s?% traducido \\(${new Intl.NumberFormat('es-BO').format(missing)} textos en español\\)`);
    assert.match(html, item);
    assert.match(html, /<span lang="gn">Avañeʼẽ<\/span>/);
  });

  it('Venezuela offers only Spanish and English; a Quechua choice is ignored', async () => {
    const html = (await ve.app.inject({ url: '/?lang=qu' })).body;
    assert.match(html, /<html lang="es">/);
    const languages = [...switchOf(html).matchAll(/<(?:a|span)[^>]*>([^<]+)</g)].map((m) => m[1]);
    assert.deepEqual(languages, ['Español', 'English']);
    assert.doesNotMatch((await ve.app.inject({ url: '/accesibilidad' })).body, /Runasimi/);
  });

  it('the sign-in form of Ciudadanía Digital follows the chosen language (Quechua draft, Spanish for the rest)', async () => {
    const served = await listenTestApp();
    try {
      const browser = new HttpSession();
      await browser.follow(`${served.baseUrl}/?lang=qu`);
      const { response } = await browser.follow(`${served.baseUrl}/ingresar`);
      const html = await response.text();
      assert.match(html, /<html lang="qu">/);
      assert.match(html, /<title>Yaykuy · Tambo<\/title>/);
      assert.match(html, /name="password"/);
      assert.match(html, /Pakasqa simi/);
      assert.match(html, /Correo electrónico o número de documento/);
    } finally {
      await served.close();
    }
  });
});

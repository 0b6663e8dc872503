// The languages of the people, in Chromium with JavaScript off on a 360 px screen: a citizen
// applies for a procedure of the demo catalog and files a report, in Quechua, end to end. On
// every page of both journeys, each text shown (text nodes, the title, accessible names) must
// differ from what the same page says in Spanish — the same request, answered again with the
// language cookie set to Spanish — except an allow-list of proper nouns, numbers and codes, and
// what the citizen typed. The procedure's and the category's own texts are data in Quechua.
// axe finds nothing on any page. LIST_SPANISH=1 lists the Spanish left on every page (axe skipped).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page, Request } from 'playwright-core';
import type { TestApp } from '../test/helpers/app.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, signInOnPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };

before(async () => {
  server = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

// Proper nouns (the country, institutions, offices, laws, the demo citizen and her document),
// names of languages, and what is the same in every language.
const ALLOWED = new Set([
  'Tambo',
  'Bolivia',
  'Servicio de Registro Cívico (SERECI)',
  'SERECI La Paz',
  'Empresa Pública Social de Agua y Saneamiento',
  'El Alto',
  'Av. Sánchez Lima N.º 2482, Sopocachi, La Paz',
  'Ley N.º 018 del Órgano Electoral Plurinacional',
  'Reglamento de Registro Civil',
  'María Quispe Mamani',
  'CI 4567891 LP',
  'ciudadana@demo.tambo',
  'Español',
  'Runasimi',
  'Aymar aru',
  'Avañeʼẽ',
  'English',
  'AGPL-3.0',
  'Ciudadanía Digital',
  'SERECI',
  'Bs',
]);
// Still in Spanish, and known: none left (office hours are data written from the catalogs).
// A gap added here must name why; each one removed must then stay translated.
const KNOWN_GAPS = new Set<string>([]);
const NEUTRAL = /^[\p{N}\p{P}\p{S}\s]*$/u;
const CODES = /^(TR-[A-Z0-9]{4}-[A-Z0-9]{4}|R-\d+|[A-Z]{2,}(-[A-Z0-9]+)*|\+?\d[\d\s]*|Bs [\d.,]+)$/;

/** What a page says: its text nodes (hidden ones aside), its title and its accessible names. */
async function textsOf(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('script, style, noscript, template, [hidden]')) continue;
      // Names of places (proper nouns) in the territory list.
      if (parent.matches('select[name="territorio"] option:not([value=""])')) continue;
      out.push(node.textContent ?? '');
    }
    for (const element of document.body.querySelectorAll('[aria-label], [alt], [placeholder], [title]')) {
      for (const name of ['aria-label', 'alt', 'placeholder', 'title']) out.push(element.getAttribute(name) ?? '');
    }
    return out.map((text) => text.replace(/\s+/g, ' ').trim()).filter((text) => text !== '');
  });
}

/** The same request as the page's last document, answered in Spanish (the language cookie set to es). */
async function spanishTwin(browser: Browser, page: Page, request: Request): Promise<string[]> {
  const cookies = (await page.context().cookies(request.url()))
    .filter((c) => c.name !== 'tambo_lang')
    .map((c) => `${c.name}=${c.value}`)
    .concat('tambo_lang=es')
    .join('; ');
  const headers: Record<string, string> = { cookie: cookies, 'accept-language': 'es' };
  const type = (await request.allHeaders())['content-type'];
  if (type) headers['content-type'] = type;
  const response = await fetch(request.url(), { method: request.method(), headers, body: ((buffer) => (buffer ? new Uint8Array(buffer) : undefined))(request.postDataBuffer()), redirect: 'follow' });
  const html = await response.text();
  assert.match(html, /<html lang="es">/, `the Spanish twin of ${request.url()} is in Spanish`);
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const twin = await context.newPage();
    await twin.setContent(html, { waitUntil: 'domcontentloaded' });
    return await textsOf(twin);
  } finally {
    await context.close();
  }
}

/** Tracks the last document each page loaded (the end of a redirect chain). */
function documentsOf(page: Page): { last(): Request } {
  let last: Request | undefined;
  page.on('requestfinished', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) last = request;
  });
  return {
    last: () => {
      assert.ok(last, 'the page loaded a document');
      return last;
    },
  };
}

const spanishLeft: string[] = [];

/** The page is in Quechua, says nothing it says in Spanish (allow-list aside), and axe is clean at 360 px. */
async function expectQuechua(browser: Browser, page: Page, documents: { last(): Request }, where: string, typed: string[] = []): Promise<void> {
  assert.equal(await page.getAttribute('html', 'lang'), 'qu', `${where} is in Quechua`);
  const quechua = await textsOf(page);
  const spanish = new Set(await spanishTwin(browser, page, documents.last()));
  const same = [...new Set(quechua.filter((text) => spanish.has(text) && !NEUTRAL.test(text) && !CODES.test(text) && !ALLOWED.has(text) && !KNOWN_GAPS.has(text) && !typed.includes(text)))];
  if (same.length > 0) spanishLeft.push(`${where}:\n  ${same.join('\n  ')}`);
  if (process.env.LIST_SPANISH) return;
  await expectAccessibleAt360(page, `${where} (qu)`);
}

it('a citizen applies for a procedure and files a report in Quechua, with no Spanish left on the way', { timeout: 420_000 }, async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  // The language chosen once (the switch's link) lasts: no address below carries it.
  const { page, close } = await openPage(browser, `${server.baseUrl}/?lang=qu`, { javaScriptEnabled: false });
  const documents = documentsOf(page);
  await page.goto(`${server.baseUrl}/tramites/certificado-de-nacimiento`, { waitUntil: 'load' });
  try {
    // The application journey.
    await expectQuechua(browser, page, documents, "the procedure's page");
    await page.locator('a[href="/solicitar/certificado-de-nacimiento"]').first().click();
    await page.waitForLoadState('load');
    await signInOnPage(page, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    // Her details come from her account: the form opens at the first question she must answer.
    assert.match(page.url(), /\/solicitar\/certificado-de-nacimiento\/titular$/);
    await expectQuechua(browser, page, documents, 'whose certificate');
    await page.locator('input[name="whose"][value="self"]').check();
    await page.locator('form button[type="submit"]').first().click();
    await page.waitForLoadState('load');
    await expectQuechua(browser, page, documents, 'the purpose');
    await page.locator('input[name="purpose"][value="work"]').check();
    await page.locator('form button[type="submit"]').first().click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /\/revisar$/);
    await expectQuechua(browser, page, documents, 'the answers to check');
    await page.locator('form button[type="submit"]').last().click();
    await page.waitForLoadState('load');
    const code = /TR-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(await page.locator('main').innerText())?.[0];
    assert.ok(code, 'the tracking code is shown');
    await expectQuechua(browser, page, documents, 'the receipt');

    // The report journey.
    await page.goto(`${server.baseUrl}/reportes/nuevo`, { waitUntil: 'load' });
    await expectQuechua(browser, page, documents, 'the categories');
    await page.locator('input[name="categoria"][value="agua"]').check();
    await page.locator('main form button[type="submit"]').first().click();
    await page.waitForLoadState('load');
    await expectQuechua(browser, page, documents, 'the report form');
    const description = 'Yaku mana chayamunchu kimsa p’unchaymanta.';
    await page.locator('textarea[name="descripcion"]').fill(description);
    await page.locator('input[name="respuesta.problema"][value="sin_servicio"]').check();
    await page.locator('main form button[type="submit"]').first().click();
    await page.waitForLoadState('load');
    await expectQuechua(browser, page, documents, 'the report to check', [description]);
    await page.locator('form[action="/reportes/nuevo/enviar"] button[type="submit"]').click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /\/reportes\/\d+\?enviado=1$/);
    await expectQuechua(browser, page, documents, 'the report sent', [description]);
  } finally {
    await close();
  }
  assert.deepEqual(spanishLeft, [], `Spanish shown on Quechua pages:\n${spanishLeft.join('\n')}`);
});

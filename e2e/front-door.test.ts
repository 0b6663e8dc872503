// The front door in Chromium. With JavaScript off on a 360 px screen: the home page's ways in
// (search across the portal, tracking, the offices by department, help, the questions per
// procedure, the accessibility statement), each page checked by axe and for sideways
// scrolling. With JavaScript on at 1280 px: the same pages, axe, and the weight budget: a
// first visit (empty cache) of each transfers under 60 KB in all (compressed HTML, CSS, JS).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, expectNoAxeViolations, openPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };

before(async () => {
  server = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', DEMO: 'true', COUNTRY: 'bo' } });
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

async function go(page: Page, action: Promise<unknown>): Promise<void> {
  await action;
  await page.waitForLoadState('load');
}

const BUDGET_BYTES = 60 * 1024;
const WIDE_AXE = new Set(['/', '/oficinas']);

it('a person finds their way from the front door with JavaScript off at 360 px', async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const opened = await openPage(browser, `${server.baseUrl}/`, { javaScriptEnabled: false });
  const page = opened.page;
  const main = page.getByRole('main');
  try {
    await expectAccessibleAt360(page, 'home');
    assert.match((await page.locator('meta[name="description"]').getAttribute('content')) ?? '', /Trámites, reportes/);

    await page.getByLabel('¿Qué necesita hacer?').fill('nacimiento');
    await go(page, page.getByRole('button', { name: 'Buscar' }).click());
    assert.equal(new URL(page.url()).pathname, '/buscar');
    await expectAccessibleAt360(page, 'search across the portal');
    await go(page, main.getByRole('link', { name: 'Certificado de nacimiento', exact: true }).click());
    assert.equal(await page.locator('h1').innerText(), 'Certificado de nacimiento');
    // The procedure names its office by code: a link to the directory.
    await go(page, main.getByRole('link', { name: 'SERECI La Paz' }).click());
    assert.equal(new URL(page.url()).pathname, '/oficinas');
    assert.equal(new URL(page.url()).hash, '#oficina-SERECI-LPZ');
    await expectAccessibleAt360(page, 'offices');
    await page.getByLabel('Departamento o estado').selectOption('BO-C');
    await go(page, page.getByRole('button', { name: 'Mostrar' }).click());
    assert.equal(await page.locator('h1').innerText(), 'Oficinas de atención en Cochabamba');
    assert.deepEqual(await main.locator('h2').allInnerTexts(), ['Cochabamba']);

    await go(page, page.goto(`${server.baseUrl}/`));
    await go(page, main.getByRole('link', { name: 'Seguir un trámite' }).click());
    assert.equal(new URL(page.url()).pathname, '/seguimiento');

    await go(page, page.goto(`${server.baseUrl}/`));
    await go(page, main.getByRole('link', { name: 'Nacimiento de un hijo o hija' }).click());
    assert.equal(new URL(page.url()).searchParams.get('hecho'), 'birth');

    await go(page, page.goto(`${server.baseUrl}/`));
    await go(page, main.getByRole('link', { name: 'Ayuda y contacto' }).click());
    await go(page, main.getByRole('link', { name: 'Preguntas frecuentes' }).click());
    assert.match(await main.innerText(), /¿El certificado en línea vale igual/);
    await expectAccessibleAt360(page, 'frequently asked questions');
    await go(page, page.getByRole('navigation', { name: 'Ruta de navegación' }).getByRole('link', { name: 'Ayuda' }).click());
    await go(page, main.getByRole('link', { name: 'Contacto' }).click());
    await expectAccessibleAt360(page, 'contact');
    await go(page, page.getByRole('link', { name: 'Accesibilidad' }).click());
    assert.match(await main.innerText(), /Problemas conocidos/);
    assert.match(await main.innerText(), /se revisó el 6 de diciembre de 2026/);
    await expectAccessibleAt360(page, 'accessibility statement');
    assert.deepEqual(opened.consoleErrors, []);
  } finally {
    await opened.close();
  }
});

it('each front-door page transfers under 60 KB on a first visit, compressed, with JavaScript on at 1280 px (axe on the home and offices)', async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const weights: string[] = [];
  for (const path of ['/', '/buscar?q=licencia', '/oficinas', '/ayuda', '/ayuda/contacto', '/ayuda/preguntas', '/accesibilidad', '/tramites', '/tramites/cedula-de-identidad', '/instituciones']) {
    // A fresh context: an empty cache, as on a first visit.
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 }, locale: 'es-BO' });
    const page = await context.newPage();
    const transfers: Array<Promise<number>> = [];
    page.on('requestfinished', (request) => {
      transfers.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
    });
    try {
      const response = await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'load' });
      assert.equal(response?.status(), 200, path);
      assert.equal(await response?.headerValue('content-encoding'), 'br', `${path} is compressed`);
      await page.waitForLoadState('networkidle');
      const total = (await Promise.all(transfers)).reduce((a, b) => a + b, 0);
      weights.push(`${path}: ${total} B`);
      assert.ok(total < BUDGET_BYTES, `${path} transferred ${total} bytes (budget ${BUDGET_BYTES})`);
      // axe at 1280 px on the pages whose layout changes most with the width (all were checked at 360 px above).
      if (WIDE_AXE.has(path)) await expectNoAxeViolations(page, `${path} at 1280 px`);
    } finally {
      await context.close();
    }
  }
  t.diagnostic(weights.join('; '));
});

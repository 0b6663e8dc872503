// The public pages in Chromium, with JavaScript on and off, on a 360 × 740 screen: axe finds
// no WCAG 2.2 AA violation, nothing scrolls sideways, the language is declared, the skip link
// and the language switch work, the console stays clean (CSP violations land there), and the
// home page stays light.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemoBoundaries } from '../src/modules/territories/boundary.seed.ts';
import { seedTerritories } from '../src/modules/territories/territory.service.ts';
import { waitFor } from '../test/helpers/wait-for.ts';
import { activeElementId, browserOrSkip, closeSharedBrowser, expectNoAxeViolations, openPage, scrollWidth, startServer, type RunningServer } from './helpers/browser.ts';

let server: RunningServer | undefined;
before(async () => {
  server = await startServer();
  // The territory pages show the demo tree, boundaries and layer.
  await seedTerritories(server.testApp.app.tambo.deps);
  await seedDemoBoundaries(server.testApp.app.tambo.deps);
});
after(async () => {
  await closeSharedBrowser();
  await server?.close();
});

function url(path: string): string {
  assert.ok(server, 'the server did not start');
  return `${server.baseUrl}${path}`;
}

interface Target {
  name: string;
  path: string;
  lang: 'es' | 'en';
  status?: number;
  /** The h1 is a proper name (a territory's), the same in both languages. */
  properName?: boolean;
}

const PAGES: Target[] = [
  { name: 'home', path: '/', lang: 'es' },
  { name: 'accessibility statement', path: '/accesibilidad', lang: 'es' },
  { name: 'source code', path: '/codigo-fuente', lang: 'es' },
  { name: 'component gallery', path: '/componentes', lang: 'es' },
  { name: 'not found page', path: '/no-existe-esta-pagina', lang: 'es', status: 404 },
  { name: 'home in English', path: '/?lang=en', lang: 'en' },
  { name: 'component gallery in English', path: '/componentes?lang=en', lang: 'en' },
  { name: 'territories', path: '/territorios', lang: 'es' },
  { name: 'a territory with its map', path: '/territorios/BO-L-01', lang: 'es', properName: true },
  { name: 'a layer with its map, in English', path: '/territorios/capas/redes-de-salud?lang=en', lang: 'en' },
];

const VIEWPORT = { width: 360, height: 740 };

// Each page opens once per language setting: its three checks, as subtests, run on that one
// page in turn. The first only reads the page; the skip link then moves focus; the language
// switch comes last, as it leaves the page.
for (const javaScriptEnabled of [true, false]) {
  describe(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    for (const target of PAGES) {
      it(`${target.name} (${target.path})`, async (t) => {
        const browser = await browserOrSkip(t);
        if (!browser) return;
        const opened = await openPage(browser, url(target.path), { javaScriptEnabled, viewport: VIEWPORT, status: target.status });
        try {
          const { page } = opened;
          await t.test(`no axe violations, fits 360 px, lang="${target.lang}", clean console`, async () => {
            assert.equal(opened.response?.status(), target.status ?? 200, 'document status');
            assert.equal(await page.getAttribute('html', 'lang'), target.lang, 'html lang attribute');
            assert.equal(await page.locator('h1').count(), 1, 'exactly one h1');
            await expectNoAxeViolations(page, `${target.path} (JavaScript ${javaScriptEnabled ? 'on' : 'off'}, 360 px)`);
            const width = await scrollWidth(page);
            assert.ok(width <= VIEWPORT.width, `the page scrolls sideways at 360 px: scrollWidth is ${width}`);
            assert.deepEqual(opened.consoleErrors, [], 'console errors (CSP violations included)');
          });

          await t.test('Tab then Enter on the skip link moves focus to main', async () => {
            assert.equal(await activeElementId(page), '', 'nothing has focus yet');
            await page.keyboard.press('Tab');
            const focused = await page.evaluate(() => ({ className: document.activeElement?.className ?? '', href: document.activeElement?.getAttribute('href') ?? '' }));
            assert.equal(focused.className, 'skip-link', 'the first Tab reaches the skip link');
            assert.equal(focused.href, '#contenido');
            assert.ok(await page.locator('.skip-link').isVisible(), 'the focused skip link is visible');
            await page.keyboard.press('Enter');
            await waitFor(async () => (await activeElementId(page)) === 'contenido', { what: 'focus on #contenido' });
            assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'MAIN');
            assert.deepEqual(opened.consoleErrors, []);
          });

          await t.test('the language switch changes the language and the heading', async () => {
            const other = target.lang === 'es' ? 'en' : 'es';
            const headingBefore = (await page.locator('h1').innerText()).trim();
            const link = page.locator(`.lang-switch a[hreflang="${other}"]`);
            assert.equal(await link.count(), 1, `one link to switch to ${other}`);
            await Promise.all([page.waitForURL((address) => address.searchParams.get('lang') === other), link.click()]);
            assert.equal(await page.getAttribute('html', 'lang'), other, 'html lang after switching');
            const headingAfter = (await page.locator('h1').innerText()).trim();
            if (!target.properName) assert.notEqual(headingAfter, headingBefore, 'the h1 is translated');
            assert.ok(headingAfter.length > 0);
            // The current language is marked, and not a link.
            assert.equal(await page.locator(`.lang-switch [aria-current="true"]`).innerText(), other === 'en' ? 'English' : 'Español');
            assert.deepEqual(opened.consoleErrors, []);
          });
        } finally {
          await opened.close();
        }
      });
    }
  });
}

it('the home page weighs under 60 KB (HTML + CSS + JS), all from our own origin', async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'es-BO' });
  try {
    const page = await context.newPage();
    const sizes: Array<Promise<{ url: string; type: string; bytes: number }>> = [];
    page.on('response', (response) => {
      sizes.push(
        response
          .body()
          .then((body) => ({ url: response.url(), type: response.headers()['content-type'] ?? '', bytes: body.length }))
          .catch(() => ({ url: response.url(), type: 'redirect', bytes: 0 })),
      );
    });
    await page.goto(url('/'), { waitUntil: 'networkidle' });
    const responses = await Promise.all(sizes);
    const foreign = responses.filter((response) => !response.url.startsWith(server!.baseUrl));
    assert.deepEqual(foreign, [], 'every resource comes from our own origin');
    const byKind = (pattern: RegExp) => responses.filter((response) => pattern.test(response.type)).reduce((sum, response) => sum + response.bytes, 0);
    const html = byKind(/text\/html/);
    const css = byKind(/text\/css/);
    const js = byKind(/javascript/);
    const total = responses.reduce((sum, response) => sum + response.bytes, 0);
    t.diagnostic(`home page: HTML ${html} B, CSS ${css} B, JS ${js} B; all ${responses.length} responses ${total} B`);
    assert.ok(html > 0 && css > 0 && js > 0, 'HTML, CSS and JS were all loaded');
    assert.ok(total < 60 * 1024, `the home page weighs ${total} bytes, over 60 KB`);
  } finally {
    await context.close();
  }
});

// The developer portal in Chromium with JavaScript off, on a 360 px screen, in Spanish and in
// English: the sandbox credentials of demo mode, every command in a region reachable by
// keyboard that scrolls on its own (the page never scrolls sideways), and axe finds nothing.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage } from './helpers/browser.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';

let server: TestApp & { baseUrl: string };

before(async () => {
  server = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', DEMO: 'true' } });
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

it('/desarrolladores reads at 360 px without JavaScript, in Spanish and English', async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  for (const [path, heading, token] of [
    ['/desarrolladores', 'Desarrolladores', 'Obtenga un token'],
    ['/desarrolladores?lang=en', 'Developers', 'Get a token'],
  ] as const) {
    const opened = await openPage(browser, `${server.baseUrl}${path}`, { javaScriptEnabled: false });
    try {
      const { page } = opened;
      assert.equal(opened.response?.status(), 200);
      assert.equal(await page.locator('h1').textContent(), heading);
      assert.ok((await page.getByText('demo-rp-secret').count()) > 0, 'the sandbox credentials in demo mode');
      const command = page.getByRole('region', { name: new RegExp(token) });
      assert.equal(await command.count(), 1);
      assert.match((await command.textContent()) ?? '', /grant_type=client_credentials/);
      await expectAccessibleAt360(page, path);
    } finally {
      await opened.context.close();
    }
  }
});

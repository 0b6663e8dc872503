// The administrator's Open311 keys page in Chromium, JavaScript on and off, at 360 px: sign
// in through Ciudadanía Digital, issue a key (shown once), revoke it; axe finds nothing on
// the list, the error summary and the page that shows the key.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage } from './helpers/browser.ts';

const PAGE = '/admin/open311';
let server: (TestApp & { baseUrl: string }) | undefined;

before(async () => {
  server = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await closeSharedBrowser();
  await server?.close();
});

async function checkPage(page: Page, where: string): Promise<void> {
  await expectAccessibleAt360(page, where);
  assert.equal(await page.locator('h1').count(), 1);
}

for (const javaScriptEnabled of [true, false]) {
  describe(`Open311 keys page, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    it('signs the administrator in, issues a key, shows it once, and revokes it', async (t) => {
      const browser = await browserOrSkip(t);
      if (!browser) return;
      const opened = await openPage(browser, `${server!.baseUrl}/ingresar?volver=${encodeURIComponent(PAGE)}`, { javaScriptEnabled });
      const { page } = opened;
      try {
        await page.getByLabel(/correo electrónico o número de documento/i).fill('admin@demo.tambo');
        await page.getByLabel(/contraseña/i).fill('Demo-2026-admin');
        await Promise.all([page.waitForURL(`**${PAGE}`), page.getByRole('button', { name: /ingresar/i }).click()]);
        assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Claves de Open311');
        await checkPage(page, 'keys list');

        await page.getByRole('button', { name: 'Emitir clave' }).click();
        await page.waitForLoadState('load');
        assert.match(await page.title(), /^Error:/);
        await checkPage(page, 'keys list with an error');

        const application = `Aplicación ${javaScriptEnabled ? 'con' : 'sin'} JavaScript`;
        await page.getByLabel('Nombre de la aplicación').fill(application);
        await page.getByRole('button', { name: 'Emitir clave' }).click();
        await page.waitForLoadState('load');
        const key = await page.locator('#clave-emitida').textContent();
        assert.match(key ?? '', /^o311_/);
        await checkPage(page, 'issued key');

        await Promise.all([page.waitForURL(`**${PAGE}`), page.getByRole('button', { name: `Revocar la clave de ${application}` }).click()]);
        assert.equal(await page.getByRole('button', { name: `Revocar la clave de ${application}` }).count(), 0, 'revoked');
        assert.equal(await page.locator('#clave-emitida').count(), 0, 'the key is not shown again');
        // The form sent empty answers 400 on purpose; Chromium logs that status, nothing else.
        assert.deepEqual(
          opened.consoleErrors.filter((line) => !line.includes('status of 400')),
          [],
        );
      } finally {
        await opened.close();
      }
    });
  });
}

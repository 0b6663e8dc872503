// The register of public entities and the goals per level of the State in Chromium with
// JavaScript off, on a 360 px screen: a person filters the institutions' directory by the
// autonomous territorial entities (a plain GET form), sees the indigenous autonomy and its
// level, and opens the Observatorio's goals per level from the plan page, where line 12's
// goal and the breakdown by level are tables. axe finds nothing on any page and nothing
// scrolls sideways. Only the seeds the journey reads run (territories, entities, catalog, plans).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { TestApp } from '../test/helpers/app.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { agenciesModule } from '../src/modules/agencies/index.ts';
import { catalogModule } from '../src/modules/catalog/index.ts';
import { observatoryModule } from '../src/modules/observatory/index.ts';
import { territoriesModule } from '../src/modules/territories/index.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press } from './helpers/browser.ts';

let t: (TestApp & { baseUrl: string }) | undefined;

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', COUNTRY: 'bo' } });
  for (const module of [territoriesModule, agenciesModule, catalogModule, observatoryModule]) await module.seed?.(t.app.tambo.deps);
});
after(async () => {
  await closeSharedBrowser();
  await t?.close();
});

it('a person finds the entities of a level and the goals per level of the State', async (context) => {
  const browser = await browserOrSkip(context);
  if (!browser || !t) return;
  const opened = await openPage(browser, `${t.baseUrl}/instituciones`, { javaScriptEnabled: false });
  try {
    const { page } = opened;
    await expectAccessibleAt360(page, 'the register of public entities');
    await page.getByLabel('Nivel').selectOption('territorial');
    await press(page, 'Mostrar');
    assert.match(page.url(), /nivel=territorial/);
    const charagua = page.locator('#institucion-GAIOC-CHARAGUA');
    assert.match((await charagua.textContent()) ?? '', /Autonomía indígena originaria campesina/);
    assert.equal(await page.locator('#institucion-SEGIP').count(), 0, 'no central entity under the territorial filter');
    await expectAccessibleAt360(page, 'the register filtered by level');

    await page.goto(`${t.baseUrl}/observatorio`, { waitUntil: 'load' });
    await page.getByRole('link', { name: 'Metas por nivel del Estado' }).click();
    await page.waitForLoadState('load');
    assert.equal(await page.locator('h1').textContent(), 'Metas por nivel del Estado');
    const goals = page.getByRole('table', { name: /Metas por nivel del Estado en/ });
    assert.match((await goals.textContent()) ?? '', /Entidades territoriales autónomas con trámites en línea \(línea 12\)/);
    const byLevel = page.getByRole('table', { name: /Entidades por nivel en/ });
    assert.match((await byLevel.textContent()) ?? '', /Autonomía indígena originaria campesina/);
    await expectAccessibleAt360(page, 'the goals per level of the State');
    assert.deepEqual(opened.consoleErrors, []);
  } finally {
    await opened.close();
  }
});

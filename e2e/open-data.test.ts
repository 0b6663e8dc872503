// A journalist, with JavaScript off on a 360 px screen, finds a dataset by keyword on /datos,
// opens it, reads the preview (first rows, column types) and the chart's table, and downloads
// the CSV; axe checks both pages.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, it } from 'node:test';
import type { TestApp } from '../test/helpers/app.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };

before(async () => {
  server = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  for (const module of server.app.tambo.modules) {
    if (['territories', 'agencies', 'open_data'].includes(module.name)) await module.seed?.(server.app.tambo.deps);
  }
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

it('finds a dataset by keyword, previews it and downloads it, with JavaScript off', async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  const opened = await openPage(browser, `${server.baseUrl}/datos`, { javaScriptEnabled: false });
  try {
    const page = opened.page;
    await expectAccessibleAt360(page, '/datos');
    await page.getByLabel('Buscar conjuntos de datos').fill('feriados');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.waitForLoadState('load');
    assert.match(await page.getByRole('heading', { level: 2, name: /conjunto de datos/ }).innerText(), /^1 conjunto de datos$/);
    await page.getByRole('link', { name: 'Feriados nacionales' }).click();
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).pathname, '/datos/feriados-nacionales');
    await expectAccessibleAt360(page, '/datos/feriados-nacionales');
    const preview = page.getByRole('region', { name: /Primeras 10 filas/ });
    assert.match(await preview.innerText(), /Fecha \(fecha\)/);
    assert.match(await preview.innerText(), /Año Nuevo/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^Descargar Feriados nacionales/ }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    assert.match(csv, /^fecha,nombre,nombre_en,dia_semana\r\n2024-01-01,Año Nuevo,/);
    assert.equal(download.suggestedFilename(), 'feriados-nacionales-1.csv');
    assert.deepEqual(opened.consoleErrors, []);
  } finally {
    await opened.close();
  }
});

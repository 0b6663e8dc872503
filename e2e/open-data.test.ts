// A journalist, with JavaScript off on a 360 px screen, finds a dataset by keyword on /datos,
// opens it, reads the preview (first rows, column types) and the chart's table, and downloads
// the CSV; axe checks both pages. A publisher, the same way, uploads a broken CSV and sees the
// row and column of each problem with the form kept, then a good one: the report, and Publicar
// leads to the published dataset; axe checks each page.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, it } from 'node:test';
import type { TestApp } from '../test/helpers/app.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };
/** The seeded demo (its publisher account), for the upload. */
let demo: (TestApp & { baseUrl: string }) | undefined;

before(async () => {
  server = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  for (const module of server.app.tambo.modules) {
    if (['territories', 'agencies', 'open_data'].includes(module.name)) await module.seed?.(server.app.tambo.deps);
  }
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
  await demo?.close();
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

it('a publisher uploads a CSV: a broken one shows each problem with the form kept, a good one its report, then it is published', async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  demo = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  const opened = await openPage(browser, `${demo.baseUrl}/gestion/datos/subir`, { javaScriptEnabled: false });
  try {
    const page = opened.page;
    await signInOnPage(page, 'publicador@demo.tambo', 'Demo-2026-publicador');
    assert.equal(new URL(page.url()).pathname, '/gestion/datos/subir');
    await expectAccessibleAt360(page, 'the upload form');
    await page.getByLabel('Institución que publica').selectOption('SEGIP');
    await page.getByLabel('Título del conjunto de datos').fill('Oficinas de atención en el navegador');
    await page.getByLabel('Descripción').fill('Oficinas abiertas al público, por departamento.');
    await page.getByLabel('Licencia').selectOption('cc-by');
    await page.getByLabel('Correo de contacto').fill('datos@segip.gob.bo');
    const file = (csv: string) => ({ name: 'oficinas.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByLabel('Archivo CSV').setInputFiles(file('departamento,oficinas,apertura\nLa Paz,12,2020-01-01\nOruro,4\nPotosí,muchas,2021-02-03\nBeni,7,2022-05-06\n'));
    await press(page, 'Revisar el archivo');
    const summary = await page.locator('.error-summary, [role="alert"]').first().innerText();
    assert.match(summary, /Fila 3, columna 3: la fila tiene 2 columnas y el encabezado 3/);
    assert.match(summary, /Fila 4, columna 2: «muchas» no es del tipo de la columna \(int\)/);
    const problems = page.getByRole('table', { name: /2 problemas del archivo/ });
    assert.match(await problems.innerText(), /muchas/);
    assert.equal(await page.getByLabel('Título del conjunto de datos').inputValue(), 'Oficinas de atención en el navegador', 'the title typed is kept');
    assert.equal(await page.getByLabel('Correo de contacto').inputValue(), 'datos@segip.gob.bo');
    await expectAccessibleAt360(page, 'the refused upload');
    // The summary's link leads to the file field.
    await page.locator('.error-summary a, [role="alert"] a').first().click();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name') ?? location.hash), 'archivo');

    await page.getByLabel('Archivo CSV').setInputFiles(file('Departamento;Oficinas;Apertura\nLa Paz;12;2020-01-01\nOruro;4;2021-03-04\nPotosí;5;2019-07-08\n'));
    await press(page, 'Revisar el archivo');
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Revisión del archivo');
    const columns = await page.getByRole('table', { name: /Columnas y tipos/ }).innerText();
    assert.match(columns, /Oficinas\s+entero/);
    assert.match(columns, /Apertura\s+fecha/);
    assert.match(await page.getByRole('main').innerText(), /punto y coma/);
    await expectAccessibleAt360(page, 'the upload report');
    await press(page, 'Publicar');
    assert.match(new URL(page.url()).pathname, /^\/datos\/oficinas-de-atencion-en-el-navegador-[0-9a-f]{8}$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Oficinas de atención en el navegador');
    assert.match(await page.getByRole('region', { name: /Primeras/ }).innerText(), /Potosí/);
    await expectAccessibleAt360(page, 'the published dataset');
    // The refused upload answers 400 (as a form with errors should): Chrome logs that status, nothing else.
    assert.deepEqual(
      opened.consoleErrors.filter((line) => !/status of 400 .*\/gestion\/datos\/subir\)$/.test(line)),
      [],
    );
  } finally {
    await opened.close();
  }
});

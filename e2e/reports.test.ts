// The 1x10 journey in Chromium with JavaScript off on a 360 px screen: a person reports a
// complaint with a photo and a location, is shown a possible duplicate nearby, sends anyway;
// the agency's official replies and resolves; the person contests and the report reopens;
// the public page shows the whole timeline and no personal data. axe on every page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createReport } from '../src/modules/reports/index.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { browserOrSkip, closeSharedBrowser, expectNoAxeViolations, openPage } from './helpers/browser.ts';

// Sign-in goes through the provider, whose redirects use PUBLIC_URL: listen where PUBLIC_URL says.
let server: { baseUrl: string; testApp: TestApp; close(): Promise<void> };
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005000201a5d1e1d50000000049454e44ae426082', 'hex');

before(async () => {
  const t = await listenTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  server = { baseUrl: t.baseUrl, testApp: t, close: () => t.close() };
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

/** A JavaScript-off page at `back`, signed in over HTTP first (this journey is not about signing in). */
async function signIn(browser: Browser, login: string, password: string, back: string): Promise<Page> {
  const opened = await openPage(browser, `${server.baseUrl}${back}`, { javaScriptEnabled: false, signIn: { login, password } });
  assert.equal(new URL(opened.page.url()).pathname, back.split('?')[0], `${login} is signed in at ${back}`);
  return opened.page;
}

const timelineTexts = (page: Page) => page.locator('ol.timeline li').allInnerTexts();

describe('reports journey (JavaScript off)', () => {
  it('reports with a photo, sees a duplicate, the agency resolves, the person contests, the public sees it all', async (t) => {
    const browser = await browserOrSkip(t);
    if (!browser) return;
    const deps = server.testApp.app.tambo.deps;
    // Someone else already complained about the same office, a few metres away.
    const { report: earlier } = await createReport(
      deps,
      {
        categoryCode: 'mala_atencion',
        description: 'Cobran por los formularios en la oficina',
        subjectAgencyCode: 'SEGIP',
        territoryCode: 'BO-L-01-01',
        lat: -16.50001,
        lon: -68.13001,
      },
      { actor: { type: 'person', id: '0190aaaa-0000-7000-8000-000000000001' } },
    );

    // 1. The citizen reports.
    const citizen = await signIn(browser, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana', '/reportes/nuevo');
    await expectNoAxeViolations(citizen);
    await citizen.getByLabel('Mala atención en una institución').check();
    await citizen.getByRole('button', { name: 'Continuar' }).click();
    await citizen.getByRole('heading', { name: 'Describa el problema' }).waitFor();
    // Nothing filled in: the error summary lists the problems, the page keeps its form.
    await citizen.getByRole('button', { name: 'Continuar' }).click();
    assert.match(await citizen.title(), /^Error:/);
    assert.ok(await citizen.getByRole('link', { name: 'Describa el problema' }).isVisible());
    await expectNoAxeViolations(citizen);
    await citizen.getByLabel('Institución de la que se queja').selectOption('SEGIP');
    await citizen.getByLabel('Descripción', { exact: true }).fill('Me hicieron volver tres veces por el mismo trámite de cédula.');
    await citizen.getByLabel('Oficina o ventanilla (opcional)').fill('Ventanilla 4');
    await citizen.getByLabel('Territorio (opcional)').selectOption('BO-L-01-01');
    await citizen.getByLabel('Dirección o referencia (opcional)').fill('Oficina central, calle Comercio');
    await citizen.getByLabel('Latitud (opcional)').fill('-16.50003');
    await citizen.getByLabel('Longitud (opcional)').fill('-68.13003');
    await citizen.getByRole('button', { name: 'Continuar' }).click();
    await citizen.getByRole('heading', { name: 'Quizás ya se reportó' }).waitFor();
    assert.ok(await citizen.getByRole('link', { name: earlier.code }).isVisible(), 'the earlier report is offered as a duplicate');
    assert.ok(await citizen.getByRole('button', { name: `Yo también: apoyar ${earlier.code}` }).isVisible());
    await expectNoAxeViolations(citizen);
    await citizen.getByLabel('Fotos (opcional)').setInputFiles({ name: 'ventanilla.png', mimeType: 'image/png', buffer: PNG });
    await citizen.getByRole('button', { name: 'No es el mismo: enviar mi reporte' }).click();
    await citizen.waitForURL(/\/reportes\/\d+\?enviado=1$/);
    const reportPath = new URL(citizen.url()).pathname;
    const code = `R-${reportPath.split('/').pop()}`;
    assert.ok(await citizen.getByRole('heading', { name: `Reporte ${code} enviado` }).isVisible());
    assert.ok(await citizen.getByRole('img', { name: 'Foto 1 del reporte' }).isVisible());
    assert.match((await timelineTexts(citizen)).join('\n'), /Enviado a Servicio General de Identificación Personal/);
    await expectNoAxeViolations(citizen);

    // 2. The SEGIP official replies and resolves.
    const official = await signIn(browser, 'funcionario@demo.tambo', 'Demo-2026-funcionario', reportPath);
    await official.getByRole('button', { name: 'Aceptar el reporte' }).click();
    await official.getByLabel('Respuesta pública').fill('Revisamos el caso: el trámite quedó listo y habilitamos una fila preferente.');
    await official.getByRole('button', { name: 'Publicar la respuesta' }).click();
    await official.getByLabel('Resuelto').check();
    await official.getByRole('button', { name: 'Cambiar el estado' }).click();
    await official.waitForURL((url) => url.pathname === reportPath);
    assert.match((await timelineTexts(official)).join('\n'), /Estado: Resuelto/);
    await expectNoAxeViolations(official);

    // 3. The citizen contests: the report reopens.
    await citizen.goto(`${server.baseUrl}${reportPath}`);
    await citizen.getByLabel('Cuéntenos qué sigue mal').fill('La fila preferente no existe: hoy me volvieron a rechazar.');
    await citizen.getByRole('button', { name: 'Objetar la solución' }).click();
    await citizen.waitForURL((url) => url.pathname === reportPath);
    assert.ok(await citizen.locator('.summary-list').getByText('En atención').isVisible());

    // 4. The public page: the whole timeline, no personal data.
    const visitor = await openPage(browser, `${server.baseUrl}${reportPath}`, { javaScriptEnabled: false });
    const timeline = (await timelineTexts(visitor.page)).join('\n');
    for (const step of [
      'Reporte recibido',
      'Enviado a Servicio General',
      'aceptó el reporte',
      'Respuesta de Servicio General',
      'fila preferente',
      'Estado: Resuelto',
      'objetó la solución',
      'me volvieron a rechazar',
    ]) {
      assert.ok(timeline.includes(step), `the public timeline shows "${step}"`);
    }
    const html = await visitor.page.content();
    for (const personal of ['María', 'Quispe', 'ciudadana@demo.tambo', '4567891', '+59171234567', 'Jorge', 'Choque', 'funcionario@demo.tambo']) {
      assert.ok(!html.includes(personal), `the public page does not show ${personal}`);
    }
    assert.equal(await visitor.page.getByRole('heading', { name: 'Gestión de la institución' }).count(), 0);
    await expectNoAxeViolations(visitor.page);
    const list = await openPage(browser, `${server.baseUrl}/reportes?territorio=BO-L-01-01`, { javaScriptEnabled: false });
    assert.ok(await list.page.getByRole('link', { name: code }).isVisible());
    await expectNoAxeViolations(list.page);
    await Promise.all([visitor.close(), list.close(), citizen.context().close(), official.context().close()]);
  });
});

// The two variants are independent (their own pages, nothing written but refused forms): they run at once.
describe('reports pages on a 360 px screen', { concurrency: true }, () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`list, statistics, form, alerts, queues, administration pass axe and do not scroll sideways (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async (t) => {
      const browser = await browserOrSkip(t);
      if (!browser) return;
      const paths = [
        '/reportes',
        '/reportes/categorias',
        '/reportes?territorio=BO-L&estado=received',
        '/reportes/estadisticas?territorio=BO-L',
        '/reportes/nuevo',
        '/reportes/nuevo?categoria=centro_salud',
      ];
      // Public pages, each in its own page, all at once.
      await Promise.all(
        paths.map(async (path) => {
          const opened = await openPage(browser, `${server.baseUrl}${path}`, { javaScriptEnabled });
          try {
            assert.equal(opened.response?.status(), 200, path);
            assert.ok((await opened.page.evaluate(() => document.documentElement.scrollWidth)) <= 360, `${path} scrolls sideways`);
            await expectNoAxeViolations(opened.page);
            assert.deepEqual(opened.consoleErrors, [], path);
          } finally {
            await opened.close();
          }
        }),
      );
      const admin = await signIn(browser, 'admin@demo.tambo', 'Demo-2026-admin', '/reportes/triaje');
      for (const path of ['/reportes', '/reportes/triaje', '/reportes/alertas', '/reportes/mis-reportes', '/reportes/integracion', '/admin/reportes', '/admin/reportes/categorias/agua']) {
        await admin.goto(`${server.baseUrl}${path}`);
        assert.ok((await admin.evaluate(() => document.documentElement.scrollWidth)) <= 360, `${path} scrolls sideways`);
        await expectNoAxeViolations(admin);
      }
      // The administration forms with their errors: summary, fields kept, still no sideways scroll.
      await admin.getByLabel('Plazo legal de respuesta (días hábiles)').fill('cinco');
      await admin.getByRole('button', { name: 'Guardar' }).click();
      assert.match(await admin.title(), /^Error:/);
      assert.equal(await admin.getByLabel('Plazo legal de respuesta (días hábiles)').inputValue(), 'cinco');
      assert.ok((await admin.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'category form with errors scrolls sideways');
      await expectNoAxeViolations(admin);
      await admin.goto(`${server.baseUrl}/admin/reportes`);
      await admin.getByLabel('Territorio (opcional)').fill('XX-NOWHERE');
      await admin.getByRole('button', { name: 'Agregar la regla' }).click();
      assert.match(await admin.title(), /^Error:/);
      assert.equal(await admin.getByLabel('Territorio (opcional)').inputValue(), 'XX-NOWHERE');
      assert.ok((await admin.evaluate(() => document.documentElement.scrollWidth)) <= 360, 'rule form with errors scrolls sideways');
      await expectNoAxeViolations(admin);
      await admin.context().close();
    });
  }
});

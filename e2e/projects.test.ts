// The contraloría social journey in Chromium with JavaScript off, on a 360 px screen (ve demo
// data): a person finds a commune's projects on the list and its map, reads a project's ledger,
// signs in and files an observation (first too short: the summary links to the field, the text is
// kept); the council's spokesperson answers it in public; the person comments on the draft norm
// open for comment. axe checks every page.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { listenTestApp } from '../test/helpers/listen.ts';
import type { TestApp } from '../test/helpers/app.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, press, signInOnPage } from './helpers/browser.ts';

let server: TestApp & { baseUrl: string };

before(async () => {
  server = await listenTestApp({ demo: true, env: { COUNTRY: 've', RATE_LIMIT_PER_MINUTE: '100000' } });
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

it('follow a commune’s projects and their money, file an observation and see it answered, with JavaScript off', { timeout: 300_000 }, async (t) => {
  const browser: Browser | undefined = await browserOrSkip(t);
  if (!browser) return;
  const db = server.app.tambo.deps.db;
  const official = (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'funcionario@demo.tambo'`.execute(db)).rows[0]!.id;
  await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${official}, 'VE-A-01-01-01', 'project_spokesperson')`.execute(db);
  const citizen = await openPage(browser, `${server.baseUrl}/proyectos`, { javaScriptEnabled: false });
  const spokesperson = await openPage(browser, `${server.baseUrl}/ingresar`, { javaScriptEnabled: false });
  try {
    const person = citizen.page;
    await person.getByLabel('Territorio').selectOption('VE-A-01-01-01');
    await press(person, 'Filtrar');
    assert.match(person.url(), /territorio=VE-A-01-01-01/);
    assert.equal(await person.locator('svg#mapa-proyectos').count(), 1, 'the map of projects');
    await expectAccessibleAt360(person, 'projects list');
    await person
      .getByRole('link', { name: /Bloque 7/ })
      .first()
      .click();
    await person.waitForLoadState('load');
    const project = person.url();
    const text = await person.locator('main').innerText();
    assert.match(text, /Banco de Venezuela VE-BV-0102-0001/);
    assert.match(text, /Total/);
    await expectAccessibleAt360(person, 'project page');

    await person.getByRole('link', { name: 'Ingrese para hacer una observación' }).click();
    await person.waitForLoadState('load');
    await signInOnPage(person, 'ciudadana@demo.tambo', 'Demo-2026-ciudadana');
    assert.equal(person.url(), project);
    await person.getByLabel('Su observación').fill('Corta');
    await press(person, 'Enviar la observación');
    await expectAccessibleAt360(person, 'observation with an error');
    assert.equal(await person.getByLabel('Su observación').inputValue(), 'Corta', 'the text is kept');
    await person.getByRole('link', { name: /Escriba su observación/ }).click();
    await person.getByLabel('Su observación').fill('Faltan dos válvulas de paso que aparecen en la factura.');
    await press(person, 'Enviar la observación');
    assert.match(await person.locator('main').innerText(), /Su observación fue publicada/);

    const desk = spokesperson.page;
    await signInOnPage(desk, 'funcionario@demo.tambo', 'Demo-2026-funcionario');
    await desk.goto(project);
    await expectAccessibleAt360(desk, 'project page for its spokesperson');
    await desk.getByLabel('Respuesta pública').fill('Las válvulas llegan el lunes; la factura queda en la casa comunal.');
    await press(desk, 'Publicar la respuesta');
    assert.match(await desk.locator('main').innerText(), /Las válvulas llegan el lunes/);
    await person.reload();
    assert.match(await person.locator('main').innerText(), /Las válvulas llegan el lunes/);

    // The draft open for comment: its articles and the comment form, for the signed-in person.
    await person.goto(`${server.baseUrl}/normas`);
    await expectAccessibleAt360(person, 'norms list');
    await person
      .getByRole('link', { name: /borrador/ })
      .first()
      .click();
    await person.waitForLoadState('load');
    await person.getByLabel('Sobre', { exact: true }).selectOption('2');
    await person.getByLabel('Su comentario').fill('Que el plazo de publicación sea de quince días.');
    await press(person, 'Enviar el comentario');
    assert.match(await person.locator('main').innerText(), /Su comentario fue publicado/);
    await expectAccessibleAt360(person, 'norm consultation page');
  } finally {
    await citizen.context.close();
    await spokesperson.context.close();
  }
});

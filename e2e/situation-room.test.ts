// The room acts, in Chromium with JavaScript off on a 360 px screen (Venezuelan profile): an
// operator of Comuna Los Bloques finds the overdue CLAP delivery in the commune's room, sends
// the commune an instruction from it; the commune's spokesperson answers it; the room shows it
// answered, and so does the delivery's public timeline. The spokesperson also enters an action of
// the commune's Agenda Concreta de Acción (an error first) and reports its progress. axe on every
// page visited.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../test/helpers/app.ts';
import { HttpSession } from '../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../test/helpers/identity.ts';
import { listenTestApp } from '../test/helpers/listen.ts';
import { browserOrSkip, closeSharedBrowser, expectAccessibleAt360, openPage, type OpenedPage } from './helpers/browser.ts';

const COMMUNE = 'VE-A-01-01-01';
let server: TestApp & { baseUrl: string };
const sessions: Record<'operator' | 'spokesperson', HttpSession> = { operator: new HttpSession(), spokesperson: new HttpSession() };

before(async () => {
  server = await listenTestApp({ env: { COUNTRY: 've', RATE_LIMIT_PER_MINUTE: '100000' } });
  const { deps, modules } = server.app.tambo;
  for (const name of ['territories', 'situation_room']) await modules.find((m) => m.name === name)!.seed!(deps);
  const roles = { operator: 'room_operator', spokesperson: 'room_responder' } as const;
  for (const who of ['operator', 'spokesperson'] as const) {
    const documentNumber = newDocument();
    const email = `${who}-${documentNumber.replace(/\D/g, '')}@example.org`;
    await testAccount(deps, { documentNumber, givenName: who, familyName: 'Los Bloques', email, roles: [{ role: roles[who], territoryCode: COMMUNE }] });
    // Signed in over HTTP (the second factor enrolment staff go through is identity's journey); the browser takes the session.
    await signInPortal(server, sessions[who], email, TEST_ACCOUNT_PASSWORD);
  }
});
after(async () => {
  await closeSharedBrowser();
  await server.close();
});

async function as(browser: Browser, who: keyof typeof sessions, path: string): Promise<OpenedPage> {
  const opened = await openPage(browser, `${server.baseUrl}/`, { javaScriptEnabled: false });
  const url = new URL(server.baseUrl);
  await opened.context.addCookies([...sessions[who].cookies].map(([name, value]) => ({ name, value, domain: url.hostname, path: '/' })));
  await opened.page.goto(`${server.baseUrl}${path}`, { waitUntil: 'load' });
  return opened;
}

async function submit(page: Page, name: string | RegExp): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
  await page.waitForLoadState('load');
}

it('an operator instructs the commune from an overdue CLAP delivery; the commune answers; the room shows it answered', { timeout: 240_000 }, async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  const operator = await as(browser, 'operator', `/sala/${COMMUNE}`);
  let spokesperson: OpenedPage | undefined;
  try {
    const room = operator.page;
    await expectAccessibleAt360(room, 'the commune room');
    const clap = room.locator('section[aria-labelledby="clap"]');
    const overdue = clap.getByRole('row').filter({ hasText: 'Consejo Comunal Bloque 7' });
    assert.match(await overdue.innerText(), /Vencida/);
    await Promise.all([room.waitForLoadState('load'), overdue.getByRole('link', { name: 'Instruir a la comuna' }).click()]);
    await room.waitForLoadState('load');
    // The form comes filled in with the delivery and the commune.
    assert.equal(await room.getByLabel('Sobre qué').inputValue(), 'clap_delivery');
    assert.equal(await room.getByLabel('A quién').inputValue(), `territory:${COMMUNE}`);
    await room.getByLabel('Instrucción', { exact: true }).fill('Entregar las bolsas pendientes al Bloque 7 y reportar la entrega.');
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await room.getByLabel('Plazo').fill(due);
    await expectAccessibleAt360(room, 'the room with the instruction form');
    await submit(room, 'Enviar la instrucción');
    assert.match(new URL(room.url()).pathname, /^\/sala\/instrucciones\/[0-9a-f-]{36}$/);
    const instructionPath = new URL(room.url()).pathname;
    assert.match(await room.getByRole('main').innerText(), /Enviada/);
    await expectAccessibleAt360(room, 'the instruction, as sent');

    spokesperson = await as(browser, 'spokesperson', instructionPath);
    const answer = spokesperson.page;
    assert.match(await answer.getByRole('main').innerText(), /Recibida/);
    await expectAccessibleAt360(answer, 'the instruction, for the commune');
    await answer.getByLabel('Respuesta').fill('Se entregaron 180 bolsas el sábado; falta el reporte del distribuidor.');
    await submit(answer, 'Enviar la respuesta');
    assert.match(await answer.getByRole('main').innerText(), /Respondida/);

    await room.goto(`${server.baseUrl}/sala/${COMMUNE}`, { waitUntil: 'load' });
    const row = room.getByRole('row').filter({ hasText: 'Entrega CLAP' });
    assert.match(await row.innerText(), /Respondida/);
    await expectAccessibleAt360(room, 'the commune room, answered');
    // The delivery's public page shows it on its timeline.
    const delivery = await openPage(browser, `${server.baseUrl}${await clap.getByRole('link', { name: 'Consejo Comunal Bloque 7' }).getAttribute('href')}`, { javaScriptEnabled: false });
    try {
      assert.match(await delivery.page.getByRole('main').innerText(), /Instrucción a Comuna Los Bloques[^\n]*Respondida/);
      await expectAccessibleAt360(delivery.page, 'the delivery, public');
    } finally {
      await delivery.close();
    }
    // The operator schedules next cycle's delivery to Bloque 7 by form: an error first, the input kept.
    await Promise.all([room.waitForLoadState('load'), room.getByRole('link', { name: 'Programar una entrega CLAP' }).click()]);
    await room.waitForLoadState('load');
    await room.getByLabel('Consejo comunal').selectOption({ label: 'Consejo Comunal Bloque 7' });
    await room.getByLabel('Ciclo').fill('2031-13');
    await room.getByLabel('Fecha programada').fill('2031-01-20');
    await room.getByLabel('Familias previstas').fill('180');
    await submit(room, 'Programar la entrega');
    assert.match(await room.getByRole('alert').innerText(), /Escriba el ciclo como año-mes/);
    assert.equal(await room.getByLabel('Familias previstas').inputValue(), '180');
    await expectAccessibleAt360(room, 'the scheduling form, with an error');
    await room.getByLabel('Ciclo').fill('2031-01');
    await submit(room, 'Programar la entrega');
    assert.match(new URL(room.url()).pathname, /^\/sala\/clap\/[0-9a-f-]{36}$/);
    assert.match(await room.getByRole('main').innerText(), /2031-01/);
    // The form with errors answers 400, as bad input should; nothing else failed.
    assert.deepEqual(
      operator.consoleErrors.filter((e) => !/status of 400 .*\/clap\/programar/.test(e)),
      [],
    );
  } finally {
    await spokesperson?.close();
    await operator.close();
  }
});

it("the commune's spokesperson enters an ACA action by form (an error first) and reports its progress", { timeout: 120_000 }, async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  const opened = await as(browser, 'spokesperson', `/sala/${COMMUNE}`);
  try {
    const page = opened.page;
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Registrar una acción' }).first().click()]);
    await page.waitForLoadState('load');
    await page.getByLabel('Responsable', { exact: true }).fill('Comité de Salud');
    await submit(page, 'Registrar la acción');
    assert.match(await page.getByRole('alert').innerText(), /Escriba el título de la acción/);
    assert.equal(await page.getByLabel('Responsable', { exact: true }).inputValue(), 'Comité de Salud');
    await expectAccessibleAt360(page, 'the ACA form, with errors');
    await page.getByLabel('Título de la acción').fill('Jornada de vacunación casa por casa');
    await page.getByLabel('Fecha límite').fill(new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10));
    await submit(page, 'Registrar la acción');
    assert.match(new URL(page.url()).pathname, /^\/sala\/aca\/[0-9a-f-]{36}$/);
    await page.getByLabel('Porcentaje de avance').fill('30');
    await submit(page, 'Guardar el avance');
    assert.match(await page.getByRole('main').innerText(), /30 %[\s\S]*En ejecución|En ejecución[\s\S]*30 %/);
    await expectAccessibleAt360(page, 'the ACA action, with its progress');
    assert.deepEqual(
      opened.consoleErrors.filter((e) => !/status of 400 .*\/aca\/nueva/.test(e)),
      [],
    );
  } finally {
    await opened.close();
  }
});

// Fills and sends the test form of test/helpers/procedures.ts (`testForm`) in the browser, as a
// signed-in person on its first page: a date, a number of copies, the purpose; returns the
// tracking code the receipt shows.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { press } from './browser.ts';

export async function sendTestForm(person: Page, copies = '1'): Promise<string> {
  await person.getByLabel('Día').fill('28');
  await person.getByLabel('Mes').fill('2');
  await person.getByLabel('Año').fill('2020');
  await person.getByLabel('Copias').fill(copies);
  await press(person, 'Guardar y continuar');
  await person.getByLabel('Trabajo').check();
  await press(person, 'Guardar y continuar');
  await press(person, 'Aceptar y enviar');
  const code = /TR-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(await person.locator('main').innerText())?.[0];
  assert.ok(code, 'tracking code shown');
  return code;
}

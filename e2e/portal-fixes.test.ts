// Bugs people hit, in Chromium with JavaScript off on a 360 px screen, axe on every page:
// a correction answered with a comment and a document (the request says what to fix, the title
// says what happened); the report form's "Continuar" with no category and "Cambiar los datos";
// and the focus ring of 3px ink around a secondary button and a field (WCAG 2.4.13).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Page } from 'playwright-core';
import { CasesHarness } from '../src/modules/cases/cases.test-helpers.ts';
import { browserOrSkip, closeSharedBrowser, openPage, press, expectAccessibleAt360 } from './helpers/browser.ts';

const h = new CasesHarness();
before(h.start);
after(async () => {
  await closeSharedBrowser();
  await h.close();
});

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1500)]);

/** The focus ring of the focused element: outline width and colour, and the box shadow. */
const focusRing = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    return { width: style.outlineWidth, color: style.outlineColor, shadow: style.boxShadow };
  });

it('a correction is answered with a comment and a document; the report form keeps what was typed; focus rings of ink', async (t) => {
  const browser = await browserOrSkip(t);
  if (!browser) return;
  const code = await h.applyOnline();
  await h.take(code);
  await h.act(code, 'request_correction', 'Adjunte su certificado de estudios.');

  const opened = await openPage(browser, `${h.t.baseUrl}/ingresar?volver=${encodeURIComponent(`/mis-tramites/${code}`)}`, { javaScriptEnabled: false });
  const person = opened.page;
  try {
    await person.locator('input[name="login"]').fill('ciudadana@demo.tambo');
    await person.locator('input[name="password"]').fill('Demo-2026-ciudadana');
    await person.locator('form button[type="submit"]').first().click();
    await person.waitForURL((url) => url.pathname === `/mis-tramites/${code}`);
    await person.getByRole('link', { name: 'Corregir la solicitud' }).click();
    await person.waitForLoadState('load');
    assert.match(await person.locator('main').innerText(), /Lo que la institución le pide corregir\s+Adjunte su certificado de estudios\./);
    await expectAccessibleAt360(person, 'correction form');
    // Keyboard focus on a field: the yellow outline with an ink ring beyond it.
    await person.getByLabel('Comentario para la institución (opcional)').focus();
    const field = await focusRing(person);
    assert.equal(field.width, '3px');
    assert.match(field.shadow, /rgb\(11, 12, 12\) 0px 0px 0px 6px/);
    await person.getByLabel('Comentario para la institución (opcional)').fill('Adjunto el certificado que me pidieron.');
    await person.getByLabel('Documento 1 (opcional)').setInputFiles({ name: 'certificado.pdf', mimeType: 'application/pdf', buffer: PDF });
    await press(person, 'Enviar la corrección');
    assert.match(await person.title(), /^Corrección enviada · .*\(TR-/);
    const main = await person.locator('main').innerText();
    assert.match(main, /Adjunto el certificado que me pidieron\./);
    assert.match(main, /Documento: certificado\.pdf/);
    await expectAccessibleAt360(person, 'case page after the correction');

    // The report form: "Continuar" with no category is an error linked to the field.
    await person.goto(`${h.t.baseUrl}/reportes/nuevo`);
    await press(person, 'Continuar');
    assert.match(await person.title(), /^Error: /);
    assert.ok(await person.locator('.error-summary').getByRole('link', { name: 'Elija una categoría' }).isVisible());
    await expectAccessibleAt360(person, 'report category with an error');
    await person.getByLabel('Alumbrado público').check();
    await press(person, 'Continuar');
    await person.getByLabel('Descripción', { exact: true }).fill('Tres postes apagados frente a la escuela');
    await person.getByLabel('Número del poste, si lo ve (opcional)').fill('P-1234');
    await person.getByLabel('Territorio (opcional)').selectOption('BO-L-01-01');
    await press(person, 'Continuar');
    assert.match(await person.locator('main').innerText(), /Número del poste, si lo ve\s+P-1234/);
    await expectAccessibleAt360(person, 'report review');
    // A secondary button focused from the keyboard: a 3px ring of ink around it.
    const change = person.getByRole('button', { name: 'Cambiar los datos' });
    await change.focus();
    await person.keyboard.press('Shift+Tab');
    await person.keyboard.press('Tab');
    const ring = await focusRing(person);
    assert.equal(ring.width, '3px');
    assert.equal(ring.color, 'rgb(11, 12, 12)');
    await press(person, 'Cambiar los datos');
    assert.equal(await person.getByLabel('Descripción', { exact: true }).inputValue(), 'Tres postes apagados frente a la escuela');
    assert.equal(await person.getByLabel('Número del poste, si lo ve (opcional)').inputValue(), 'P-1234');
    await expectAccessibleAt360(person, 'report details brought back');
  } finally {
    await opened.close();
  }
});

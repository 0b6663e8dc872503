// Advice to entities over real HTTP: a servant asks for her entity (missing kind and need come
// back as field errors with the text kept; twenty identical posts file one request, due in ten
// business days of the country profile); another entity's people do not find it and the
// servant may not answer it; the platform's training manager assigns an expert (twice: once),
// records a session (a bad date comes back) and answers (twenty at once: one answer); the
// public figures count the request and the answer in time.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, type HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { addBusinessDays, localDate } from '../../platform/country/business-days.ts';
import { saveAgency } from '../agencies/index.ts';
import { signedInPerson } from './training.test-helpers.ts';

let t: TestApp & { baseUrl: string };

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  for (const code of ['AGETIC', 'SEGIP', 'SIN'])
    await saveAgency(t.app.tambo.deps, { code, name: `Entidad ${code}`, acronym: code, kind: 'national', territoryCode: null, mission: 'Prueba' }, { type: 'system' });
});
after(async () => {
  await t?.close();
});

const person = async (name: string, roles: Array<{ agency: string; role: string }>) => (await signedInPerson(t, name, roles)).browser;
const get = async (browser: HttpSession, path: string) => {
  const response = await browser.request(`${t.baseUrl}${path}`);
  return { url: `${t.baseUrl}${path}`, status: response.status, html: await response.text() };
};

it('an entity asks for advice; the training managers assign, meet and answer in time; the figures count it', async () => {
  const db = t.app.tambo.deps.db;
  const servant = await person('Sara', [{ agency: 'SEGIP', role: 'case_handler' }]);
  const list = await get(servant, '/capacitacion/asesoria');
  assert.equal(list.status, 200);
  const form = formIndex(list.html, (f) => f.action.startsWith('/capacitacion/asesoria'));
  const bad = await servant.submit(list.url, list.html, { entidad: 'SEGIP', necesidad: '   ' }, form);
  assert.equal(bad.status, 422);
  const badHtml = await bad.text();
  assert.match(badHtml, /Elija el tipo de asesoría/);
  assert.match(badHtml, /Describa lo que necesita/);
  assert.equal((await servant.submit(list.url, list.html, { entidad: 'SIN', tipo: 'legal', necesidad: 'x' }, form)).status, 403, 'not her entity');

  const need = 'Necesitamos revisar el reglamento de firma digital de nuestra entidad';
  const burst = await Promise.all(Array.from({ length: 20 }, () => servant.submit(list.url, list.html, { entidad: 'SEGIP', tipo: 'legal', necesidad: need }, form)));
  assert.ok(
    burst.every((r) => r.status === 303),
    burst.map((r) => r.status).join(),
  );
  const rows = await sql<{ id: string; due: string }>`SELECT id, to_char(due_on, 'YYYY-MM-DD') AS due FROM training.advice_request WHERE agency_code = 'SEGIP'`.execute(db);
  assert.equal(rows.rows.length, 1, 'twenty posts, one request');
  const { id, due } = rows.rows[0]!;
  const country = t.app.tambo.deps.country;
  assert.equal(due, addBusinessDays(country, localDate(country, new Date()), 10), 'ten business days');
  assert.match((await get(servant, '/capacitacion/asesoria')).html, new RegExp(`/capacitacion/asesoria/${id}`));

  const outsider = await person('Omar', [{ agency: 'SIN', role: 'case_handler' }]);
  assert.equal((await get(outsider, `/capacitacion/asesoria/${id}`)).status, 404, 'another entity');
  const own = await get(servant, `/capacitacion/asesoria/${id}`);
  assert.equal(own.status, 200);
  assert.ok(own.html.includes(need));
  assert.ok(!own.html.includes('/respuesta'), 'no answer form for the entity');
  const forged = await servant.request(`${t.baseUrl}/capacitacion/asesoria/${id}/respuesta`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    // A valid CSRF token (from her own page's form): refused for the role, not the token.
    body: new URLSearchParams({ ...formsIn(list.html)[form]!.hidden, respuesta: 'yo misma' }).toString(),
  });
  assert.equal(forged.status, 403, 'the entity may not answer');
  const forgedText = await forged.text();
  assert.doesNotMatch(forgedText, /El formulario caducó/, 'not a CSRF refusal');
  assert.equal((await sql<{ answer: string | null }>`SELECT answer FROM training.advice_request WHERE id = ${id}`.execute(db)).rows[0]!.answer, null);

  const advisor = await person('Ana', [{ agency: 'AGETIC', role: 'training_manager' }]);
  let page = await get(advisor, `/capacitacion/asesoria/${id}`);
  const expertForm = formIndex(page.html, (f) => f.action.includes('/expertos'));
  for (let i = 0; i < 2; i += 1) assert.equal((await advisor.submit(page.url, page.html, { experto: 'Dra. Quispe' }, expertForm)).status, 303);
  const sessionForm = formIndex(page.html, (f) => f.action.includes('/sesiones'));
  const badDate = await advisor.submit(page.url, page.html, { fecha: '15/03/2026', notas: 'Revisión' }, sessionForm);
  assert.equal(badDate.status, 422);
  assert.match(await badDate.text(), /Revisión/, 'notes kept');
  assert.equal((await advisor.submit(page.url, page.html, { fecha: '2026-03-15', notas: 'Revisión del reglamento' }, sessionForm)).status, 303);
  page = await get(advisor, `/capacitacion/asesoria/${id}`);
  assert.equal(page.html.match(/Dra\. Quispe/g)?.length, 1, 'the expert once');
  assert.match(page.html, /Revisión del reglamento/);
  const answerForm = formIndex(page.html, (f) => f.action.includes('/respuesta'));
  const answers = await Promise.all(Array.from({ length: 20 }, () => advisor.submit(page.url, page.html, { respuesta: 'El reglamento cumple la ley; ajusten el artículo 4.' }, answerForm)));
  assert.ok(answers.every((r) => r.status === 303));
  const audits = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'training.advice_answered' AND subject_id = ${id}`.execute(db);
  assert.equal(Number(audits.rows[0]!.n), 1, 'answered once');
  assert.match((await get(servant, `/capacitacion/asesoria/${id}`)).html, /ajusten el artículo 4/);

  const figure = async (name: string) => {
    const body = (await (await fetch(`${t.baseUrl}/api/v1/open-data/training.${name}`)).json()) as { items: Array<Record<string, unknown>> };
    return body.items.find((c) => c.agency === 'SEGIP' && c.kind === 'legal')?.count;
  };
  assert.equal(await figure('advice_requested'), 1);
  assert.equal(await figure('advice_answered_in_time'), 1);
});

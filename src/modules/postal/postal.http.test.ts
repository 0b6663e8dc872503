// Postal tracking over real HTTP: a counter clerk registers a parcel (a mistake comes back with
// the summary and what was typed), gets an S10 number that checks and a PDF label with it; the
// post's system reports events (the same twice is one, out of order is sorted by time, another
// agency's system finds nothing, 20 identical deliveries at once are one); the public page
// shows the history and says what is wrong with a mistyped number; the addressee is told in
// the mailbox at each step; a clerk imports a CSV; the figures count the delivery by route.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { readStat } from '../../platform/stats/stats.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { addPaymentsClient, clientToken, type PaymentsTestApp } from '../payments/payments.test-helpers.ts';
import { seedTerritories } from '../territories/territory.service.ts';
import { ensurePost } from './postal.seed.ts';
import { postalStats } from './postal.stats.ts';
import { checkS10 } from './s10.ts';

let t: TestApp & { baseUrl: string };
let postToken = '';
let otherToken = '';
const addressee = { documentNumber: newDocument(), accountId: '' };

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await seedTerritories(t.app.tambo.deps);
  await ensurePost(t.app.tambo.deps);
  postToken = await clientToken(t as PaymentsTestApp, await addPaymentsClient(t, 'AGBC', ['postal:track']), 'postal:track');
  otherToken = await clientToken(t as PaymentsTestApp, await addPaymentsClient(t, 'SEGIP', ['postal:track']), 'postal:track');
  addressee.accountId = await testAccount(t.app.tambo.deps, {
    documentNumber: addressee.documentNumber,
    givenName: 'Rosa',
    familyName: 'Destinataria',
    email: `rosa-${addressee.documentNumber}@prueba.bo`,
  });
});
after(async () => {
  await t?.close();
});

async function person(name: string, roles: Array<{ role: string; agencyCode: string }> = []): Promise<HttpSession> {
  const documentNumber = newDocument();
  const email = `${name}-${documentNumber}@prueba.bo`;
  await testAccount(t.app.tambo.deps, { documentNumber, givenName: name, familyName: 'Prueba', email, roles });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.ok(!signed.url.includes('/ingreso/'), `signed in: ${signed.url}`);
  return browser;
}

const clerk = () => person('Ventanilla', [{ role: 'postal_clerk', agencyCode: 'AGBC' }]);

async function register(browser: HttpSession, fields: Record<string, string>): Promise<Response> {
  const desk = `${t.baseUrl}/envios/oficina`;
  const html = await (await browser.request(desk)).text();
  return browser.submit(
    desk,
    html,
    fields,
    formIndex(html, (f) => f.action.startsWith('/envios/oficina#')),
  );
}

async function report(number: string, body: Record<string, unknown>, token = postToken) {
  const response = await fetch(`${t.baseUrl}/api/v1/postal/shipments/${number}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

it('registers a parcel at the counter with an S10 number and a PDF label, and follows it through the API to delivery', async () => {
  const desk = await clerk();
  const wrong = await register(desk, { tipo: 'parcel', origen: 'AGBC-LPZ', destino: '', nombre: 'Rosa Destinataria', documento: addressee.documentNumber, direccion: '' });
  assert.equal(wrong.status, 422);
  const wrongHtml = await wrong.text();
  assert.match(wrongHtml, /href="#campo-destino"/);
  assert.match(wrongHtml, /href="#campo-direccion"/);
  assert.match(wrongHtml, /value="Rosa Destinataria"/, 'what was typed is kept');

  const acceptedAt = Date.now();
  const done = await register(desk, {
    tipo: 'parcel',
    origen: 'AGBC-LPZ',
    destino: 'AGBC-CBA',
    nombre: 'Rosa Destinataria',
    documento: addressee.documentNumber,
    direccion: 'Calle Sucre 123, Cochabamba',
  });
  assert.equal(done.status, 303);
  const number = /\/envios\/oficina\/([A-Z0-9]+)\?/.exec(done.headers.get('location') ?? '')?.[1] ?? '';
  assert.match(number, /^CP\d{9}BO$/);
  assert.equal(checkS10(number).ok, true, 'the number passes the check digit');

  const label = await desk.request(`${t.baseUrl}/envios/oficina/${number}/etiqueta.pdf`);
  assert.equal(label.status, 200);
  assert.equal(label.headers.get('content-type'), 'application/pdf');
  const dir = mkdtempSync(path.join(tmpdir(), 'etiqueta-'));
  writeFileSync(path.join(dir, 'label.pdf'), Buffer.from(await label.arrayBuffer()));
  const text = execFileSync('pdftotext', [path.join(dir, 'label.pdf'), '-'], { encoding: 'utf8' });
  assert.match(text, new RegExp(number));
  assert.match(text, /Rosa Destinataria/);
  assert.match(text, /Calle Sucre 123/);
  assert.match(text, /Correos de Bolivia, Cochabamba/);

  // Somebody without the role: refused at the desk, and the label too.
  const outsider = await person('Curiosa');
  assert.equal((await outsider.request(`${t.baseUrl}/envios/oficina`)).status, 403);
  assert.equal((await outsider.request(`${t.baseUrl}/envios/oficina/${number}/etiqueta.pdf`)).status, 403);

  // Events from the post's system (minutes after acceptance): one twice, one out of order.
  const after = (minutes: number) => new Date(acceptedAt + minutes * 60_000).toISOString();
  assert.equal((await report(number, { kind: 'in_transit', occurredAt: after(1), officeCode: 'AGBC-LPZ' })).status, 201);
  assert.equal((await report(number, { kind: 'at_delivery_office', occurredAt: after(3), officeCode: 'AGBC-CBA' })).status, 201);
  const again = await report(number, { kind: 'at_delivery_office', occurredAt: after(3), officeCode: 'AGBC-CBA' });
  assert.equal(again.status, 200, 'the same event again records nothing');
  const late = await report(number, { kind: 'in_transit', occurredAt: after(2), officeCode: 'AGBC-EAL', note: 'Pasó por El Alto' });
  assert.equal(late.status, 201);
  assert.deepEqual(
    late.body.events.map((e: { kind: string }) => e.kind),
    ['accepted', 'in_transit', 'in_transit', 'at_delivery_office'],
    'sorted by when each happened',
  );
  assert.equal(late.body.state, 'at_delivery_office', 'the state is the latest by time, not by arrival');

  assert.equal((await report(number, { kind: 'delivered', occurredAt: after(4) }, otherToken)).status, 404, 'another agency’s system');
  assert.equal((await report(number, { kind: 'delivered', occurredAt: after(4) }, 'not-a-valid-token-at-all-000')).status, 401);
  assert.equal((await report(number, { kind: 'delivered', occurredAt: after(120) })).status, 400, 'an event in the future');

  // Twenty identical deliveries at once: one event, one delivery counted.
  const deliveredAt = after(4);
  const burst = await Promise.all(Array.from({ length: 20 }, () => report(number, { kind: 'delivered', occurredAt: deliveredAt, officeCode: 'AGBC-CBA' })));
  assert.deepEqual(burst.map((r) => r.status).sort(), [...Array(19).fill(200), 201]);
  const db = t.app.tambo.deps.db;
  const rows = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM postal.tracking_event e JOIN postal.shipment s ON s.id = e.shipment_id WHERE s.number = ${number} AND e.kind = 'delivered'`.execute(db);
  assert.equal(rows.rows[0]!.n, 1);
  const [delivered] = await readStat(db, postalStats.delivered, { where: { origin: 'BO-L' }, territory: 'BO-C' });
  const [onTime] = await readStat(db, postalStats.delivered_on_time, { where: { origin: 'BO-L' }, territory: 'BO-C' });
  assert.equal(delivered?.count, 1);
  assert.equal(onTime?.count, 1);

  // The public page, without signing in.
  const page = await fetch(`${t.baseUrl}/envios/${number.toLowerCase()}`, { redirect: 'follow' });
  assert.equal(page.status, 200);
  const html = await page.text();
  const history = html.slice(html.indexOf('id="historial"'));
  const order = ['Admitido', 'En tránsito', 'Pasó por El Alto', 'En la oficina de entrega', 'Entregado'].map((word) => history.indexOf(word));
  assert.ok(
    order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!)),
    `history in order: ${order.join(',')}`,
  );
  assert.doesNotMatch(html, /Rosa Destinataria|Calle Sucre/, 'nothing about the addressee in public');

  // The addressee hears of each step in the mailbox (once each, however often the post said it).
  await t.drain();
  const told = await sql<{ subject: string }>`SELECT subject FROM mailbox.message WHERE recipient_account_id = ${addressee.accountId} ORDER BY subject`.execute(db);
  assert.equal(told.rows.length, 5, told.rows.map((r) => r.subject).join(' | '));
  assert.ok(told.rows.some((r) => r.subject === `Su envío ${number}: Entregado`));
});

it('says what is wrong with a mistyped or unknown number', async () => {
  const mistyped = await fetch(`${t.baseUrl}/envios?numero=RR123456784CN`);
  assert.equal(mistyped.status, 422);
  assert.match(await mistyped.text(), /una parece mal escrita/);
  const malformed = await fetch(`${t.baseUrl}/envios?numero=RR12345`);
  assert.equal(malformed.status, 422);
  assert.match(await malformed.text(), /dos letras, nueve números y dos letras/);
  const unknown = await fetch(`${t.baseUrl}/envios/RR123456785CN`);
  assert.equal(unknown.status, 404);
  const api = await fetch(`${t.baseUrl}/api/v1/postal/shipments/RR123456784CN`);
  assert.equal(api.status, 422);
  assert.equal(((await api.json()) as { code: string }).code, 'POSTAL_NUMBER_MISTYPED');
});

it('imports a CSV of events for an office without a system: each line on its own, repeats once', async () => {
  const desk = await clerk();
  const done = await register(desk, { tipo: 'registered', origen: 'AGBC-SCZ', destino: 'AGBC-SCZ', nombre: 'Juan Pérez', documento: '', direccion: 'Barrio Equipetrol, calle 3' });
  const number = /\/envios\/oficina\/([A-Z0-9]+)\?/.exec(done.headers.get('location') ?? '')?.[1] ?? '';
  assert.match(number, /^RR\d{9}BO$/);
  const now = new Date(Date.now() + 120_000);
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/La_Paz', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(now);
  const csv = [
    'numero,evento,fecha,oficina,nota',
    `${number},out_for_delivery,${local},AGBC-SCZ,`,
    `${number},out_for_delivery,${local},AGBC-SCZ,`,
    `${number.slice(0, 4)}9${number.slice(5)},delivered,${local},,`,
  ].join('\n');
  const url = `${t.baseUrl}/envios/oficina/importar`;
  const form = await (await desk.request(url)).text();
  const imported = await desk.submit(
    url,
    form,
    { csv },
    formIndex(form, (f) => f.action.startsWith('/envios/oficina/importar')),
  );
  assert.equal(imported.status, 200);
  const html = await imported.text();
  assert.match(html, /1 evento registrado; 1 ya estaba; 1 línea con errores/);
  assert.match(html, /Línea 4: /);
  const tracked = (await (await fetch(`${t.baseUrl}/api/v1/postal/shipments/${number}`)).json()) as { state: string };
  assert.equal(tracked.state, 'out_for_delivery');
  const bad = await desk.submit(
    url,
    form,
    { csv: 'a,b,c\n' },
    formIndex(form, (f) => f.action.startsWith('/envios/oficina/importar')),
  );
  assert.equal(bad.status, 422);
  assert.match(await bad.text(), /href="#campo-csv"/);
});

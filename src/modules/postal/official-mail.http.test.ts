// Official mail over real HTTP (docs/postal.md, "Official mail"): an agency's system sends a
// mailbox message to a document nobody holds an account for; twenty sweeps at once register one
// registered-mail shipment to the address in the persons registry; the clerk prints the letter
// from the print queue; the post's events through the postal API become the proof of
// notification the agency reads on the message (audited); the person who later opens an account
// with that document finds the message, and nobody else ever sees it. A message unopened past the
// limit goes by post too; a person with no address in the registry is recorded as not sendable.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { addPaymentsClient, clientToken, type PaymentsTestApp } from '../payments/payments.test-helpers.ts';
import { getRegistry, seedRecords } from '../registries/index.ts';
import { seedTerritories } from '../territories/territory.service.ts';
import { sweepOfficialMail } from './official-mail.service.ts';
import { ensurePost } from './postal.seed.ts';
import { checkS10 } from './s10.ts';

let t: TestApp & { baseUrl: string };
let agencyToken = '';
let otherAgencyToken = '';
let postToken = '';

before(async () => {
  t = await listenTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  await seedTerritories(t.app.tambo.deps);
  await ensurePost(t.app.tambo.deps);
  agencyToken = await clientToken(t as PaymentsTestApp, await addPaymentsClient(t, 'SEGIP', ['mailbox:send']), 'mailbox:send');
  otherAgencyToken = await clientToken(t as PaymentsTestApp, await addPaymentsClient(t, 'SIN', ['mailbox:send']), 'mailbox:send');
  postToken = await clientToken(t as PaymentsTestApp, await addPaymentsClient(t, 'AGBC', ['postal:track']), 'postal:track');
});
after(async () => {
  await t?.close();
});

const db = () => t.app.tambo.deps.db;

async function api(method: string, address: string, token: string, json?: unknown) {
  const response = await fetch(`${t.baseUrl}${address}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const send = (documentNumber: string, subject: string) =>
  api('POST', '/api/v1/mailbox/messages', agencyToken, { recipient: { documentType: 'CI', documentNumber }, subject, body: 'Se le notifica la resolución.\n\nPlazo: diez días.' });

async function person(documentNumber: string, givenName: string): Promise<HttpSession> {
  const email = `${givenName.toLowerCase()}-${documentNumber.replace(/\W/g, '')}@prueba.bo`;
  await testAccount(t.app.tambo.deps, { documentNumber, givenName, familyName: 'Prueba', email, roles: givenName === 'Ventanilla' ? [{ role: 'postal_clerk', agencyCode: 'AGBC' }] : [] });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.ok(!signed.url.includes('/ingreso/'), `signed in: ${signed.url}`);
  return browser;
}

async function pdfText(response: Response): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'carta-'));
  writeFileSync(path.join(dir, 'carta.pdf'), Buffer.from(await response.arrayBuffer()));
  return execFileSync('pdftotext', [path.join(dir, 'carta.pdf'), '-'], { encoding: 'utf8' });
}

it('sends a message to a person without an account by registered mail, records the delivery as proof of notification, and gives it to her later account only', async () => {
  const documentNumber = newDocument();
  const [seeded] = [
    await seedRecords(
      t.app.tambo.deps,
      getRegistry('personas'),
      [
        {
          id: documentNumber,
          firstName: 'Juana',
          lastName: 'Sin Cuenta',
          birthDate: '1950-03-04',
          sex: 'F',
          civilStatus: 'viudo',
          address: 'Calle Sucre 45, Cochabamba',
          territoryCode: 'BO-C-01-01',
        },
      ],
      'test',
    ),
  ];
  assert.equal(seeded, 1);
  const sent = await send(documentNumber, 'Resolución administrativa 12/2026');
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  assert.equal(sent.body.hasAccount, false);
  assert.equal(sent.body.post, null);
  assert.equal(sent.body.status, 'available');
  const messageId = sent.body.id as string;

  // Twenty sweeps at once (the scheduler's and retries'): one shipment, one letter, one dispatch.
  await Promise.all(Array.from({ length: 20 }, () => sweepOfficialMail(t.app.tambo.deps)));
  const shipments = await sql<{ number: string; kind: string }>`SELECT number, kind FROM postal.shipment WHERE source_key = ${`mailbox:${messageId}`}`.execute(db());
  assert.equal(shipments.rows.length, 1);
  const number = shipments.rows[0]!.number;
  assert.match(number, /^RR\d{9}BO$/);
  assert.equal(checkS10(number).ok, true);
  const letters = await sql<{ n: number }>`SELECT count(*)::int AS n FROM postal.letter WHERE message_id = ${messageId}`.execute(db());
  assert.equal(letters.rows[0]!.n, 1);

  const status = await api('GET', `/api/v1/mailbox/messages/${messageId}`, agencyToken);
  assert.equal(status.status, 200);
  assert.equal(status.body.post.number, number, 'the sender sees the postal number');
  assert.equal(status.body.post.reason, 'no_account');
  assert.equal(status.body.post.deliveredAt, null);
  assert.equal((await api('GET', `/api/v1/mailbox/messages/${messageId}`, otherAgencyToken)).status, 404, 'another agency never sees it');

  // The clerk's print queue lists the letter; its PDF carries the number, the addressee and the text.
  const clerk = await person(newDocument(), 'Ventanilla');
  const queue = await clerk.request(`${t.baseUrl}/envios/oficina/impresion`);
  assert.equal(queue.status, 200);
  const queueHtml = await queue.text();
  assert.match(queueHtml, new RegExp(number));
  assert.match(queueHtml, /Juana Sin Cuenta/);
  const letter = await clerk.request(`${t.baseUrl}/envios/oficina/impresion/${number}/carta.pdf`);
  assert.equal(letter.status, 200);
  assert.equal(letter.headers.get('content-type'), 'application/pdf');
  const text = await pdfText(letter);
  for (const expected of [number, 'Juana Sin Cuenta', 'Calle Sucre 45', 'Resolución administrativa 12/2026', 'Plazo: diez días.']) assert.ok(text.includes(expected), `the letter says ${expected}`);
  const outsider = await person(newDocument(), 'Curiosa');
  assert.equal((await outsider.request(`${t.baseUrl}/envios/oficina/impresion`)).status, 403);
  assert.equal((await outsider.request(`${t.baseUrl}/envios/oficina/impresion/${number}/carta.pdf`)).status, 403);

  // The post reports a failed attempt, then the delivery (twice): recorded on the message.
  const start = Date.now();
  const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
  assert.equal((await api('POST', `/api/v1/postal/shipments/${number}/events`, postToken, { kind: 'failed_attempt', occurredAt: at(1), officeCode: 'AGBC-CBA' })).status, 201);
  assert.equal((await api('POST', `/api/v1/postal/shipments/${number}/events`, postToken, { kind: 'delivered', occurredAt: at(3), officeCode: 'AGBC-CBA' })).status, 201);
  assert.equal((await api('POST', `/api/v1/postal/shipments/${number}/events`, postToken, { kind: 'delivered', occurredAt: at(3), officeCode: 'AGBC-CBA' })).status, 200);
  await t.drain();
  const notified = await api('GET', `/api/v1/mailbox/messages/${messageId}`, agencyToken);
  assert.equal(notified.body.post.deliveredAt, at(3), 'proof of notification: when');
  assert.equal(notified.body.post.deliveredOffice, 'Correos de Bolivia, Cochabamba', 'and where');
  assert.deepEqual(
    notified.body.post.events.map((e: { kind: string }) => e.kind),
    ['accepted', 'failed_attempt', 'delivered'],
  );
  const audit = await sql<{ action: string }>`SELECT action FROM audit.entry WHERE subject_id = ${messageId} ORDER BY occurred_at, id`.execute(db());
  const actions = audit.rows.map((r) => r.action);
  assert.ok(actions.includes('mailbox.message_posted'));
  assert.equal(actions.filter((a) => a === 'mailbox.message_notified_by_post').length, 1, 'the delivery is audited once');
  const tracking = await fetch(`${t.baseUrl}/envios/${number}`);
  assert.equal(tracking.status, 200, 'tracked like any parcel');

  // Nobody else sees it; her account, opened later with that document, does.
  assert.doesNotMatch(await (await clerk.request(`${t.baseUrl}/buzon`)).text(), /Resolución administrativa 12\/2026/);
  const juana = await person(documentNumber, 'Juana');
  assert.match(await (await juana.request(`${t.baseUrl}/buzon`)).text(), /Resolución administrativa 12\/2026/);
  const opened = await juana.request(`${t.baseUrl}/buzon/${messageId}`);
  assert.equal(opened.status, 200);
  assert.match(await opened.text(), new RegExp(`href="/envios/${number}"`), 'she sees the letter that was sent to her');
  assert.equal((await clerk.request(`${t.baseUrl}/buzon/${messageId}`)).status, 404);
  assert.equal((await api('GET', `/api/v1/mailbox/messages/${messageId}`, agencyToken)).body.hasAccount, true);
});

it('sends by post a message unopened past the limit, and records a person with no postal address as not sendable', async () => {
  const holder = newDocument();
  await testAccount(t.app.tambo.deps, { documentNumber: holder, givenName: 'Olvido', familyName: 'Prueba', email: `olvido-${holder.replace(/\W/g, '')}@prueba.bo` });
  await seedRecords(
    t.app.tambo.deps,
    getRegistry('personas'),
    [{ id: holder, firstName: 'Olvido', lastName: 'Prueba', birthDate: '1960-01-01', sex: 'M', civilStatus: 'casado', address: 'Av. Busch 10, Santa Cruz', territoryCode: 'BO-S-01-01' }],
    'test',
  );
  const unopened = (await send(holder, 'Aviso sin abrir')).body.id as string;
  const recent = (await send(holder, 'Aviso reciente')).body.id as string;
  // Test-only: the first message was made available eleven days ago (the limit is ten).
  await sql`UPDATE mailbox.message SET made_available_at = now() - interval '11 days' WHERE id = ${unopened}`.execute(db());
  const nowhere = newDocument();
  const held = (await send(nowhere, 'Sin dirección')).body.id as string;

  await sweepOfficialMail(t.app.tambo.deps);
  const late = await api('GET', `/api/v1/mailbox/messages/${unopened}`, agencyToken);
  assert.equal(late.body.post.reason, 'unopened');
  assert.match(late.body.post.number, /^RR\d{9}BO$/);
  const destination = await sql<{ destination_office: string }>`SELECT destination_office FROM postal.shipment WHERE number = ${late.body.post.number}`.execute(db());
  assert.equal(destination.rows[0]?.destination_office, 'AGBC-SCZ', 'the office nearest the address delivers it');
  assert.equal((await api('GET', `/api/v1/mailbox/messages/${recent}`, agencyToken)).body.post, null, 'within the limit it stays in the mailbox');
  const unsendable = await api('GET', `/api/v1/mailbox/messages/${held}`, agencyToken);
  assert.equal(unsendable.body.post.reason, 'no_address');
  assert.equal(unsendable.body.post.number, null);
  assert.equal(unsendable.body.deemedNotifiedAt, null, 'held for a document, it is never deemed notified');
});

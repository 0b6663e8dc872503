// The mailbox over real HTTP: agencies' systems get a client-credentials token at
// /auth/token and deliver (with attachments, refused when the input is wrong), read back the
// times of their own messages only; the legal period makes unopened messages deemed notified
// (dates moved in the database, the job run directly); the signed receipt verifies with jose
// and with openssl; people read, search, archive and download only their own messages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compactVerify, createRemoteJWKSet, type JWK } from 'jose';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { findSinkMessages } from '../messaging/index.ts';

let t: TestApp & { baseUrl: string };
const db = () => t.app.tambo.deps.db;

// The demo seed's agency system (SEGIP in the Bolivian profile) may deliver mail.
const SEGIP = { id: 'demo-rp', secret: 'demo-rp-secret' };
const SIN = { id: 'sin-notifica', secret: 'sin-notifica-secret-0123456789' };
const NO_RIGHT = { id: 'sin-derecho', secret: 'sin-derecho-secret-0123456789' };
const CITIZEN = { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana', documentType: 'CI', documentNumber: '4567891 LP' };
const OFFICIAL = { login: 'funcionario@demo.tambo', password: 'Demo-2026-funcionario', documentType: 'CI', documentNumber: '3456789 LP' };

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really an image, but it starts like one')]);

async function addClient(client: { id: string; secret: string }, agencyCode: string | null, canDeliverMail: boolean): Promise<void> {
  // A client without the right is an ordinary relying party that signs people in.
  const redirectUris = canDeliverMail ? [] : ['http://127.0.0.1:8499/callback'];
  // Another module's table, written directly: the test stands in for the platform admin.
  await sql`
    INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
      minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
    VALUES (${client.id}, ${client.secret}, ${`Sistema ${client.id}`}, ${agencyCode}, ${redirectUris}::text[], '{}', '{openid}', 'bajo', 'public', false, false, 'Prueba', true, ${canDeliverMail ? ['mailbox:send'] : []}::text[])`.execute(
    db(),
  );
}

before(async () => {
  t = await listenTestApp({ demo: true });
  await addClient(SIN, 'SIN', true);
  await addClient(NO_RIGHT, 'SEPREC', false);
});
after(async () => {
  await t.close();
});

async function requestToken(client: { id: string; secret: string }, scope = 'mailbox:send'): Promise<Response> {
  return fetch(`${t.baseUrl}/auth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  });
}

const tokens = new Map<string, string>();
async function tokenFor(client: { id: string; secret: string }): Promise<string> {
  const cached = tokens.get(client.id);
  if (cached) return cached;
  const response = await requestToken(client);
  assert.equal(response.status, 200, `token for ${client.id}: ${await response.clone().text()}`);
  const token = ((await response.json()) as { access_token: string }).access_token;
  tokens.set(client.id, token);
  return token;
}

interface Delivery {
  recipient?: { documentType: string; documentNumber: string };
  subject?: string;
  body?: string;
  attachments?: Array<{ filename: string; content: string }>;
}

async function deliver(client: { id: string; secret: string }, delivery: Delivery = {}, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${t.baseUrl}/api/v1/mailbox/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenFor(client)}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      recipient: { documentType: CITIZEN.documentType, documentNumber: CITIZEN.documentNumber },
      subject: 'Notificación de prueba',
      body: 'Texto de la notificación.\n\nSegundo párrafo.',
      ...delivery,
    }),
  });
}

async function delivered(client: { id: string; secret: string }, delivery: Delivery = {}): Promise<DeliveryStatus> {
  const response = await deliver(client, delivery);
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()) as DeliveryStatus;
}

interface DeliveryStatus {
  id: string;
  status: 'available' | 'opened' | 'deemed_notified';
  madeAvailableAt: string;
  openedAt: string | null;
  deemedNotifiedDueAt: string;
  deemedNotifiedAt: string | null;
  legalPeriodDays: number;
  hasAccount: boolean;
  post: { number: string | null } | null;
  attachments: Array<{ id: string; filename: string; mediaType: string; sizeBytes: number; sha256: string }>;
}

async function statusOf(client: { id: string; secret: string }, id: string): Promise<Response> {
  return fetch(`${t.baseUrl}/api/v1/mailbox/messages/${id}`, { headers: { authorization: `Bearer ${await tokenFor(client)}` } });
}

async function readStatus(client: { id: string; secret: string }, id: string): Promise<DeliveryStatus> {
  const response = await statusOf(client, id);
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as DeliveryStatus;
}

async function signIn(person: { login: string; password: string }): Promise<HttpSession> {
  const browser = new HttpSession();
  const page = await browser.follow(`${t.baseUrl}/ingresar?volver=/buzon`);
  const posted = await browser.submit(page.url, await page.response.text(), { login: person.login, password: person.password });
  assert.equal(posted.status, 303, 'sign-in accepted');
  const landed = await browser.follow(new URL(posted.headers.get('location')!, page.url).toString());
  assert.equal(new URL(landed.url).pathname, '/buzon', 'back at the mailbox after signing in');
  return browser;
}

async function problem(response: Response, status: number, code: string): Promise<{ errors?: Array<{ pointer: string; detail: string }> }> {
  assert.equal(response.status, status, await response.clone().text());
  assert.match(response.headers.get('content-type') ?? '', /application\/problem\+json/);
  const body = (await response.json()) as { code: string; errors?: Array<{ pointer: string; detail: string }> };
  assert.equal(body.code, code);
  return body;
}

async function runDeemedNotificationJob(): Promise<void> {
  const handler = t.app.tambo.jobHandlers.get('mailbox:mark_deemed_notified');
  assert.ok(handler, 'the module registers the deemed-notification job');
  await handler({}, { jobId: 'test', attempt: 1 });
}

async function moveBack(id: string, days: number): Promise<void> {
  await sql`UPDATE mailbox.message SET made_available_at = made_available_at - make_interval(hours => 24 * ${days}) WHERE id = ${id}`.execute(db());
}

/** Messages SEGIP delivered with the default subject of `deliver`. */
async function countDefaultDeliveries(): Promise<number> {
  const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message WHERE subject = 'Notificación de prueba' AND client_id = ${SEGIP.id}`.execute(db());
  return count.rows[0]!.n;
}

describe('client credentials', () => {
  it('gives a token to a client with the right, and refuses one to a client without it', async () => {
    const granted = await requestToken(SEGIP);
    assert.equal(granted.status, 200);
    const body = (await granted.json()) as { access_token: string; token_type: string; scope: string };
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.scope, 'mailbox:send');
    const refused = await requestToken(NO_RIGHT);
    assert.equal(refused.status, 400);
    const refusal = (await refused.json()) as { error: string; error_description: string };
    assert.equal(refusal.error, 'invalid_request', JSON.stringify(refusal));
    assert.match(refusal.error_description, /grant type is not allowed/);
  });

  it('answers 401 without a token or with a made-up one, and 403 when the client lost the right', async () => {
    const none = await fetch(`${t.baseUrl}/api/v1/mailbox/messages/${randomUUID()}`);
    await problem(none, 401, 'UNAUTHENTICATED');
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer /);
    const madeUp = await fetch(`${t.baseUrl}/api/v1/mailbox/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'content-type': 'application/json' },
      body: '{}',
    });
    await problem(madeUp, 401, 'UNAUTHENTICATED');
    assert.match(madeUp.headers.get('www-authenticate') ?? '', /error="invalid_token"/);

    const lost = { id: 'pierde-derecho', secret: 'pierde-derecho-secret-0123456789' };
    await addClient(lost, 'SIN', true);
    await tokenFor(lost);
    await sql`UPDATE identity.client SET rights = '{}' WHERE client_id = ${lost.id}`.execute(db());
    await t.app.tambo.deps.bus.sync(); // the change, announced by the database, has reached identity's client cache
    const refused = await deliver(lost);
    await problem(refused, 403, 'MAILBOX_CLIENT_NOT_ALLOWED');
    assert.match(refused.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/);
    const statusOf = async (client: { id: string; secret: string }) =>
      fetch(`${t.baseUrl}/api/v1/mailbox/messages/${randomUUID()}`, { headers: { authorization: `Bearer ${await tokenFor(client)}` } });
    await problem(await statusOf(lost), 403, 'MAILBOX_CLIENT_NOT_ALLOWED');
    // A client holding the right but bound to no agency: no sender to name.
    const orphan = { id: 'sin-entidad-correo', secret: 'sin-entidad-correo-secret-0123456789' };
    await addClient(orphan, null, true);
    await problem(await deliver(orphan), 403, 'MAILBOX_CLIENT_WITHOUT_AGENCY');
    await problem(await statusOf(orphan), 403, 'MAILBOX_CLIENT_WITHOUT_AGENCY');
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message WHERE client_id IN (${lost.id}, ${orphan.id})`.execute(db());
    assert.equal(count.rows[0]!.n, 0, 'nothing delivered');
  });
});

describe('delivery', () => {
  it('delivers with an attachment stored by hash, alerts the person without the content, and audits', async () => {
    const response = await deliver(SEGIP, {
      subject: 'Resolución administrativa 123/2026',
      body: 'Contenido confidencial de la resolución.',
      attachments: [
        { filename: '../../resolución 123.pdf', content: PDF.toString('base64') },
        { filename: 'foto', content: PNG.toString('base64') },
      ],
    });
    assert.equal(response.status, 201, await response.clone().text());
    const status = (await response.json()) as DeliveryStatus;
    assert.equal(response.headers.get('location'), `/api/v1/mailbox/messages/${status.id}`);
    assert.equal(status.status, 'available');
    assert.equal(status.openedAt, null);
    assert.equal(status.deemedNotifiedAt, null);
    assert.equal(status.legalPeriodDays, 10, 'the Bolivian profile: 10 calendar days');
    assert.equal(new Date(status.deemedNotifiedDueAt).getTime() - new Date(status.madeAvailableAt).getTime(), 10 * 24 * 3600 * 1000);
    assert.deepEqual(
      status.attachments.map((a) => [a.filename, a.mediaType, a.sizeBytes]),
      [
        ['resolución 123.pdf', 'application/pdf', PDF.length],
        ['foto.png', 'image/png', PNG.length],
      ],
    );

    const stored = await sql<{ size: number }>`SELECT size FROM platform.file WHERE sha256 = ${status.attachments[0]!.sha256}`.execute(db());
    assert.equal(stored.rows[0]?.size, PDF.length, 'the bytes are in the platform file store under their hash');

    await t.drain();
    // The demo citizen has other mail (the demo's own notices): the alerts of this message.
    const ofThisMessage = async (to: string) => (await findSinkMessages(db(), to)).filter((m) => m.body.includes(`/buzon/${status.id}`));
    const [email] = await ofThisMessage('ciudadana@demo.tambo');
    const [sms] = await ofThisMessage('+59171234567');
    assert.ok(email && sms, 'an e-mail and an SMS alert were sent');
    for (const alert of [email, sms]) {
      assert.match(alert.body, new RegExp(`/buzon/${status.id}`));
      assert.doesNotMatch(`${alert.subject ?? ''} ${alert.body}`, /Resolución administrativa|confidencial/, 'no content in the alert');
    }
    await t.drain();
    assert.equal((await ofThisMessage('ciudadana@demo.tambo')).length, 1, 'one alert, however often the jobs run');

    const audit = await sql<{ actor_type: string; actor_id: string }>`SELECT actor_type, actor_id FROM audit.entry WHERE action = 'mailbox.message_delivered' AND subject_id = ${status.id}`.execute(
      db(),
    );
    assert.deepEqual(audit.rows, [{ actor_type: 'client', actor_id: SEGIP.id }]);
  });

  it('replays a retry with the same idempotency key and refuses the key with another request', async () => {
    const first = await deliver(SEGIP, { subject: 'Idempotente' }, { 'idempotency-key': 'retry-1' });
    assert.equal(first.status, 201);
    const again = await deliver(SEGIP, { subject: 'Idempotente' }, { 'idempotency-key': 'retry-1' });
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await again.json()) as DeliveryStatus).id, ((await first.json()) as DeliveryStatus).id);
    await problem(await deliver(SEGIP, { subject: 'Otra cosa' }, { 'idempotency-key': 'retry-1' }), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('holds a message for a document nobody has an account for (it goes by post: postal/official-mail.http.test.ts)', async () => {
    const held = await deliver(SEGIP, { recipient: { documentType: 'CI', documentNumber: '9999999 LP' }, subject: 'Para quien aún no tiene cuenta' });
    assert.equal(held.status, 201);
    const status = (await held.json()) as DeliveryStatus;
    assert.equal(status.hasAccount, false);
    assert.equal(status.post, null);
  });

  it('refuses a bad document, bad base64, a wrong file type and a file too big', async () => {
    // Other tests may deliver this subject too: count what these requests add, whatever ran before.
    const deliveredBefore = await countDefaultDeliveries();

    const document = await problem(await deliver(SEGIP, { recipient: { documentType: 'PASAPORTE', documentNumber: '123' } }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(
      document.errors?.map((e) => e.pointer),
      ['/recipient/documentType'],
    );

    const base64 = await problem(await deliver(SEGIP, { attachments: [{ filename: 'a.pdf', content: 'esto no es base64!' }] }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(
      base64.errors?.map((e) => e.pointer),
      ['/attachments/0/content'],
    );
    assert.match(base64.errors![0]!.detail, /base64/);

    const type = await problem(
      await deliver(SEGIP, {
        attachments: [
          { filename: 'ok.pdf', content: PDF.toString('base64') },
          { filename: 'virus.pdf', content: Buffer.from('MZ\x90\x00 an executable').toString('base64') },
        ],
      }),
      400,
      'VALIDATION_FAILED',
    );
    assert.deepEqual(
      type.errors?.map((e) => e.pointer),
      ['/attachments/1/content'],
    );
    assert.match(type.errors![0]!.detail, /PDF, PNG o JPEG/);

    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await problem(await deliver(SEGIP, { attachments: [{ filename: 'grande.pdf', content: big.toString('base64') }] }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(
      tooBig.errors?.map((e) => e.pointer),
      ['/attachments/0/content'],
    );
    assert.match(tooBig.errors![0]!.detail, /5 MB/);

    const missing = await fetch(`${t.baseUrl}/api/v1/mailbox/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor(SEGIP)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ recipient: { documentType: 'CI', documentNumber: CITIZEN.documentNumber }, body: 'x' }),
    });
    await problem(missing, 400, 'VALIDATION_FAILED');

    assert.equal(await countDefaultDeliveries(), deliveredBefore, 'nothing was delivered by the refused requests');
  });
});

describe('times', () => {
  it('records the opening when the person reads it, and the agency reads the times back', async () => {
    const message = await delivered(SEGIP, { subject: 'Para abrir' });
    const browser = await signIn(CITIZEN);
    const page = await browser.request(`${t.baseUrl}/buzon/${message.id}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Para abrir/);
    const opened = await readStatus(SEGIP, message.id);
    assert.equal(opened.status, 'opened');
    assert.ok(opened.openedAt && new Date(opened.openedAt) >= new Date(message.madeAvailableAt));
    assert.equal(opened.deemedNotifiedAt, null);

    await browser.request(`${t.baseUrl}/buzon/${message.id}`);
    assert.equal((await readStatus(SEGIP, message.id)).openedAt, opened.openedAt, 'only the first opening counts');
    const audit = await sql<{ actor_type: string }>`SELECT actor_type FROM audit.entry WHERE action = 'mailbox.message_opened' AND subject_id = ${message.id}`.execute(db());
    assert.deepEqual(audit.rows, [{ actor_type: 'person' }], 'the opening is audited once');
  });

  it('deems an unopened message notified when the legal period has run out, and not before', async () => {
    const late = await delivered(SEGIP, { subject: 'Sin abrir once días' });
    const early = await delivered(SEGIP, { subject: 'Sin abrir nueve días' });
    const readInTime = await delivered(SEGIP, { subject: 'Leído a tiempo' });
    await moveBack(late.id, 11);
    await moveBack(early.id, 9);
    await moveBack(readInTime.id, 11);
    await sql`UPDATE mailbox.message SET opened_at = made_available_at + interval '2 days' WHERE id = ${readInTime.id}`.execute(db());

    await runDeemedNotificationJob();
    const rows = await sql<{ id: string; deemed_notified_at: Date | null; made_available_at: Date }>`
      SELECT id, deemed_notified_at, made_available_at FROM mailbox.message WHERE id IN (${late.id}, ${early.id}, ${readInTime.id})`.execute(db());
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    const lateRow = byId.get(late.id)!;
    assert.equal(lateRow.deemed_notified_at?.getTime(), lateRow.made_available_at.getTime() + 10 * 24 * 3600 * 1000, 'the job recorded the end of the period');
    assert.equal(byId.get(early.id)!.deemed_notified_at, null);
    assert.equal(byId.get(readInTime.id)!.deemed_notified_at, null);

    const status = await readStatus(SEGIP, late.id);
    assert.equal(status.status, 'deemed_notified');
    assert.equal(status.deemedNotifiedAt, lateRow.deemed_notified_at!.toISOString());
    assert.equal((await readStatus(SEGIP, early.id)).status, 'available');
    assert.equal((await readStatus(SEGIP, readInTime.id)).status, 'opened');
    const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'mailbox.message_deemed_notified' AND subject_id = ${late.id}`.execute(db());
    assert.equal(audit.rows[0]!.n, 1);

    // Opening it afterwards records the opening, and it stays deemed notified from the same date.
    const browser = await signIn(CITIZEN);
    const html = await (await browser.request(`${t.baseUrl}/buzon/${late.id}`)).text();
    assert.match(html, /Se considera notificado desde el/);
    const afterOpening = await readStatus(SEGIP, late.id);
    assert.equal(afterOpening.status, 'deemed_notified');
    assert.ok(afterOpening.openedAt);
    assert.equal(afterOpening.deemedNotifiedAt, status.deemedNotifiedAt);

    // The job again changes nothing.
    await runDeemedNotificationJob();
    assert.equal((await readStatus(SEGIP, late.id)).deemedNotifiedAt, status.deemedNotifiedAt);
  });
});

describe('signed receipt', () => {
  it('verifies with the published keys (jose) and independently with openssl', async () => {
    const message = await delivered(SEGIP, { subject: 'Con constancia', attachments: [{ filename: 'acta.pdf', content: PDF.toString('base64') }] });
    const browser = await signIn(CITIZEN);
    await browser.request(`${t.baseUrl}/buzon/${message.id}`);
    const response = await browser.request(`${t.baseUrl}/buzon/${message.id}/constancia`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-disposition') ?? '', /attachment; filename="constancia-/);
    const jws = (await response.text()).trim();

    const { payload, protectedHeader } = await compactVerify(jws, createRemoteJWKSet(new URL(`${t.baseUrl}/auth/jwks`)));
    assert.equal(protectedHeader.alg, 'RS256');
    const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    const status = await readStatus(SEGIP, message.id);
    assert.equal(claims.messageId, message.id);
    assert.equal(claims.madeAvailableAt, status.madeAvailableAt);
    assert.equal(claims.openedAt, status.openedAt);
    assert.deepEqual(claims.recipient, { documentType: 'CI', documentNumber: CITIZEN.documentNumber });
    assert.equal((claims.attachments as Array<{ sha256: string }>)[0]!.sha256, status.attachments[0]!.sha256);

    // openssl, knowing nothing of JOSE: the public key from /auth/jwks as PEM, the signing input, the signature.
    const jwks = (await (await fetch(`${t.baseUrl}/auth/jwks`)).json()) as { keys: JWK[] };
    const jwk = jwks.keys.find((key) => key.kid === protectedHeader.kid);
    assert.ok(jwk, 'the receipt names a published key');
    const folder = mkdtempSync(path.join(tmpdir(), 'tambo-receipt-'));
    try {
      const [header, body, signature] = jws.split('.');
      writeFileSync(path.join(folder, 'key.pem'), createPublicKey({ key: jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }));
      writeFileSync(path.join(folder, 'input'), `${header}.${body}`);
      writeFileSync(path.join(folder, 'signature'), Buffer.from(signature!, 'base64url'));
      const verify = (input: string) => spawnSync('openssl', ['dgst', '-sha256', '-verify', 'key.pem', '-signature', 'signature', input], { cwd: folder, encoding: 'utf8' });
      const good = verify('input');
      assert.equal(good.status, 0, good.stderr);
      assert.match(good.stdout, /Verified OK/);
      // A receipt whose times were edited no longer verifies.
      const forged = Buffer.from(JSON.stringify({ ...claims, openedAt: null })).toString('base64url');
      writeFileSync(path.join(folder, 'forged'), `${header}.${forged}`);
      const bad = verify('forged');
      assert.notEqual(bad.status, 0);
      assert.match(bad.stdout, /Verification failure/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('authorization', () => {
  it('an agency reads only the messages it sent', async () => {
    const message = await delivered(SEGIP, { subject: 'De SEGIP' });
    await problem(await statusOf(SIN, message.id), 404, 'MAILBOX_MESSAGE_NOT_FOUND');
    await problem(await statusOf(SIN, randomUUID()), 404, 'MAILBOX_MESSAGE_NOT_FOUND');
    assert.equal((await readStatus(SEGIP, message.id)).id, message.id);
  });

  it("a person never reads, downloads, archives or gets a receipt of another person's message", async () => {
    const theirs = await delivered(SIN, {
      recipient: { documentType: OFFICIAL.documentType, documentNumber: OFFICIAL.documentNumber },
      subject: 'Solo para el funcionario',
      attachments: [{ filename: 'privado.pdf', content: PDF.toString('base64') }],
    });
    const citizen = await signIn(CITIZEN);
    const attachment = theirs.attachments[0]!.id;
    for (const target of [theirs.id, randomUUID()]) {
      for (const suffix of ['', '/constancia', `/adjuntos/${attachment}`]) {
        const response = await citizen.request(`${t.baseUrl}/buzon/${target}${suffix}`);
        assert.equal(response.status, 404, `/buzon/${target}${suffix}`);
        assert.doesNotMatch(await response.text(), /Solo para el funcionario|%PDF/);
      }
    }
    const list = await (await citizen.request(`${t.baseUrl}/buzon?q=funcionario`)).text();
    assert.doesNotMatch(list, /Solo para el funcionario/);
    // Archiving someone else's message (with a valid form token from one's own page) is not found either.
    const own = await delivered(SIN, { subject: 'Mío' });
    const ownPage = await (await citizen.request(`${t.baseUrl}/buzon/${own.id}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(ownPage)?.[1];
    assert.ok(csrf);
    const archive = await citizen.request(`${t.baseUrl}/buzon/${theirs.id}/archivar`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    assert.equal(archive.status, 404);
    const status = await readStatus(SIN, theirs.id);
    assert.equal(status.openedAt, null, 'not opened by the wrong person');
    const archived = await sql<{ archived_at: Date | null }>`SELECT archived_at FROM mailbox.message WHERE id = ${theirs.id}`.execute(db());
    assert.equal(archived.rows[0]!.archived_at, null);

    // The owner does read it, and downloads the very bytes.
    const official = await signIn(OFFICIAL);
    const download = await official.request(`${t.baseUrl}/buzon/${theirs.id}/adjuntos/${attachment}`);
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), PDF);
  });

  it('sends a signed-out visitor to sign in', async () => {
    const response = await fetch(`${t.baseUrl}/buzon`, { redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location') ?? '', /^\/ingresar\?volver=%2Fbuzon/);
  });
});

describe("the person's mailbox", () => {
  it('lists, searches, filters, archives and brings back', async () => {
    const message = await delivered(SIN, { subject: 'Aviso de cobranza coactiva', body: 'Deuda tributaria pendiente. Pague en https://impuestos.gob.bo/pagos. <b>Gracias</b>' });
    const browser = await signIn(CITIZEN);
    const inbox = await (await browser.request(`${t.baseUrl}/buzon`)).text();
    assert.match(inbox, /Aviso de cobranza coactiva/);
    assert.match(inbox, /Servicio de Impuestos Nacionales/);

    const found = await (await browser.request(`${t.baseUrl}/buzon?q=TRIBUTARIA`)).text();
    assert.match(found, /Aviso de cobranza coactiva/);
    assert.doesNotMatch(found, /Su cédula de identidad está lista/);
    const accents = await (await browser.request(`${t.baseUrl}/buzon?q=cedula`)).text();
    assert.match(accents, /Su cédula de identidad está lista/, 'search ignores accents');
    assert.doesNotMatch(accents, /Aviso de cobranza coactiva/);

    const unopened = await (await browser.request(`${t.baseUrl}/buzon?estado=sin-abrir`)).text();
    assert.match(unopened, /Aviso de cobranza coactiva/);
    assert.doesNotMatch(unopened, /Resolución de su solicitud de licencia/, 'the demo message already opened is not in the unopened filter');
    const read = await (await browser.request(`${t.baseUrl}/buzon?estado=leidos`)).text();
    assert.match(read, /Resolución de su solicitud de licencia/);
    assert.doesNotMatch(read, /Aviso de cobranza coactiva/);

    const page = await browser.request(`${t.baseUrl}/buzon/${message.id}`);
    const html = await page.text();
    // The address in the text is a link (the full stop after it is not part of it); the rest stays text.
    assert.match(html, /Pague en <a href="https:\/\/impuestos.gob.bo\/pagos">https:\/\/impuestos.gob.bo\/pagos<\/a>\. &lt;b>Gracias&lt;\/b>/);
    // Times in words, in the country's zone.
    assert.match(html, /\d{1,2} de [a-z]+ de \d{4}, \d{2}:\d{2}/);
    const archived = await browser.submit(`${t.baseUrl}/buzon/${message.id}`, html, {}, formIndexFor(html, `/buzon/${message.id}/archivar`));
    assert.equal(archived.status, 303);
    assert.equal(archived.headers.get('location'), '/buzon?hecho=archivado');
    const afterArchive = await (await browser.request(`${t.baseUrl}/buzon?hecho=archivado`)).text();
    assert.match(afterArchive, /Mensaje archivado/);
    assert.doesNotMatch(afterArchive, /Aviso de cobranza coactiva/);
    assert.match(await (await browser.request(`${t.baseUrl}/buzon/archivados`)).text(), /Aviso de cobranza coactiva/);
    const audit = await sql<{ action: string }>`SELECT action FROM audit.entry WHERE subject_id = ${message.id} AND action LIKE 'mailbox.message_%archived' ORDER BY occurred_at`.execute(db());
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['mailbox.message_archived'],
    );

    const again = await (await browser.request(`${t.baseUrl}/buzon/${message.id}`)).text();
    const back = await browser.submit(`${t.baseUrl}/buzon/${message.id}`, again, {}, formIndexFor(again, `/buzon/${message.id}/desarchivar`));
    assert.equal(back.status, 303);
    assert.match(await (await browser.request(`${t.baseUrl}/buzon`)).text(), /Aviso de cobranza coactiva/);
  });

  it('refuses a form post without its CSRF token', async () => {
    const message = await delivered(SIN, { subject: 'Sin token' });
    const browser = await signIn(CITIZEN);
    const response = await browser.request(`${t.baseUrl}/buzon/${message.id}/archivar`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    assert.equal(response.status, 403);
  });
});

function formIndexFor(html: string, action: string): number {
  const forms = [...html.matchAll(/<form\b[^>]*>/g)].map((m) => m[0]);
  const index = forms.findIndex((form) => form.includes(`action="${action}"`));
  assert.ok(index >= 0, `a form posting to ${action}`);
  return index;
}

// Access to public information over real HTTP (docs/transparency.md): a person asks an entity
// through the page; an officer of another entity may not act on it; the entity transfers it with
// a reason, the receiving entity extends once (in public) and answers with a document whose
// public version everyone sees (the version sent only the requester); 20 answers at once make
// one; a similar question is first shown the earlier answer. A refusal names its legal ground,
// only the requester appeals (once, in time) and only the entity's authority resolves it. The
// compliance index falls when a publication becomes overdue (an injected clock). A breach
// notifies the people affected in their mailbox (or lists them for post), once.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { saveAgency } from '../agencies/index.ts';
import { findSinkMessages } from '../messaging/index.ts';
import { recordBreach } from './index.ts';
import { entityObligations, recomputeCompliance } from './publications.service.ts';

let t: TestApp & { baseUrl: string };
const tag = randomUUID().slice(0, 6).toUpperCase();
const A = `TRA${tag}`;
const B = `TRB${tag}`;
const M = `TRM${tag}`;

before(async () => {
  t = await listenTestApp({ env: { COUNTRY: 'bo', RATE_LIMIT_PER_MINUTE: '100000' } });
  const deps = t.app.tambo.deps;
  for (const [code, kind] of [
    [A, 'national'],
    [B, 'national'],
    [M, 'municipal'],
  ] as const)
    await saveAgency(deps, { code, name: `Entidad ${code}`, acronym: code, kind, territoryCode: null, mission: 'Prueba' }, { type: 'system', id: 'test' });
});
after(async () => {
  await t?.close();
});

interface Person {
  id: string;
  documentNumber: string;
  browser: HttpSession;
}
async function person(name: string, roles: Array<{ role: string; agencyCode: string }> = []): Promise<Person> {
  const email = `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@prueba.bo`;
  const documentNumber = String(1_000_000 + Math.floor(Math.random() * 8_000_000));
  const id = await testAccount(t.app.tambo.deps, { documentNumber, givenName: name, familyName: 'Prueba', email, roles });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.ok(!signed.url.includes('/ingreso/'), `signed in: ${signed.url}`);
  return { id, documentNumber, browser };
}

async function page(who: HttpSession, path: string): Promise<string> {
  const response = await who.request(`${t.baseUrl}${path}`);
  assert.equal(response.status, 200, path);
  return response.text();
}

/** Submits the form whose action contains `action` on the page at `path`. */
async function post(who: HttpSession, path: string, action: string, fields: Record<string, string>): Promise<Response> {
  const html = await page(who, path);
  return who.submit(
    `${t.baseUrl}${path}`,
    html,
    fields,
    formIndex(html, (f) => f.action.includes(action)),
  );
}

async function ask(who: HttpSession, agencyCode: string, question: string, confirm = false): Promise<Response> {
  return post(who, '/transparencia/solicitar', '/transparencia/solicitar', { entidad: agencyCode, pregunta: question, formato: 'digital', ...(confirm ? { confirmar: '1' } : {}) });
}
const codeOf = (response: Response) => /\/transparencia\/solicitudes\/(SAI-[0-9A-F]{8})/.exec(response.headers.get('location') ?? '')?.[1];

it('routes, transfers, extends once and answers a request in public; a similar question is shown the earlier answer first', async () => {
  const ana = await person('Ana');
  const officerA = await person('Oficial', [{ role: 'transparency_officer', agencyCode: A }]);
  const officerB = await person('Oficiala', [{ role: 'transparency_officer', agencyCode: B }]);
  const question = `¿Cuál fue el presupuesto ejecutado en mantenimiento de caminos vecinales ${tag} durante 2025?`;
  const short = await ask(ana.browser, A, 'Poco');
  assert.equal(short.status, 422);
  assert.match(await short.text(), /href="#campo-pregunta"/);
  const filed = await ask(ana.browser, A, question);
  assert.equal(filed.status, 303);
  const code = codeOf(filed)!;
  const path = `/transparencia/solicitudes/${code}`;

  assert.equal((await post(officerA.browser, path, '/derivar', { entidad: A, motivoDerivacion: 'Misma entidad' })).status, 422, 'a transfer to itself is refused');
  assert.doesNotMatch(await page(officerB.browser, path), /\/responder/, 'an officer of another entity sees no answer form');
  const forbidden = await officerB.browser.request(`${t.baseUrl}${path}/responder`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  assert.ok(forbidden.status === 403 || forbidden.status === 400, `another entity's officer: ${forbidden.status}`);
  assert.equal((await post(officerA.browser, path, '/derivar', { entidad: B, motivoDerivacion: 'La información la tiene la entidad B.' })).status, 303);
  assert.equal((await post(officerB.browser, path, '/prorrogar', { motivoProrroga: 'Hay que reunir datos de nueve oficinas.' })).status, 303);
  const extended = await page(new HttpSession(), path);
  assert.match(extended, /Derivada de Entidad TRA\w+ a Entidad TRB\w+: La información la tiene la entidad B\./);
  assert.match(extended, /Plazo prorrogado por Entidad TRB\w+: Hay que reunir datos de nueve oficinas\./);
  assert.doesNotMatch(extended, /\/prorrogar/, 'one extension only');

  const html = await page(officerB.browser, path);
  const form = formIndex(html, (f) => f.action.includes('/responder'));
  const fields = {
    respuesta: 'Se adjunta la ejecución presupuestaria por tramo.',
    documento: 'Tramo 1: Bs 100.000. Contratista: Juan Pérez, CI 1234567.',
    publico: 'Tramo 1: Bs 100.000. Contratista: [dato personal suprimido].',
  };
  const answers = await Promise.all(Array.from({ length: 20 }, () => officerB.browser.submit(`${t.baseUrl}${path}`, html, fields, form)));
  assert.equal(answers.filter((r) => r.status === 303).length, 1, 'answered once');
  const events = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM transparency.request_event e JOIN transparency.request r ON r.id = e.request_id WHERE r.code = ${code} AND e.kind = 'answered'`.execute(t.app.tambo.deps.db);
  assert.equal(Number(events.rows[0]!.n), 1);

  const everyone = await page(new HttpSession(), path);
  assert.match(everyone, /\[dato personal suprimido\]/);
  assert.doesNotMatch(everyone, /Juan Pérez/, 'the version sent is not public');
  assert.match(await page(ana.browser, path), /Juan Pérez/, 'the requester sees the version sent');
  const api = (await (await fetch(`${t.baseUrl}/api/v1/information-requests/${code}`)).json()) as { request: Record<string, unknown> };
  assert.equal(api.request.status, 'answered');
  assert.equal(api.request.answeredInTime, true);
  assert.ok(!JSON.stringify(api).includes(ana.id) && !JSON.stringify(api).includes('Juan'), 'nothing about who asked, no version sent');

  const beto = await person('Beto');
  const similar = await ask(beto.browser, B, `Quiero saber el presupuesto ejecutado en caminos vecinales ${tag} del año 2025`);
  assert.equal(similar.status, 200, 'not filed yet: the earlier answer is shown');
  const shown = await similar.text();
  assert.match(shown, /Quizás ya fue respondida/);
  assert.ok(shown.includes(`href="${path}"`));
  const anyway = await ask(beto.browser, B, `Quiero saber el presupuesto ejecutado en caminos vecinales ${tag} del año 2025`, true);
  assert.equal(anyway.status, 303, 'sent anyway');
});

it('a refusal names its ground; only the requester appeals, once; only the entity’s authority resolves it', async () => {
  const carla = await person('Carla');
  const dario = await person('Dario');
  const officer = await person('Oficial', [{ role: 'transparency_officer', agencyCode: A }]);
  const authority = await person('Autoridad', [{ role: 'agency_admin', agencyCode: A }]);
  const code = codeOf(await ask(carla.browser, A, `Lista de sumarios administrativos abiertos al personal ${tag} con nombres`, true))!;
  const path = `/transparencia/solicitudes/${code}`;
  const noGround = await post(officer.browser, path, '/denegar', { fundamento: '', motivoDenegacion: 'Contiene datos personales.' });
  assert.equal(noGround.status, 422);
  assert.match(await noGround.text(), /Contiene datos personales\./, 'the text is kept');
  assert.equal((await post(officer.browser, path, '/denegar', { fundamento: 'personal_data', motivoDenegacion: 'Los sumarios contienen datos personales de terceros.' })).status, 303);
  assert.match(await page(new HttpSession(), path), /Datos personales de terceros/);

  const foreign = await dario.browser.request(`${t.baseUrl}${path}/apelar`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'motivo=No+estoy+de+acuerdo' });
  assert.notEqual(foreign.status, 303, 'another person cannot appeal');
  assert.equal((await post(carla.browser, path, '/apelar', { motivo: 'Pido solo el número de sumarios, sin nombres.' })).status, 303);
  assert.doesNotMatch(await page(carla.browser, path), /\/apelar/, 'appealed once');
  assert.doesNotMatch(await page(officer.browser, path), /\/resolver/, 'the officer who refused does not resolve');
  assert.equal((await post(authority.browser, path, '/resolver', { decision: 'upheld', resolucion: 'El número de sumarios es público: responda sin nombres.' })).status, 303);
  const reopened = await page(new HttpSession(), path);
  assert.match(reopened, /Apelación aceptada/);
  assert.match(reopened, /En plazo de respuesta/);
  assert.match(await page(officer.browser, '/transparencia/bandeja'), new RegExp(code));

  // Without an account, with only an e-mail address: Bolivia's profile allows it.
  const byEmail = await post(new HttpSession(), '/transparencia/solicitar', '/transparencia/solicitar', {
    entidad: A,
    pregunta: `Solicito el organigrama vigente de la entidad ${tag} con sus unidades`,
    formato: 'digital',
    correo: `vecina-${tag.toLowerCase()}@prueba.bo`,
    confirmar: '1',
  });
  assert.equal(byEmail.status, 303, 'filed with only an e-mail address');
  const channel = await sql<{ channel: string; account_id: string | null }>`SELECT channel, account_id FROM transparency.request WHERE code = ${codeOf(byEmail)}`.execute(t.app.tambo.deps.db);
  assert.deepEqual(channel.rows[0], { channel: 'email', account_id: null });

  // Closed, the requester without an account is told by e-mail (the messaging outbox), once, with the public page's address.
  const emailCode = codeOf(byEmail)!;
  const officerOfA = await person('Correo', [{ role: 'transparency_officer', agencyCode: A }]);
  const emailPath = `/transparencia/solicitudes/${emailCode}`;
  assert.equal((await post(officerOfA.browser, emailPath, '/denegar', { fundamento: 'not_held', motivoDenegacion: 'La entidad no tiene un organigrama aprobado.' })).status, 303);
  await t.drain();
  const mails = await findSinkMessages(t.app.tambo.deps.db, `vecina-${tag.toLowerCase()}@prueba.bo`);
  assert.equal(mails.length, 1, 'one e-mail');
  assert.equal(mails[0]!.subject, `Su solicitud de información ${emailCode} fue denegada`);
  assert.ok(mails[0]!.body.includes(`/transparencia/solicitudes/${emailCode}`) && mails[0]!.body.includes(`Entidad ${A}`), mails[0]!.body);
});

it('recomputes the compliance index when a publication becomes overdue (injected clock)', async () => {
  const deps = t.app.tambo.deps;
  const officer = await person('Publica', [{ role: 'transparency_officer', agencyCode: M }]);
  // 2026-02-10: only the budget of 2026 (due 1 February) and the January contracts… are due by then in Bolivia's profile.
  const early = new Date('2026-02-10T15:00:00Z');
  const obligations = await entityObligations(deps, M, { now: early });
  const dueBy = obligations.filter((o) => o.dueAt < early);
  assert.ok(dueBy.length > 0 && dueBy.every((o) => o.state === 'overdue'));
  await recomputeCompliance(deps, { now: early, agencyCode: M });
  const row = async (month: string) =>
    (await sql<{ due: number; on_time: number }>`SELECT due, on_time FROM transparency.compliance WHERE agency_code = ${M} AND month = ${month}::date`.execute(deps.db)).rows[0];
  assert.deepEqual(await row('2026-02-01'), { due: dueBy.length, on_time: 0 });

  // The next item falls due: without a publication the index is recomputed with one more due.
  const next = obligations.find((o) => o.dueAt > early)!;
  const after = new Date(next.dueAt.getTime() + 3_600_000);
  const dueAfter = obligations.filter((o) => o.dueAt < after).length;
  assert.ok(dueAfter > dueBy.length);
  assert.ok((await recomputeCompliance(deps, { now: after, agencyCode: M })) > 0, 'a row changed');
  const month = `${after.toISOString().slice(0, 7)}-01`;
  assert.equal((await row(month))!.due, dueAfter);
  assert.equal(await recomputeCompliance(deps, { now: after, agencyCode: M }), 0, 'nothing new: nothing changes');

  // Publishing through the page flags the item and recomputes the index (now: the real clock, this year's items).
  const entity = `/transparencia/entidades/${M}`;
  const html = await page(officer.browser, entity);
  const item = /<option value="([a-z_]+\/\d{4}(?:-\w+)?)"/.exec(html)![1]!;
  const bad = await post(officer.browser, entity, '/publicar', { obligacion: item, enlace: 'ftp://x' });
  assert.equal(bad.status, 422);
  assert.equal((await post(officer.browser, entity, '/publicar', { obligacion: item, enlace: 'https://datos.gob.bo/dataset/prueba' })).status, 303);
  assert.match(await page(new HttpSession(), entity), /href="https:\/\/datos\.gob\.bo\/dataset\/prueba"/);
  const stranger = await person('Ajeno', [{ role: 'transparency_officer', agencyCode: A }]);
  assert.doesNotMatch(await page(stranger.browser, entity), /\/publicar/, 'another entity’s officer cannot publish here');

  const figures = (await (await fetch(`${t.baseUrl}/api/v1/information-requests/figures`)).json()) as { complianceByLevel: Array<{ level: string }>; centralEntitiesWithAccess: { total: number } };
  assert.ok(figures.complianceByLevel.some((l) => l.level === 'municipal'));
  assert.ok(figures.centralEntitiesWithAccess.total >= 2);
});

it('notifies a breach in the mailbox of the people affected, lists the others for post, and records it once', async () => {
  const deps = t.app.tambo.deps;
  const elena = await person('Elena');
  const input = {
    agencyCode: A,
    description: 'Una planilla con nombres y teléfonos quedó expuesta',
    occurredAt: new Date('2026-11-30T12:00:00Z'),
    affected: [
      { documentType: 'CI', documentNumber: elena.documentNumber },
      { documentType: 'CI', documentNumber: '99999991' },
    ],
    source: 'cgii' as const,
    sourceKey: `cgii-${tag}`,
  };
  const first = await recordBreach(deps, input);
  assert.equal(first.created, true);
  assert.equal(first.mailbox, 1);
  assert.deepEqual(first.post, [{ documentType: 'CI', documentNumber: '99999991' }]);
  assert.equal((await recordBreach(deps, input)).created, false, 'handed over twice, recorded once');

  // A hand-over that stopped after the breach was stored but before its notices were (the
  // CGII's event, retried as a job): the retry records the missing notices, and the person who
  // was already told is not told twice.
  await sql`DELETE FROM transparency.breach_notice WHERE breach_id = ${first.breachId}`.execute(deps.db);
  const retried = await recordBreach(deps, input);
  assert.deepEqual([retried.breachId, retried.created, retried.mailbox, retried.post], [first.breachId, false, 1, first.post]);
  const notices = await sql<{ channel: string }>`SELECT channel FROM transparency.breach_notice WHERE breach_id = ${first.breachId} ORDER BY channel`.execute(deps.db);
  assert.deepEqual(
    notices.rows.map((n) => n.channel),
    ['mailbox', 'post'],
  );
  const told = await sql<{ n: number }>`SELECT count(*)::int AS n FROM mailbox.message WHERE recipient_account_id = ${elena.id} AND idempotency_key LIKE ${`%breach:${first.breachId}:%`}`.execute(
    deps.db,
  );
  assert.equal(told.rows[0]?.n, 1);
  const mailbox = await page(elena.browser, '/buzon');
  assert.match(mailbox, /un incidente afectó sus datos personales/);
  const mine = await page(elena.browser, '/cuenta/mis-datos');
  assert.match(mine, /Una planilla con nombres y teléfonos quedó expuesta/);
});

it('shows the entity’s officers its breaches, who was notified and who still needs the post; the post is recorded once', async () => {
  const deps = t.app.tambo.deps;
  const [nora, officerA, officerB, citizen] = await Promise.all([
    person('Nora'),
    person('Oficiala', [{ role: 'transparency_officer', agencyCode: A }]),
    person('Otro', [{ role: 'transparency_officer', agencyCode: B }]),
    person('Vecina'),
  ]);
  const withoutAccount = String(90_000_000 + Math.floor(Math.random() * 9_000_000));
  const { breachId } = await recordBreach(deps, {
    agencyCode: A,
    description: `Un respaldo con direcciones quedó en un disco sin cifrar ${tag}`,
    occurredAt: new Date('2026-12-01T12:00:00Z'),
    affected: [
      { documentType: 'CI', documentNumber: nora.documentNumber },
      { documentType: 'CI', documentNumber: withoutAccount },
    ],
    sourceKey: `breach-page-${tag}`,
  });

  // The entity's officer: the breach, the mailbox notice, the notice still to post.
  const html = await page(officerA.browser, '/transparencia/brechas');
  const section = html.slice(html.indexOf(`id="brecha-${breachId}"`));
  assert.ok(section.length < html.length, 'the breach is listed');
  assert.match(section, new RegExp(`CI ${nora.documentNumber}</td><td[^>]*>Buzón digital</td><td[^>]*>Avisada en su buzón`));
  assert.match(section, new RegExp(`CI ${withoutAccount}</td><td[^>]*>Correo postal</td><td[^>]*>.*Falta enviar por correo postal`));

  // Another entity's officer does not see it and may not record its post; a person without the role is refused; anonymous is sent to sign in.
  assert.doesNotMatch(await page(officerB.browser, '/transparencia/brechas'), new RegExp(`disco sin cifrar ${tag}`));
  const officerBHtml = await (await officerB.browser.request(`${t.baseUrl}/transparencia/bandeja`)).text();
  const forbidden = await officerB.browser.request(`${t.baseUrl}/transparencia/brechas/${breachId}/correo-postal`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfOf(officerBHtml), tipo: 'CI', numero: withoutAccount }).toString(),
  });
  assert.equal(forbidden.status, 403);
  assert.equal((await citizen.browser.request(`${t.baseUrl}/transparencia/brechas`)).status, 403);
  assert.notEqual((await fetch(`${t.baseUrl}/transparencia/brechas`, { redirect: 'manual' })).status, 200);

  // A mailbox notice is not a notice by post.
  const fresh = await page(officerA.browser, '/transparencia/brechas');
  const byPost = (documentNumber: string) =>
    officerA.browser.request(`${t.baseUrl}/transparencia/brechas/${breachId}/correo-postal`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfOf(fresh), tipo: 'CI', numero: documentNumber }).toString(),
    });
  assert.equal((await byPost(nora.documentNumber)).status, 409);

  // 20 identical recordings at once: one 303, nineteen 409, one audit entry.
  const burst = await Promise.all(Array.from({ length: 20 }, () => byPost(withoutAccount)));
  assert.deepEqual(burst.map((r) => r.status).sort(), [303, ...Array.from({ length: 19 }, () => 409)]);
  const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE subject_id = ${breachId} AND action = 'transparency.breach_notice_posted'`.execute(deps.db);
  assert.equal(audit.rows[0]!.n, 1);
  const after = await page(officerA.browser, '/transparencia/brechas');
  const done = after.slice(after.indexOf(`id="brecha-${breachId}"`));
  assert.match(done, new RegExp(`CI ${withoutAccount}</td><td[^>]*>Correo postal</td><td[^>]*>Enviado por correo postal el`));
  assert.doesNotMatch(done.slice(0, done.indexOf('</section>')), /Falta enviar por correo postal/);
});

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

it('answers with uploaded PDFs: the public version for anyone, the version sent only for the requester and the officers; other files refused, what was typed kept', async () => {
  const rosa = await person('Rosa');
  const officerA = await person('Archivista', [{ role: 'transparency_officer', agencyCode: A }]);
  const stranger = await person('Extraño');
  const filed = await ask(rosa.browser, A, `¿Cuántos contratos de consultoría firmó la entidad en 2025 y por qué montos? ${tag}`, true);
  const code = codeOf(filed)!;
  const path = `/transparencia/solicitudes/${code}`;
  const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);
  const sentPdf = pdf(`Contratos con los nombres de los consultores ${tag}`);
  const publicPdf = pdf(`Contratos sin nombres ${tag}`);
  const answer = async (fields: Record<string, string>, files: Record<string, { bytes: Uint8Array; name: string; type: string }>) => {
    const html = await page(officerA.browser, path);
    assert.match(html, /enctype="multipart\/form-data"/);
    const form = formsIn(html).find((f) => f.action.includes('/responder'))!;
    const data = new FormData();
    for (const [name, value] of Object.entries({ ...form.hidden, ...fields })) data.append(name, value);
    for (const [name, file] of Object.entries(files)) data.append(name, new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name);
    return officerA.browser.request(`${t.baseUrl}${path}/responder`, { method: 'POST', body: data });
  };
  const respuesta = 'Se adjuntan los contratos de consultoría de 2025.';

  // A PNG named .pdf, and a file over 10 MB: refused next to their fields, the text kept; nothing answered.
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  const wrongType = await answer(
    { respuesta },
    { archivoEnviado: { bytes: sentPdf, name: 'enviado.pdf', type: 'application/pdf' }, archivoPublico: { bytes: png, name: 'publico.pdf', type: 'application/pdf' } },
  );
  assert.equal(wrongType.status, 422);
  const wrongHtml = await wrongType.text();
  assert.match(wrongHtml, /href="#campo-archivoPublico"/);
  assert.match(wrongHtml, new RegExp(`>${respuesta}</textarea>`));
  const big = new Uint8Array(10 * 1024 * 1024 + 1);
  big.set(pdf('grande'));
  const tooLarge = await answer(
    { respuesta },
    { archivoEnviado: { bytes: big, name: 'grande.pdf', type: 'application/pdf' }, archivoPublico: { bytes: publicPdf, name: 'publico.pdf', type: 'application/pdf' } },
  );
  assert.equal(tooLarge.status, 422);
  assert.match(await tooLarge.text(), /href="#campo-archivoEnviado"/);
  assert.match(await page(new HttpSession(), path), /En plazo de respuesta/, 'still pending');
  // Neither text nor file for the public version: refused.
  assert.equal((await answer({ respuesta }, { archivoEnviado: { bytes: sentPdf, name: 'enviado.pdf', type: 'application/pdf' } })).status, 422);

  const answered = await answer(
    { respuesta },
    { archivoEnviado: { bytes: sentPdf, name: 'contratos 2025.pdf', type: 'application/pdf' }, archivoPublico: { bytes: publicPdf, name: '../contratos-publico.pdf', type: 'application/pdf' } },
  );
  assert.equal(answered.status, 303);

  // The public version: anyone, the bytes uploaded; the version sent: the requester and the officer only.
  const anonymous = new HttpSession();
  assert.match(await page(anonymous, path), /Descargar contratos-publico\.pdf/);
  const publicFile = await anonymous.request(`${t.baseUrl}${path}/archivos/publico`);
  assert.equal(publicFile.status, 200);
  assert.equal(publicFile.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(new Uint8Array(await publicFile.arrayBuffer()), publicPdf);
  assert.doesNotMatch(await page(anonymous, path), /archivos\/enviado/);
  for (const who of [anonymous, stranger.browser]) assert.equal((await who.request(`${t.baseUrl}${path}/archivos/enviado`)).status, 404);
  for (const who of [rosa.browser, officerA.browser]) {
    const sent = await who.request(`${t.baseUrl}${path}/archivos/enviado`);
    assert.equal(sent.status, 200);
    assert.deepEqual(new Uint8Array(await sent.arrayBuffer()), sentPdf);
  }
  assert.match(await page(rosa.browser, path), /Descargar contratos 2025\.pdf/);

  // The API names the public file (where to download it, its hash), never the version sent.
  const api = (await (await fetch(`${t.baseUrl}/api/v1/information-requests/${code}`)).json()) as { request: Record<string, unknown> };
  const publicFileInfo = api.request.publicFile as { filename: string; size: number; sha256: string; url: string };
  assert.deepEqual(publicFileInfo, { filename: 'contratos-publico.pdf', size: publicPdf.length, sha256: createHash('sha256').update(publicPdf).digest('hex'), url: `${path}/archivos/publico` });
  assert.doesNotMatch(JSON.stringify(api), /contratos 2025/);
});

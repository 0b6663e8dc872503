// The Consulta Popular through its API and services on a real database: one ballot per
// person under a burst of parallel requests, the receipt (check and change), refusals, the
// results recomputed independently from the published ballots, assemblies, the census.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { closeVoting, countRows, makeConsultation, makeVoter, postBallot, voterToken } from './consultations.test-helpers.ts';
import { commitment, parseReceipt, saltOf } from './receipts.ts';
import { importCensus, publishResults, recordAssembly } from './results.service.ts';
import { mixBallots } from './consultations.service.ts';
import { localDate } from '../../platform/country/business-days.ts';

const ADMIN = { accountId: '00000000-0000-7000-8000-000000000001', grants: [{ role: 'platform_admin' }] };

describe('consultations API', () => {
  let t: TestApp & { baseUrl: string };
  before(async () => {
    t = await listenTestApp({ demo: true });
  });
  after(async () => t.close());
  const deps = () => t.app.tambo.deps;
  const post = (token: string | undefined, id: string, body: unknown, headers: Record<string, string> = {}) => postBallot(t.baseUrl, token, id, body, headers);
  const count = (table: string, consultationId: string) => countRows(deps(), table, consultationId);

  it('lists and shows consultations in public, with the proposals and their review', async () => {
    const c = await makeConsultation(deps());
    const list = await fetch(`${t.baseUrl}/api/v1/consultations`);
    assert.equal(list.status, 200);
    assert.ok(((await list.json()) as { consultations: Array<{ slug: string; phase: string }> }).consultations.some((x) => x.slug === c.slug && x.phase === 'voting'));
    const detail = (await (await fetch(`${t.baseUrl}/api/v1/consultations/${c.slug}`)).json()) as { units: unknown[]; proposals: Array<{ review: { status: string } }> };
    assert.equal(detail.units.length, 2);
    assert.equal(detail.proposals.length, 6);
    assert.ok(detail.proposals.every((p) => p.review.status === 'viable'));
    assert.equal((await fetch(`${t.baseUrl}/api/v1/consultations/no-existe`)).status, 404);
  });

  it('40 parallel ballots of one person leave one poll-book row and one ballot; the receipt checks and changes it', async () => {
    const c = await makeConsultation(deps());
    const voter = await makeVoter(deps());
    const token = await voterToken(t, voter);
    const [a, b] = c.proposals['BO-L-01-02']!;
    assert.equal((await post(undefined, c.id, { choices: [a!.id] })).status, 401);
    const answers = await Promise.all(Array.from({ length: 40 }, () => post(token, c.id, { choices: [a!.id] })));
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, ...Array(39).fill(409)]);
    const cast = (await answers.find((r) => r.status === 201)!.json()) as { receipt: string; receiptId: string };
    assert.equal(await count('poll_book', c.id), 1);
    assert.equal((await count('ballot_inbox', c.id)) + (await count('ballot', c.id)), 1);
    const refused = (await answers.find((r) => r.status === 409)!.json()) as { code: string };
    assert.equal(refused.code, 'CONSULTATIONS_ALREADY_VOTED');

    // The published list holds the receipt with the commitment the voter recomputes.
    const receipt = parseReceipt(cast.receipt)!;
    const listed = await sql<{ commitment: string }>`SELECT commitment FROM consultations.ballot_inbox WHERE receipt_id = ${cast.receiptId}`.execute(deps().db);
    assert.equal(listed.rows[0]!.commitment, commitment(saltOf(receipt.secret), c.id, [a!.id]));

    // Change with the receipt: the last ballot counts, still one ballot.
    const changed = await post(token, c.id, { choices: [b!.id], receipt: cast.receipt });
    assert.equal(changed.status, 200);
    await mixBallots(deps());
    const ballots = await sql<{ choices: string[] }>`SELECT choices::text[] AS choices FROM consultations.ballot WHERE consultation_id = ${c.id}`.execute(deps().db);
    assert.deepEqual(
      ballots.rows.map((r) => r.choices),
      [[b!.id]],
    );
    // A forged or other consultation's receipt changes nothing.
    const forged = `${cast.receiptId}.${'A'.repeat(32)}`;
    assert.equal((await post(token, c.id, { choices: [a!.id], receipt: forged })).status, 404);
    // Bad ballots: a proposal of another unit, too many choices.
    const other = await makeVoter(deps());
    const otherToken = await voterToken(t, other);
    const foreign = (await (await post(otherToken, c.id, { choices: [c.proposals['BO-L-01-01']![0]!.id] })).json()) as { code: string };
    assert.equal(foreign.code, 'CONSULTATIONS_BALLOT_INVALID');
    const many = await post(otherToken, c.id, { choices: c.proposals['BO-L-01-02']!.map((p) => p.id) });
    assert.equal(many.status, 422);
    assert.equal(((await many.json()) as { code: string }).code, 'CONSULTATIONS_BALLOT_COUNT');
  });

  it('an Idempotency-Key replays a ballot without giving the receipt again', async () => {
    const c = await makeConsultation(deps());
    const token = await voterToken(t, await makeVoter(deps()));
    const choice = c.proposals['BO-L-01-02']![0]!.id;
    const first = await post(token, c.id, { choices: [choice] }, { 'idempotency-key': 'k-1' });
    assert.equal(first.status, 201);
    const again = await post(token, c.id, { choices: [choice] }, { 'idempotency-key': 'k-1' });
    assert.equal(again.status, 200);
    assert.deepEqual(await again.json(), { receiptId: null, receipt: null, status: 'replayed' });
    assert.equal(await count('poll_book', c.id), 1);
  });

  it('refuses a person outside the scope, below the level, or not in a census-only consultation, with the reason', async () => {
    const c = await makeConsultation(deps(), { minLevel: 'sustancial' });
    const outside = await voterToken(t, await makeVoter(deps(), 'BO-L-01-03'));
    const choice = c.proposals['BO-L-01-02']![0]!.id;
    const refusal = await post(outside, c.id, { choices: [choice] });
    assert.equal(refusal.status, 403);
    assert.equal(((await refusal.json()) as { code: string }).code, 'CONSULTATIONS_OUTSIDE_SCOPE');
    const low = await voterToken(t, await makeVoter(deps(), 'BO-L-01-02', { level: 'bajo' }));
    assert.equal(((await (await post(low, c.id, { choices: [choice] })).json()) as { code: string }).code, 'CONSULTATIONS_LEVEL_TOO_LOW');
    const census = await makeConsultation(deps(), { eligibility: 'census' });
    const mine = await voterToken(t, await makeVoter(deps()));
    assert.equal(((await (await post(mine, census.id, { choices: [census.proposals['BO-L-01-02']![0]!.id] })).json()) as { code: string }).code, 'CONSULTATIONS_NOT_IN_CENSUS');
  });

  it('imports a census with a report of rejected rows, and the census decides where a person votes', async () => {
    const c = await makeConsultation(deps(), { eligibility: 'census' });
    const voter = await makeVoter(deps(), null);
    const csv = [
      'document_type,document_number,unit_code',
      `CI,${voter.documentNumber},BO-L-01-01`,
      'XX,123456,BO-L-01-01',
      'CI,12,BO-L-01-01',
      'CI,7654321,BO-X-99',
      `CI,${voter.documentNumber},BO-L-01-02`,
      'solo,dos',
    ].join('\n');
    await assert.rejects(importCensus(deps(), { accountId: voter.id, grants: [] }, c.id, csv), { code: 'CONSULTATIONS_FORBIDDEN' });
    const report = await importCensus(deps(), ADMIN, c.id, csv);
    assert.equal(report.accepted, 1);
    assert.deepEqual(report.rejected, [
      { line: 3, reason: 'document_type' },
      { line: 4, reason: 'document_number' },
      { line: 5, reason: 'unit' },
      { line: 6, reason: 'duplicate' },
      { line: 7, reason: 'columns' },
    ]);
    const token = await voterToken(t, voter);
    assert.equal((await post(token, c.id, { choices: [c.proposals['BO-L-01-01']![0]!.id] })).status, 201);
  });

  it('an assembly marks the poll book: who voted online cannot be counted again on paper', async () => {
    const c = await makeConsultation(deps());
    const voter = await makeVoter(deps());
    const token = await voterToken(t, voter);
    const [a, b] = c.proposals['BO-L-01-02']!;
    assert.equal((await post(token, c.id, { choices: [a!.id] })).status, 201);
    const attendees = [
      { documentType: 'CI', documentNumber: '7000001' },
      { documentType: 'CI', documentNumber: voter.documentNumber },
    ];
    await assert.rejects(
      recordAssembly(deps(), ADMIN, c.id, { unitCode: 'BO-L-01-02', heldOn: '2026-12-01', attendees, ballots: [[a!.id], [b!.id]] }),
      (error: { code: string; message: string }) => error.code === 'CONSULTATIONS_ALREADY_VOTED' && error.message.includes(voter.documentNumber),
    );
    assert.equal(await count('poll_book', c.id), 1);
    await recordAssembly(deps(), ADMIN, c.id, {
      unitCode: 'BO-L-01-02',
      heldOn: '2026-12-01',
      attendees: [attendees[0]!, { documentType: 'CI', documentNumber: '7000002' }],
      ballots: [[a!.id], [b!.id]],
    });
    assert.equal(await count('poll_book', c.id), 3);
    // The person who attended cannot then vote online.
    assert.equal(await count('ballot', c.id), 2);
  });

  it('publishes results that anyone recomputes from the published ballots, and emits results_published', async () => {
    const c = await makeConsultation(deps());
    const [p1, p2, p3, p4] = c.proposals['BO-L-01-02']!;
    const plan: string[][] = [[p1!.id, p2!.id], [p1!.id], [p2!.id, p3!.id], [p4!.id], [p3!.id, p2!.id]];
    for (const choices of plan) assert.equal((await post(await voterToken(t, await makeVoter(deps())), c.id, { choices })).status, 201);
    assert.equal((await fetch(`${t.baseUrl}/api/v1/consultations/${c.id}/results`)).status, 409);
    assert.equal((await fetch(`${t.baseUrl}/api/v1/consultations/${c.id}/ballots`)).status, 409);
    await closeVoting(deps(), c.id);
    await publishResults(deps(), ADMIN, c.id);
    await assert.rejects(publishResults(deps(), ADMIN, c.id), { code: 'CONSULTATIONS_ALREADY_PUBLISHED' });

    // Independent recount from the published data: approvals, then greedy within 100.
    const published = (await (await fetch(`${t.baseUrl}/api/v1/consultations/${c.id}/ballots`)).json()) as { ballots: Array<{ unitCode: string; choices: string[] }> };
    const detail = (await (await fetch(`${t.baseUrl}/api/v1/consultations/${c.id}`)).json()) as {
      units: Array<{ code: string; budgetMinor: number }>;
      proposals: Array<{ id: string; number: number; unitCode: string; costMinor: number }>;
    };
    const results = (await (await fetch(`${t.baseUrl}/api/v1/consultations/${c.id}/results`)).json()) as {
      units: Array<{ unitCode: string; ballots: number; proposals: Array<{ proposalId: string; votes: number; funded: boolean }> }>;
    };
    for (const unit of detail.units) {
      const tally = new Map<string, number>();
      for (const ballot of published.ballots.filter((x) => x.unitCode === unit.code)) for (const id of ballot.choices) tally.set(id, (tally.get(id) ?? 0) + 1);
      const order = detail.proposals.filter((p) => p.unitCode === unit.code).sort((x, y) => (tally.get(y.id) ?? 0) - (tally.get(x.id) ?? 0) || x.costMinor - y.costMinor || x.number - y.number);
      let left = unit.budgetMinor;
      const funded = new Set<string>();
      for (const p of order) {
        if ((tally.get(p.id) ?? 0) === 0 || p.costMinor > left) continue;
        funded.add(p.id);
        left -= p.costMinor;
      }
      const theirs = results.units.find((u) => u.unitCode === unit.code)!;
      for (const p of theirs.proposals) {
        assert.equal(p.votes, tally.get(p.proposalId) ?? 0);
        assert.equal(p.funded, funded.has(p.proposalId), p.proposalId);
      }
    }
    // p2 (3 votes, cost 40) then p1/p3 (2 votes each: p3 cheaper, 30) then p1 (50 > 30 left): funded p2, p3.
    const elAlto = results.units.find((u) => u.unitCode === 'BO-L-01-02')!;
    assert.deepEqual(
      elAlto.proposals
        .filter((p) => p.funded)
        .map((p) => p.proposalId)
        .sort(),
      [p2!.id, p3!.id].sort(),
    );
    assert.equal(elAlto.ballots, 5);

    const pb = await fetch(`${t.baseUrl}/consultas/${c.slug}/pabulib/BO-L-01-02`);
    assert.equal(pb.status, 200);
    const pbText = await pb.text();
    assert.match(pbText, /^META\n/);
    assert.match(pbText, /\nnum_votes;5\n/);
    assert.match(pbText, /\nVOTES\nvoter_id;vote\n/);
    const event = await sql<{
      payload: {
        consultationId: string;
        countryProfile: string;
        projects: Array<{ proposalId: string; costMinor: number; currency: string; territoryCode: string; executorTerritoryCode: string; votes: number; lat: null }>;
      };
    }>`
      SELECT payload FROM platform.outbox WHERE topic = 'consultations.results_published' AND payload->>'consultationId' = ${c.id}`.execute(deps().db);
    assert.equal(event.rows.length, 1);
    const payload = event.rows[0]!.payload;
    assert.equal(payload.countryProfile, 'bo');
    assert.deepEqual(
      payload.projects.map((p) => [p.proposalId, p.votes, p.currency, p.territoryCode]).sort(),
      [
        [p2!.id, 3, 'BOB', 'BO-L-01-02'],
        [p3!.id, 2, 'BOB', 'BO-L-01-02'],
      ].sort(),
    );
  });

  it('the officials page imports a census with its report and publishes the results; others get 403', async () => {
    const c = await makeConsultation(deps());
    const email = `admin-${c.id.slice(-8)}@prueba.bo`;
    await testAccount(deps(), { documentNumber: `9${c.id.slice(-6).replace(/\D/g, '1')}11 LP`, givenName: 'Ana', familyName: 'Admin', email, isPlatformAdmin: true });
    const admin = new HttpSession();
    await signInPortal(t, admin, email, TEST_ACCOUNT_PASSWORD);
    const citizen = await makeVoter(deps());
    const other = new HttpSession();
    await signInPortal(t, other, citizen.email, TEST_ACCOUNT_PASSWORD);
    assert.equal((await other.request(`${t.baseUrl}/consultas/${c.slug}/gestion`)).status, 403);
    // Before the voting: the public technical review, with a reason.
    const gestion = `${t.baseUrl}/consultas/${c.slug}/gestion`;
    await sql`UPDATE consultations.consultation SET voting_open_at = now() + interval '1 day', voting_close_at = now() + interval '2 days' WHERE id = ${c.id}`.execute(deps().db);
    const reviewPage = await (await admin.request(gestion)).text();
    const incomplete = await admin.submit(gestion, reviewPage, { dictamen: 'not_viable', motivo: ' ' }, 0);
    assert.equal(incomplete.status, 400);
    assert.match(await incomplete.text(), /Elija un dictamen y escriba el motivo/);
    assert.equal((await admin.submit(gestion, reviewPage, { dictamen: 'not_viable', motivo: 'Cuesta más de lo declarado.' }, 0)).status, 303);
    const reviewed = (await (await fetch(`${t.baseUrl}/api/v1/consultations/${c.id}`)).json()) as { proposals: Array<{ id: string; review: { status: string; reason: string } }> };
    assert.deepEqual(reviewed.proposals.find((p) => p.id === c.proposals['BO-L-01-02']![0]!.id)!.review, { status: 'not_viable', reason: 'Cuesta más de lo declarado.' });
    await sql`UPDATE consultations.consultation SET voting_open_at = now() - interval '1 day', voting_close_at = now() + interval '2 days' WHERE id = ${c.id}`.execute(deps().db);
    const page = await admin.request(gestion);
    assert.equal(page.status, 200);
    const html = await page.text();
    const census = formsIn(html).findIndex((f) => f.action.endsWith('/gestion/padron'));
    const imported = await admin.submit(`${t.baseUrl}/consultas/${c.slug}/gestion`, html, { padron: `CI,${citizen.documentNumber},BO-L-01-01\nCI,55,BO-L-01-01` }, census);
    assert.equal(imported.status, 200);
    const report = await imported.text();
    assert.match(report, /1 fila aceptada, 1 rechazada/);
    assert.match(report, /Número de documento no válido/);
    const empty = await admin.submit(`${t.baseUrl}/consultas/${c.slug}/gestion`, html, { padron: '' }, census);
    assert.equal(empty.status, 400);
    assert.match(await empty.text(), /href="#campo-padron"/);
    await closeVoting(deps(), c.id);
    const closed = await (await admin.request(`${t.baseUrl}/consultas/${c.slug}/gestion`)).text();
    const published = await admin.submit(`${t.baseUrl}/consultas/${c.slug}/gestion`, closed, {}, 1);
    assert.equal(published.status, 200);
    assert.equal((await fetch(`${t.baseUrl}/api/v1/consultations/${c.id}/results`)).status, 200);
    assert.match(await (await fetch(`${t.baseUrl}/consultas/${c.slug}`)).text(), /Resultados/);
  });

  it('a person proposes a project on a page: every problem at once, what was typed kept, then the proposal with its number; closed outside the proposals phase', async () => {
    const c = await makeConsultation(deps(), { phase: 'proposals' });
    const voting = await makeConsultation(deps());
    const anonymous = await fetch(`${t.baseUrl}/consultas/${c.slug}/proponer`, { redirect: 'manual' });
    assert.ok([302, 303].includes(anonymous.status), 'signing in first');
    const person = await makeVoter(deps());
    const browser = new HttpSession();
    await signInPortal(t, browser, person.email, TEST_ACCOUNT_PASSWORD);
    assert.match(await (await browser.request(`${t.baseUrl}/consultas/${c.slug}`)).text(), new RegExp(`href="/consultas/${c.slug}/proponer"`));
    const url = `${t.baseUrl}/consultas/${c.slug}/proponer`;
    const form = await browser.request(url);
    assert.equal(form.status, 200);
    const html = await form.text();
    const before = (await getProposals(c.id)).length;
    const wrong = await browser.submit(url, html, { unidad: 'BO-L-01-02', titulo: ' ', descripcion: 'Un puente peatonal sobre el río.', costo: '25.000', latitud: '-16,5', longitud: '' });
    assert.equal(wrong.status, 400);
    const page = await wrong.text();
    assert.match(page, /<title>Error:/);
    for (const field of ['titulo', 'costo', 'longitud']) assert.match(page, new RegExp(`href="#campo-${field}"`));
    assert.doesNotMatch(page, /href="#campo-descripcion"/);
    assert.match(page, /sin puntos de miles/);
    assert.match(page, /Un puente peatonal sobre el río\./, 'the description typed is kept');
    assert.match(page, /value="25\.000"/, 'the cost typed is kept');
    assert.equal((await getProposals(c.id)).length, before, 'nothing stored');
    const sent = await browser.submit(url, html, {
      unidad: 'BO-L-01-02',
      titulo: 'Puente peatonal',
      descripcion: 'Un puente peatonal sobre el río.',
      costo: '25000,50',
      latitud: '-16,5',
      longitud: '-68.15',
    });
    assert.equal(sent.status, 303);
    const landed = await browser.request(new URL(sent.headers.get('location')!, url).toString());
    assert.equal(landed.status, 200);
    const stored = (await getProposals(c.id)).find((p) => p.title === 'Puente peatonal')!;
    assert.deepEqual(
      { cost: Number(stored.cost_minor), lat: stored.lat, lon: stored.lon, status: stored.review_status, by: stored.submitted_by },
      { cost: 2_500_050, lat: -16.5, lon: -68.15, status: 'pending', by: person.id },
    );
    assert.match(await landed.text(), new RegExp(`Propuesta N\\.º ${stored.seq} recibida`));
    const audit = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'consultations.proposal_submitted' AND subject_id = ${stored.id}`.execute(deps().db);
    assert.equal(Number(audit.rows[0]!.n), 1);
    // During the voting the form is closed, and a post stores nothing.
    const closedUrl = `${t.baseUrl}/consultas/${voting.slug}/proponer`;
    const closed = await browser.request(closedUrl);
    assert.equal(closed.status, 409);
    assert.match(await closed.text(), /No se reciben propuestas/);
    const count = (await getProposals(voting.id)).length;
    const late = await browser.request(closedUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...formsIn(html)[0]!.hidden, unidad: 'BO-L-01-02', titulo: 'Tarde', descripcion: 'Tarde.', costo: '10' }).toString(),
    });
    assert.equal(late.status, 409);
    assert.equal((await getProposals(voting.id)).length, count);
  });

  it('40 identical proposal posts at once (a double submit, a burst) store one proposal, and each answers 303 to it', async () => {
    const c = await makeConsultation(deps(), { phase: 'proposals' });
    const person = await makeVoter(deps());
    const browser = new HttpSession();
    await signInPortal(t, browser, person.email, TEST_ACCOUNT_PASSWORD);
    const url = `${t.baseUrl}/consultas/${c.slug}/proponer`;
    const html = await (await browser.request(url)).text();
    const hidden = formsIn(html)[0]!.hidden;
    assert.match(hidden.clave ?? '', /^[0-9a-f-]{36}$/, 'the form carries its own key');
    const before = (await getProposals(c.id)).length;
    const body = new URLSearchParams({ ...hidden, unidad: 'BO-L-01-02', titulo: 'Cancha múltiple', descripcion: 'Una cancha para el barrio.', costo: '1200' }).toString();
    const answers = await Promise.all(Array.from({ length: 40 }, () => browser.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })));
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(40).fill(303),
    );
    const stored = (await getProposals(c.id)).filter((p) => p.title === 'Cancha múltiple');
    assert.equal(stored.length, 1, 'one proposal');
    assert.equal((await getProposals(c.id)).length, before + 1);
    assert.deepEqual(new Set(answers.map((a) => a.headers.get('location'))), new Set([`/consultas/${c.slug}/propuestas/${stored[0]!.id}`]));
    const audit = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'consultations.proposal_submitted' AND subject_id = ${stored[0]!.id}`.execute(deps().db);
    assert.equal(Number(audit.rows[0]!.n), 1);
    // The same form sent again with other content (back, edit, send) is another proposal.
    const edited = await browser.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.replace('Cancha', 'Cancha+techada') });
    assert.equal(edited.status, 303);
    assert.equal((await getProposals(c.id)).length, before + 2);
  });

  it('an official records an assembly on a page: lines checked one by one, a person who voted online refuses the act, then the ballots count', async () => {
    const c = await makeConsultation(deps());
    const email = `oficial-${c.id.slice(-8)}@prueba.bo`;
    await testAccount(deps(), { documentNumber: `8${c.id.slice(-6).replace(/\D/g, '2')}22 LP`, givenName: 'Rosa', familyName: 'Oficial', email, isPlatformAdmin: true });
    const official = new HttpSession();
    await signInPortal(t, official, email, TEST_ACCOUNT_PASSWORD);
    const gestion = `${t.baseUrl}/consultas/${c.slug}/gestion`;
    const html = await (await official.request(gestion)).text();
    const index = formsIn(html).findIndex((f) => f.action.includes('/gestion/asamblea'));
    assert.ok(index >= 0, 'the assembly form is offered during the voting');
    const [p1, p2] = (await getProposals(c.id)).filter((p) => p.unit_code === 'BO-L-01-02').sort((a, b) => Number(a.seq) - Number(b.seq));
    const online = await makeVoter(deps());
    const token = await voterToken(t, online);
    assert.equal((await post(token, c.id, { choices: [c.proposals['BO-L-01-02']![0]!.id] })).status, 201);
    const today = localDate(deps().country, new Date());
    const wrong = await official.submit(gestion, html, { unidad: 'BO-L-01-02', fecha: '31/02/2026', asistentes: 'CI,1234567 LP\nXX,99', papeletas: `${p1!.seq}\n999999999` }, index);
    assert.equal(wrong.status, 400);
    const page = await wrong.text();
    for (const field of ['fecha', 'asistentes', 'papeletas']) assert.match(page, new RegExp(`href="#campo-${field}"`));
    assert.match(page, /Línea 2 de asistentes/);
    assert.match(page, /Línea 2 de papeletas: 999999999/);
    assert.match(page, /XX,99/, 'what was typed is kept');
    const taken = await official.submit(gestion, html, { unidad: 'BO-L-01-02', fecha: today, asistentes: `CI,${online.documentNumber}\nCI,7654321 LP`, papeletas: `${p1!.seq}` }, index);
    assert.equal(taken.status, 400);
    assert.match(await taken.text(), new RegExp(`ya votaron[^<]*${online.documentNumber}`));
    assert.equal(await count('assembly', c.id), 0, 'the refused act stores nothing');
    const ballotsBefore = (await count('ballot_inbox', c.id)) + (await count('ballot', c.id));
    const done = await official.submit(gestion, html, { unidad: 'BO-L-01-02', fecha: today, asistentes: 'CI,7654321 LP\nci,7654322 LP', papeletas: `${p1!.seq}, ${p2!.seq}\n${p2!.seq}` }, index);
    assert.equal(done.status, 200);
    assert.match(await done.text(), /Acta registrada: 2 asistentes, 2 papeletas/);
    assert.equal(await count('assembly', c.id), 1);
    assert.equal((await count('ballot_inbox', c.id)) + (await count('ballot', c.id)), ballotsBefore + 2);
    const marked = await sql<{ document_type: string }>`SELECT document_type FROM consultations.poll_book WHERE consultation_id = ${c.id} AND channel = 'assembly' ORDER BY document_number`.execute(
      deps().db,
    );
    assert.deepEqual(
      marked.rows.map((r) => r.document_type),
      ['CI', 'CI'],
    );
    // Participation by day on the public page: one ballot online (too few: not published), then
    // 2 + 5 at assemblies.
    const five = Array.from({ length: 5 }, (_, i) => `CI,76543${30 + i} LP`).join('\n');
    const again = await official.submit(gestion, html, { unidad: 'BO-L-01-02', fecha: today, asistentes: five, papeletas: Array(5).fill(`${p2!.seq}`).join('\n') }, index);
    assert.equal(again.status, 200);
    const publicPage = await (await fetch(`${t.baseUrl}/consultas/${c.slug}`)).text();
    assert.match(publicPage, /<h2 id="participacion">Participación por día/);
    assert.match(publicPage, /<svg[^>]*role="img"[^>]*aria-labelledby="grafico-participacion-title/);
    assert.match(publicPage, /Votos por día y por canal[\s\S]*?pocos \(no se publica\)<\/td><td[^>]*>7<\/td>/);
  });

  it('a burst of 20 identical assembly acts (a double submit) records one act and every answer shows it recorded; 20 publications publish once', async () => {
    const c = await makeConsultation(deps());
    const official = await platformAdmin();
    const gestion = `${t.baseUrl}/consultas/${c.slug}/gestion`;
    const html = await (await official.request(gestion)).text();
    const form = formsIn(html).find((f) => f.action.includes('/gestion/asamblea'))!;
    assert.match(form.hidden.clave ?? '', /^[0-9a-f-]{36}$/, 'the act form carries its own key');
    const [p1] = (await getProposals(c.id)).filter((p) => p.unit_code === 'BO-L-01-02').sort((a, b) => Number(a.seq) - Number(b.seq));
    const today = localDate(deps().country, new Date());
    const body = new URLSearchParams({ ...form.hidden, unidad: 'BO-L-01-02', fecha: today, asistentes: 'CI,6543210 LP\nCI,6543211 LP', papeletas: `${p1!.seq}\n${p1!.seq}` }).toString();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        official.request(`${t.baseUrl}/consultas/${c.slug}/gestion/asamblea`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(20).fill(200),
    );
    for (const answer of answers) assert.match(await answer.text(), /Acta registrada: 2 asistentes, 2 papeletas/);
    assert.equal(await count('assembly', c.id), 1, 'one act');
    assert.equal((await count('ballot_inbox', c.id)) + (await count('ballot', c.id)), 2, 'its two paper ballots, once');
    const audit = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'consultations.assembly_recorded' AND data->>'consultationId' = ${c.id}`.execute(deps().db);
    assert.equal(Number(audit.rows[0]!.n), 1, 'audited once');
    // After the close, 20 publications at once publish the results once.
    await closeVoting(deps(), c.id);
    const closed = await (await official.request(gestion)).text();
    const publish = formsIn(closed).find((f) => f.action.includes('/gestion/publicar'))!;
    const published = await Promise.all(
      Array.from({ length: 20 }, () =>
        official.request(`${t.baseUrl}/consultas/${c.slug}/gestion/publicar`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(publish.hidden).toString(),
        }),
      ),
    );
    const statuses = published.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, `published once: ${statuses}`);
    assert.ok(
      statuses.every((s) => s === 200 || s === 409),
      `the others are refused: ${statuses}`,
    );
    const events = await sql<{ n: string }>`SELECT count(*) AS n FROM platform.outbox WHERE topic = 'consultations.results_published' AND payload->>'consultationId' = ${c.id}`.execute(deps().db);
    assert.equal(Number(events.rows[0]!.n), 1, 'one event');
  });

  it('20 identical changes of a ballot at once, on the page and through the API, leave one ballot with the new choices', async () => {
    const c = await makeConsultation(deps());
    const voter = await makeVoter(deps());
    const token = await voterToken(t, voter);
    const [a, b, d] = c.proposals['BO-L-01-02']!;
    const cast = (await (await post(token, c.id, { choices: [a!.id] })).json()) as { receipt: string };
    const ballots = async () =>
      (
        await sql<{ choices: string[] }>`SELECT choices::text[] AS choices FROM consultations.ballot_inbox WHERE consultation_id = ${c.id}
          UNION ALL SELECT choices::text[] FROM consultations.ballot WHERE consultation_id = ${c.id}`.execute(deps().db)
      ).rows.map((r) => r.choices);
    // In the inbox (not mixed yet), then mixed: both places a ballot can be.
    const browser = new HttpSession();
    const check = await (await browser.request(`${t.baseUrl}/consultas/${c.slug}/comprobante`)).text();
    const hidden = formsIn(check)[0]!.hidden;
    const body = new URLSearchParams({ ...hidden, recibo: cast.receipt, enviado: '1', opciones: b!.id }).toString();
    const onPage = await Promise.all(
      Array.from({ length: 20 }, () => browser.request(`${t.baseUrl}/consultas/${c.slug}/cambiar`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })),
    );
    assert.deepEqual(
      onPage.map((r) => r.status),
      Array(20).fill(200),
    );
    assert.deepEqual(await ballots(), [[b!.id]], 'one ballot, the new choices');
    await mixBallots(deps());
    const viaApi = await Promise.all(Array.from({ length: 20 }, () => post(token, c.id, { choices: [d!.id], receipt: cast.receipt })));
    assert.deepEqual(
      viaApi.map((r) => r.status),
      Array(20).fill(200),
    );
    assert.deepEqual(await ballots(), [[d!.id]], 'one ballot, the new choices');
  });

  it('a burst of 20 identical census imports stores one import, and 20 identical reviews of a proposal audit one', async () => {
    const c = await makeConsultation(deps(), { phase: 'proposals' });
    const official = await platformAdmin();
    const gestion = `${t.baseUrl}/consultas/${c.slug}/gestion`;
    const html = await (await official.request(gestion)).text();
    const burst = async (action: string, fields: Record<string, string>) => {
      const form = formsIn(html).find((f) => f.action.split('#')[0]!.endsWith(action))!;
      const body = new URLSearchParams({ ...form.hidden, ...fields }).toString();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => official.request(`${t.baseUrl}${form.action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })),
      );
      return answers;
    };
    const imports = await burst('/gestion/padron', { padron: 'CI,5432101 LP,BO-L-01-02\nCI,5432102 LP,BO-L-01-01' });
    assert.deepEqual(
      imports.map((a) => a.status),
      Array(20).fill(200),
    );
    for (const answer of imports) assert.match(await answer.text(), /2 filas aceptadas/);
    assert.equal(await count('census_import', c.id), 1, 'one import');
    assert.equal(await count('census', c.id), 2);
    const proposal = (await getProposals(c.id))[0]!;
    const reviews = await burst(`/gestion/revision/${proposal.id}`, { dictamen: 'not_viable', motivo: 'Excede el presupuesto de la unidad.' });
    assert.deepEqual(
      reviews.map((a) => a.status),
      Array(20).fill(303),
    );
    const audit = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'consultations.proposal_reviewed' AND subject_id = ${proposal.id}`.execute(deps().db);
    assert.equal(Number(audit.rows[0]!.n), 1, 'one review audited');
    assert.equal((await getProposals(c.id)).find((p) => p.id === proposal.id)!.review_status, 'not_viable');
  });

  /** A platform administrator signed in on the portal (an official of every unit). */
  const platformAdmin = async () => {
    const email = `oficial-${randomUUID().slice(0, 8)}@prueba.bo`;
    await testAccount(deps(), { documentNumber: newDocument(), givenName: 'Rosa', familyName: 'Oficial', email, isPlatformAdmin: true });
    const browser = new HttpSession();
    await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
    return browser;
  };

  const getProposals = async (consultationId: string) =>
    (
      await sql<{ id: string; seq: string; unit_code: string; title: string; cost_minor: string; lat: number | null; lon: number | null; review_status: string; submitted_by: string | null }>`
        SELECT id, seq, unit_code, title, cost_minor, lat, lon, review_status, submitted_by FROM consultations.proposal WHERE consultation_id = ${consultationId}`.execute(deps().db)
    ).rows;
});

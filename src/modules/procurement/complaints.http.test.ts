// Answering complaints over real HTTP: while a complaint against the award is pending the award is
// suspended (the contract cannot be signed: 409 PROCUREMENT_COMPLAINT_PENDING); the entity's
// officer answers it, rejected or upheld, with public reasons, audited; an upheld complaint annuls
// the award and the rule picks again among the other offers (a new award, a new standstill), or
// leaves the process unsuccessful when none is left; OCDS cancels the old award and publishes the
// new one, and every package still validates. Also: one complaint per unit and award from a burst
// of 20, one answer from a burst of 20, other agencies, CSRF and bad input refused.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { formsIn } from '../../../test/helpers/http-client.ts';
import { compile, type Release } from './ocds.ts';
import { ocdsErrors } from './ocds-schemas.test-helpers.ts';
import { procurementTestApp } from './procurement.test-helpers.ts';

const { app, db, person, supplier, inFuture, day, publish, post, postDirect, json } = procurementTestApp();

/** Publishes a need, has each supplier offer its price, and opens the offers after the deadline. */
async function awarded(officer: Awaited<ReturnType<typeof person>>, bids: Array<[Awaited<ReturnType<typeof supplier>>, string, number]>) {
  const { id, key } = await publish(officer.browser);
  for (const [s, amount, deliveryInDays] of bids) assert.equal((await post(s.browser, id, '/ofertas', { amount, deliveryDate: day(inFuture(deliveryInDays)) })).status, 303);
  await sql`UPDATE procurement.tender SET published_at = now() - interval '10 days', deadline = now() - interval '1 second' WHERE id = ${id}`.execute(db());
  assert.equal((await post(officer.browser, id, '/apertura', { privateKey: key })).status, 303);
  return id;
}

const complaintsOf = async (id: string) =>
  (
    await sql<{
      id: string;
      offer_id: string;
      outcome: string | null;
      resolution: string | null;
    }>`SELECT id, offer_id, outcome, resolution FROM procurement.complaint WHERE tender_id = ${id} ORDER BY filed_at`.execute(db())
  ).rows;
const tenderRow = async (id: string) =>
  (
    await sql<{
      status: string;
      awarded_offer_id: string | null;
      award_round: number;
      standstill_ends_at: Date | null;
    }>`SELECT status, awarded_offer_id, award_round, standstill_ends_at FROM procurement.tender WHERE id = ${id}`.execute(db())
  ).rows[0]!;
const endStandstill = (id: string) => sql`UPDATE procurement.tender SET standstill_ends_at = now() - interval '1 second' WHERE id = ${id}`.execute(db());
const answerPath = (id: string, complaint: string) => `/compras/${id}/reclamos/${complaint}/respuesta`;

it('suspends the award while a complaint is pending; rejected keeps it, upheld annuls it and the next offer wins; OCDS shows both awards', async () => {
  const officer = await person('Oficial', { agency: 'AGETIC' });
  const stranger = await person('Ajeno', { agency: 'SIN' });
  const low = await supplier('Barata', 'srl');
  const mid = await supplier('Media', 'srl');
  const high = await supplier('Cara', 'cooperativa');
  const id = await awarded(officer, [
    [low, '20000', 30],
    [mid, '25000', 30],
    [high, '28000', 30],
  ]);
  const offers = (await json(`/api/v1/procurement/tenders/${id}/offers`)).body.offers as Array<{ id: string; supplierKey: string; outcome: string }>;
  const offerOf = (nit: string) => offers.find((o) => o.supplierKey === nit)!.id;
  assert.equal((await tenderRow(id)).awarded_offer_id, offerOf(low.nit));

  // A burst of 20 identical complaints from one unit stores one.
  const url = `${app().baseUrl}/compras/${id}`;
  const page = await (await mid.browser.request(url)).text();
  const index = formsIn(page).findIndex((f) => f.action.startsWith(`/compras/${id}/reclamos`));
  const burst = await Promise.all(Array.from({ length: 20 }, () => mid.browser.submit(url, page, { complaint: 'La empresa Barata no cumple las condiciones.' }, index)));
  assert.deepEqual(burst.map((r) => r.status).sort(), [...Array(19).fill(409), 303].sort());
  assert.equal((await post(high.browser, id, '/reclamos', { complaint: 'El precio de Barata es temerario, no puede entregar.' })).status, 303);
  const [midComplaint, highComplaint] = await complaintsOf(id);
  assert.equal(midComplaint!.offer_id, offerOf(mid.nit));
  assert.equal(highComplaint!.offer_id, offerOf(high.nit));

  // Pending: the award is suspended, even after the standstill: no form, and the route refuses.
  await endStandstill(id);
  const suspended = await (await officer.browser.request(url)).text();
  assert.match(suspended, /adjudicación está suspendida/);
  assert.equal(
    formsIn(suspended).findIndex((f) => f.action === `/compras/${id}/contrato`),
    -1,
  );
  const refused = await postDirect(officer.browser, `/compras/${id}/contrato`, {});
  assert.equal(refused.status, 409);
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM procurement.contract WHERE tender_id = ${id}`.execute(db())).rows[0]!.n, 0);

  // Only the entity's officers answer, with the form's CSRF token, with a decision and its reasons.
  assert.equal((await postDirect(stranger.browser, answerPath(id, midComplaint!.id), { outcome: 'upheld', reasons: 'Sin competencia para esto.' })).status, 403);
  assert.equal((await postDirect(mid.browser, answerPath(id, midComplaint!.id), { outcome: 'upheld', reasons: 'Me doy la razón a mí mismo.' })).status, 403);
  const forged = await officer.browser.request(`${app().baseUrl}${answerPath(id, midComplaint!.id)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ outcome: 'upheld', reasons: 'Sin la ficha del formulario.' }).toString(),
  });
  assert.equal(forged.status, 403);
  const bad = await post(officer.browser, id, `/reclamos/${midComplaint!.id}/respuesta`, { outcome: 'quizas', reasons: 'corto' });
  assert.equal(bad.status, 422);
  const badHtml = await bad.text();
  assert.match(badHtml, /href="#campo-outcome"/);
  assert.match(badHtml, /href="#campo-reasons"/);
  assert.match(badHtml, />corto</, 'what was typed is kept');
  assert.equal((await postDirect(officer.browser, answerPath(id, '00000000-0000-4000-8000-000000000000'), { outcome: 'rejected', reasons: 'No existe este reclamo.' })).status, 404);
  assert.equal((await complaintsOf(id))[0]!.outcome, null, 'nothing answered yet');

  // Rejected: the award stands; one answer only (a burst of 20 answers records one).
  const answerPage = await (await officer.browser.request(url)).text();
  const answerIndex = formsIn(answerPage).findIndex((f) => f.action.startsWith(answerPath(id, midComplaint!.id)));
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => officer.browser.submit(url, answerPage, { outcome: 'rejected', reasons: 'Barata acreditó su capacidad de entrega.' }, answerIndex)),
  );
  assert.deepEqual(answers.map((r) => r.status).sort(), [...Array(19).fill(409), 303].sort());
  assert.equal((await tenderRow(id)).awarded_offer_id, offerOf(low.nit));
  assert.equal((await postDirect(officer.browser, `/compras/${id}/contrato`, {})).status, 409, 'still suspended: one complaint pending');

  // Upheld: the award is annulled, the next lowest price wins with a new standstill.
  assert.equal((await post(officer.browser, id, `/reclamos/${highComplaint!.id}/respuesta`, { outcome: 'upheld', reasons: 'El precio es anormalmente bajo y no se justificó.' })).status, 303);
  const after1 = await tenderRow(id);
  assert.equal(after1.status, 'awarded');
  assert.equal(after1.awarded_offer_id, offerOf(mid.nit));
  assert.equal(after1.award_round, 2);
  assert.ok(after1.standstill_ends_at && after1.standstill_ends_at > new Date(), 'a new standstill');
  const reopened = (await json(`/api/v1/procurement/tenders/${id}/offers`)).body.offers as Array<{ supplierKey: string; outcome: string; reason: string }>;
  assert.deepEqual(
    reopened.map((o) => [o.supplierKey, o.outcome, o.reason]),
    [
      [low.nit, 'disqualified', 'complaint_upheld'],
      [mid.nit, 'winner', 'lowest_price'],
      [high.nit, 'qualified', 'higher_price'],
    ],
  );
  // Public: both answers with their reasons.
  const publicPage = await (await fetch(url)).text();
  assert.match(publicPage, /Infundado el .*: Barata acreditó su capacidad de entrega\./);
  assert.match(publicPage, /Fundado el .*: El precio es anormalmente bajo/);
  const audit = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE subject_id = ${id} AND action = 'procurement.complaint_answered'`.execute(db())).rows[0]!.n;
  assert.equal(audit, 2);
  assert.equal((await postDirect(officer.browser, answerPath(id, highComplaint!.id), { outcome: 'rejected', reasons: 'Cambio de opinión tardío.' })).status, 409);

  // The new award: the contract waits for its standstill; the others may complain against it once more.
  assert.equal((await postDirect(officer.browser, `/compras/${id}/contrato`, {})).status, 409);
  assert.equal((await post(high.browser, id, '/reclamos', { complaint: 'Media tampoco cumple las condiciones.' })).status, 303);
  const third = (await complaintsOf(id))[2]!;
  assert.equal((await post(officer.browser, id, `/reclamos/${third.id}/respuesta`, { outcome: 'rejected', reasons: 'Media cumple todas las condiciones.' })).status, 303);
  await endStandstill(id);
  assert.equal((await post(officer.browser, id, '/contrato', {})).status, 303);
  assert.equal((await post(mid.browser, id, '/contrato/aceptar', {})).status, 303);

  // OCDS: the first award cancelled, the second pending then active under its contract; all valid.
  const ocid = `ocds-tambo-bo-${id}`;
  const releases = await json(`/api/v1/ocds/release-packages?ocid=${ocid}`);
  const { links: _links, ...packageBody } = releases.body;
  assert.deepEqual(ocdsErrors('releasePackage', packageBody), []);
  const list = releases.body.releases as Release[];
  for (const r of list) assert.deepEqual(ocdsErrors('release', r), [], r.id);
  assert.ok(list.some((r) => r.tag.includes('awardCancellation')));
  const compiled = compile(list) as Record<string, any>;
  assert.deepEqual(
    compiled.awards.map((a: { id: string; status: string; suppliers?: Array<{ id: string }> }) => [a.id, a.status, a.suppliers?.[0]?.id]),
    [
      [`${id}-award`, 'cancelled', `BO-NIT-${low.nit}`],
      [`${id}-award-2`, 'active', `BO-NIT-${mid.nit}`],
    ],
  );
  assert.equal(compiled.contracts[0].awardID, `${id}-award-2`);
  assert.equal(compiled.parties.find((p: { id: string }) => p.id === `BO-NIT-${low.nit}`).roles.join(), 'tenderer');
});

it('an upheld complaint with no other qualified offer leaves the process unsuccessful', async () => {
  const officer = await person('Oficiala', { agency: 'AGETIC' });
  const winner = await supplier('Ganadora', 'srl');
  const late = await supplier('Tardia', 'srl');
  // The late one offers delivery after the need's date (40 days): disqualified at the opening.
  const id = await awarded(officer, [
    [winner, '20000', 30],
    [late, '18000', 60],
  ]);
  assert.equal((await post(late.browser, id, '/reclamos', { complaint: 'La ganadora no presentó su registro sanitario.' })).status, 303);
  const [complaint] = await complaintsOf(id);
  assert.equal((await post(officer.browser, id, `/reclamos/${complaint!.id}/respuesta`, { outcome: 'upheld', reasons: 'Falta el registro sanitario exigido.' })).status, 303);
  const row = await tenderRow(id);
  assert.deepEqual([row.status, row.awarded_offer_id, row.standstill_ends_at], ['unsuccessful', null, null]);
  assert.equal((await postDirect(officer.browser, `/compras/${id}/contrato`, {})).status, 409);
  const list = (await json(`/api/v1/ocds/release-packages?ocid=ocds-tambo-bo-${id}`)).body.releases as Release[];
  for (const r of list) assert.deepEqual(ocdsErrors('release', r), [], r.id);
  const compiled = compile(list) as Record<string, any>;
  assert.equal(compiled.tender.status, 'unsuccessful');
  assert.deepEqual(
    compiled.awards.map((a: { status: string }) => a.status),
    ['cancelled'],
  );
});

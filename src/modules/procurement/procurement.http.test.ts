// State procurement over real HTTP: an officer publishes a need and gets the opening key (kept
// nowhere else); two suppliers, acting for their units, send sealed offers with a receipt (hash
// and RFC 3161 timestamp); nothing reads an offer before the opening act (no route, no column);
// after the deadline the key opens them and the rule picks the lowest price; the losing bidder
// complains during the standstill and the entity answers; the contract is signed, accepted at level sustancial, and
// delivered and paid; every OCDS package validates and the compiled record agrees with its
// releases. Also: a burst of 20 identical offers makes one, other agencies and reservations refuse.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { formsIn } from '../../../test/helpers/http-client.ts';
import { compile, type Release } from './ocds.ts';
import { ocdsErrors } from './ocds-schemas.test-helpers.ts';
import { procurementTestApp } from './procurement.test-helpers.ts';

const { app, db, person, supplier, inFuture, day, publish, post, postDirect, json } = procurementTestApp();

it('runs a process from the need to payment, sealed until the opening, and publishes every stage as valid OCDS', async () => {
  const officer = await person('Oficial', { agency: 'AGETIC' });
  const { id, key, html } = await publish(officer.browser);
  assert.match(html, /no la conserva/);
  const tender = await db()
    .selectFrom('procurement.tender' as never)
    .selectAll()
    .where('id' as never, '=', id as never)
    .executeTakeFirstOrThrow();
  assert.ok(!JSON.stringify(tender).includes('PRIVATE KEY'), 'the private key is not stored');

  const coop = await supplier('Cooperativa', 'cooperativa');
  const firm = await supplier('Empresa', 'srl');
  const offered = await post(coop.browser, id, '/ofertas', { amount: '27500,50', deliveryDate: day(inFuture(30)) });
  assert.equal(offered.status, 303);
  assert.equal((await post(firm.browser, id, '/ofertas', { amount: '29999', deliveryDate: day(inFuture(35)) })).status, 303);
  const receipt = await (await coop.browser.request(`${app().baseUrl}/compras/${id}?hecho=oferta`)).text();
  assert.match(receipt, /[0-9a-f]{64}/, 'the receipt shows the hash');
  const token = await coop.browser.request(`${app().baseUrl}/compras/${id}/recibo`);
  assert.equal(token.status, 200);
  assert.equal((await token.arrayBuffer()).byteLength > 500, true, 'an RFC 3161 token');

  // A question, and its public answer.
  assert.equal((await post(firm.browser, id, '/preguntas', { question: '¿Se acepta quinua negra?' })).status, 303);
  const [question] = (await sql<{ id: string }>`SELECT id FROM procurement.question WHERE tender_id = ${id}`.execute(db())).rows;
  assert.equal((await post(officer.browser, id, `/preguntas/${question!.id}/respuesta`, { answer: 'Solo quinua real blanca.' })).status, 303);
  assert.match(await (await fetch(`${app().baseUrl}/compras/${id}`)).text(), /Solo quinua real blanca/);

  // Sealed: no route reads an offer, the opening waits for the deadline, no column holds a price.
  assert.equal((await json(`/api/v1/procurement/tenders/${id}/offers`)).body.code, 'PROCUREMENT_SEALED');
  assert.equal((await officer.browser.request(`${app().baseUrl}/compras/${id}/ofertas`)).status, 409);
  const early = await officer.browser.request(`${app().baseUrl}/compras/${id}`);
  const earlyHtml = await early.text();
  assert.ok(!/27[.,]?500/.test(earlyHtml) && !earlyHtml.includes('apertura'), 'no price and no opening form before the deadline');
  const everything = (
    await sql<{
      dump: string;
    }>`SELECT (SELECT json_agg(o)::text FROM procurement.offer o) || (SELECT json_agg(r)::text FROM procurement.release r) || (SELECT coalesce(json_agg(a)::text, '') FROM audit.entry a WHERE a.subject_id = ${id}) AS dump`.execute(
      db(),
    )
  ).rows[0]!.dump;
  assert.ok(!/27500|29999/.test(everything), 'no table holds a price before the opening');

  // After the deadline: a wrong key is refused, the right one opens and evaluates.
  await sql`UPDATE procurement.tender SET published_at = now() - interval '10 days', deadline = now() - interval '1 second' WHERE id = ${id}`.execute(db());
  const other = await publish(officer.browser);
  const wrong = await post(officer.browser, id, '/apertura', { privateKey: other.key });
  assert.equal(wrong.status, 422);
  assert.match(await wrong.text(), /href="#campo-privateKey"/);
  assert.equal((await post(officer.browser, id, '/apertura', { privateKey: key })).status, 303);
  const offers = (await json(`/api/v1/procurement/tenders/${id}/offers`)).body.offers as Array<{ supplierKey: string; amount: number; outcome: string }>;
  assert.deepEqual(
    offers.map((o) => [o.supplierKey, o.amount, o.outcome]),
    [
      [coop.nit, 27500.5, 'winner'],
      [firm.nit, 29999, 'qualified'],
    ],
  );

  // The standstill: the loser complains (with a legal time), the winner may not; no contract yet.
  assert.equal((await post(firm.browser, id, '/reclamos', { complaint: 'La cooperativa no tiene capacidad de entrega.' })).status, 303);
  const due = (await sql<{ due_at: Date; filed_at: Date }>`SELECT due_at, filed_at FROM procurement.complaint WHERE tender_id = ${id}`.execute(db())).rows[0]!;
  assert.ok(due.due_at.getTime() - due.filed_at.getTime() >= 5 * 86_400_000, 'five business days');
  assert.equal((await postDirect(coop.browser, `/compras/${id}/reclamos`, { complaint: 'x'.repeat(20) })).status, 403);
  assert.equal((await postDirect(officer.browser, `/compras/${id}/contrato`, {})).status, 409);

  // The entity rejects the complaint with its reasons (complaints.http.test.ts covers the branches).
  const [complaint] = (await sql<{ id: string }>`SELECT id FROM procurement.complaint WHERE tender_id = ${id}`.execute(db())).rows;
  assert.equal((await post(officer.browser, id, `/reclamos/${complaint!.id}/respuesta`, { outcome: 'rejected', reasons: 'La cooperativa acreditó su capacidad.' })).status, 303);

  // After the standstill: signed, accepted by the winner, delivered and paid.
  await sql`UPDATE procurement.tender SET standstill_ends_at = now() - interval '1 second' WHERE id = ${id}`.execute(db());
  assert.equal((await post(officer.browser, id, '/contrato', {})).status, 303);
  assert.equal((await post(coop.browser, id, '/contrato/aceptar', {})).status, 303);
  assert.equal((await post(officer.browser, id, '/ejecucion', { kind: 'delivery', amount: '', onDate: day(new Date()), note: 'Primera entrega' })).status, 303);
  assert.equal((await post(officer.browser, id, '/ejecucion', { kind: 'payment', amount: '27500,50', onDate: day(new Date()), note: '' })).status, 303);
  const contract = (await sql<{ document_number: string; accepted_by: string }>`SELECT document_number, accepted_by FROM procurement.contract WHERE tender_id = ${id}`.execute(db())).rows[0]!;
  assert.equal(contract.accepted_by, coop.id);
  const audit = (await sql<{ action: string }>`SELECT action FROM audit.entry WHERE subject_id = ${id} ORDER BY occurred_at, position`.execute(db())).rows.map((r) => r.action);
  for (const action of [
    'procurement.tender_published',
    'procurement.offer_sealed',
    'procurement.offers_opened',
    'procurement.complaint_filed',
    'procurement.complaint_answered',
    'procurement.contract_signed',
    'procurement.contract_accepted',
    'procurement.transaction_recorded',
  ])
    assert.ok(audit.includes(action), action);

  // OCDS: every package validates; the record's compiled release agrees with its releases.
  const ocid = `ocds-tambo-bo-${id}`;
  const releases = await json(`/api/v1/ocds/release-packages?ocid=${ocid}`);
  assert.deepEqual(ocdsErrors('releasePackage', stripLinks(releases.body)), []);
  const list = releases.body.releases as Release[];
  for (const r of list) assert.deepEqual(ocdsErrors('release', r), [], r.id);
  const tags = new Set(list.flatMap((r) => r.tag));
  for (const tag of ['planning', 'tender', 'award', 'contract', 'contractUpdate', 'implementation']) assert.ok(tags.has(tag), tag);
  const records = await json(`/api/v1/ocds/record-packages?limit=500`);
  assert.deepEqual(ocdsErrors('recordPackage', stripLinks(records.body)), []);
  const record = (records.body.records as Array<{ ocid: string; releases: Array<{ date: string }>; compiledRelease: Release }>).find((r) => r.ocid === ocid)!;
  assert.equal(record.releases.length, list.length);
  assert.deepEqual(record.compiledRelease, compile(list));
  const compiled = record.compiledRelease as Record<string, any>;
  assert.equal(compiled.tender.status, 'complete');
  assert.equal(compiled.tender.numberOfTenderers, 2);
  assert.equal(compiled.awards[0].status, 'active');
  assert.equal(compiled.awards[0].suppliers[0].id, `BO-NIT-${coop.nit}`);
  assert.equal(compiled.contracts[0].status, 'active');
  assert.equal(compiled.contracts[0].documents[0].title, contract.document_number);
  assert.equal(compiled.contracts[0].implementation.transactions.length, 1);
  assert.equal(compiled.contracts[0].implementation.milestones.length, 1);
  // Every compiled leaf comes from the latest release that sets it.
  assert.equal(compiled.tender.title, list[0]!.tender && (list[0]!.tender as { title: string }).title);

  // Paging by date: one release per page follows `links.next` through all of them.
  let next: string | null = `/api/v1/ocds/release-packages?ocid=${ocid}&limit=1`;
  const paged: string[] = [];
  while (next) {
    const page = await json(next.replace(app().baseUrl, ''));
    paged.push(...(page.body.releases as Release[]).map((r) => r.id));
    next = page.body.links.next;
  }
  assert.deepEqual(
    paged,
    list.map((r) => r.id),
  );

  // Bulk files and public pages.
  const lines = (await (await fetch(`${app().baseUrl}/api/v1/ocds/releases.jsonl`)).text()).trim().split('\n');
  assert.ok(lines.some((l) => JSON.parse(l).ocid === ocid));
  assert.match(await (await fetch(`${app().baseUrl}/api/v1/ocds/awards.csv`)).text(), new RegExp(`${ocid},AGETIC,.*,${coop.nit},27500.5`));
  assert.match(await (await fetch(`${app().baseUrl}/compras/proveedores/${coop.nit}`)).text(), /Quinua en grano/);
  assert.match(await (await fetch(`${app().baseUrl}/compras/observatorio`)).text(), /AGETIC/);
  assert.match(await (await fetch(`${app().baseUrl}/compras?supplier=${coop.nit}`)).text(), new RegExp(id));
});

const stripLinks = (body: Record<string, unknown>) => {
  const { links: _links, ...rest } = body;
  return rest;
};

it('takes exactly one offer from a burst of 20 identical ones, and refuses other agencies, reservations and late offers', async () => {
  const officer = await person('Oficiala', { agency: 'AGETIC' });
  const stranger = await person('Ajeno', { agency: 'SIN' });
  const { id, key } = await publish(officer.browser, { reserved: 'community' });
  const coop = await supplier('Comunidad', 'cooperativa');
  const firm = await supplier('Sociedad', 'sa');

  const url = `${app().baseUrl}/compras/${id}`;
  const page = await (await coop.browser.request(url)).text();
  const index = formsIn(page).findIndex((f) => f.action.startsWith(`/compras/${id}/ofertas`));
  const burst = await Promise.all(Array.from({ length: 20 }, () => coop.browser.submit(url, page, { amount: '1000', deliveryDate: day(inFuture(20)) }, index)));
  assert.equal(burst.filter((r) => r.status === 303).length, 1);
  assert.equal(burst.filter((r) => r.status === 409).length, 19);
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM procurement.offer WHERE tender_id = ${id}`.execute(db())).rows[0]!.n, 1);

  // Reserved for community producers: a company may not offer (no form; the route refuses).
  const refused = await firm.browser.submit(url, page, { amount: '900', deliveryDate: day(inFuture(20)) }, index);
  assert.equal(refused.status, 403);

  // Another agency's officer may not open; nobody may open before the deadline.
  await sql`UPDATE procurement.tender SET published_at = now() - interval '10 days', deadline = now() - interval '1 second' WHERE id = ${id}`.execute(db());
  const strangerPage = await (await stranger.browser.request(url)).text();
  assert.equal(
    formsIn(strangerPage).findIndex((f) => f.action.startsWith(`/compras/${id}/apertura`)),
    -1,
  );
  assert.equal((await postDirect(stranger.browser, `/compras/${id}/apertura`, { privateKey: key })).status, 403);
  // Late offer.
  assert.equal((await coop.browser.submit(url, page, { amount: '1000', deliveryDate: day(inFuture(20)) }, index)).status, 409);
  // A single bidder is flagged once opened, and so is the short period.
  assert.equal((await post(officer.browser, id, '/apertura', { privateKey: key })).status, 303);
  const flags = (await json(`/api/v1/procurement/tenders/${id}`)).body.redFlags as string[];
  assert.deepEqual(flags.sort(), ['single_bidder']);
});

it('an offer through the form makes at most 5 statements (9, then 7 before): the session (1: slid, with its account and roles), the process, the units the person represents (2, read once, not twice), the offer with its audit entry and event in one', async () => {
  const officer = await person('Oficiala', { agency: 'AGETIC' });
  const { id } = await publish(officer.browser);
  const coop = await supplier('Conteo', 'cooperativa');
  const url = `${app().baseUrl}/compras/${id}`;
  const page = await (await coop.browser.request(url)).text();
  const index = formsIn(page).findIndex((f) => f.action.startsWith(`/compras/${id}/ofertas`));
  const { countStatements } = await import('../../../test/helpers/statements.ts');
  const { result, count, statements } = await countStatements(() => coop.browser.submit(url, page, { amount: '1000', deliveryDate: day(inFuture(20)) }, index));
  assert.equal(result.status, 303);
  assert.ok(count <= 5, `at most 5 statements, got ${count}:\n${statements.join('\n')}`);
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM procurement.offer WHERE tender_id = ${id} AND timestamp_token IS NOT NULL`.execute(db())).rows[0]!.n, 1);
});

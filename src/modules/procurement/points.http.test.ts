// The points rule over real HTTP: a need published with the price's weight and quality criteria;
// after the opening act the committee's scores are asked for (a bad score refused next to its
// field), the rule computes the totals by hand-checked figures and a pricier but better offer
// wins; a burst of identical scorings records one; OCDS says `ratedCriteria` and validates.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import type { Release } from './ocds.ts';
import { ocdsErrors } from './ocds-schemas.test-helpers.ts';
import { procurementTestApp } from './procurement.test-helpers.ts';

const { app, db, person, supplier, inFuture, day, needForm, publish, post, postDirect, json } = procurementTestApp();

it('awards by points: the price weighted against the quality scores of the committee', async () => {
  const officer = await person('Oficial', { agency: 'AGETIC' });
  // Weights that do not add up to 100 are refused, what was typed kept.
  const url = `${app().baseUrl}/compras/nueva`;
  const form = await (await officer.browser.request(url)).text();
  const refused = await officer.browser.submit(url, form, needForm({ rule: 'points', priceWeight: '60', criteria: 'Calidad: 30' }));
  assert.equal(refused.status, 422);
  const refusedHtml = await refused.text();
  assert.match(refusedHtml, /href="#campo-priceWeight"/);
  assert.match(refusedHtml, /Calidad: 30<\/textarea>/);

  const { id, key } = await publish(officer.browser, { rule: 'points', priceWeight: '60', criteria: 'Calidad técnica: 25\nExperiencia: 15' });
  const cheap = await supplier('Barata', 'srl');
  const good = await supplier('Buena', 'srl');
  assert.equal((await post(cheap.browser, id, '/ofertas', { amount: '20000', deliveryDate: day(inFuture(30)) })).status, 303);
  assert.equal((await post(good.browser, id, '/ofertas', { amount: '25000', deliveryDate: day(inFuture(30)) })).status, 303);
  await sql`UPDATE procurement.tender SET published_at = now() - interval '10 days', deadline = now() - interval '1 second' WHERE id = ${id}`.execute(db());
  assert.equal((await post(officer.browser, id, '/apertura', { privateKey: key })).status, 303);

  // Opened, not awarded: the offers wait for the scores.
  const waiting = (await json(`/api/v1/procurement/tenders/${id}/offers`)).body.offers as Array<{ id: string; supplierKey: string; reason: string }>;
  assert.deepEqual(
    waiting.map((o) => o.reason),
    ['to_score', 'to_score'],
  );
  const offerOf = (nit: string) => waiting.find((o) => o.supplierKey === nit)!.id;
  const field = (nit: string, criterion: string) => `score-${offerOf(nit)}-${criterion}`;
  const scores = { [field(cheap.nit, 'c1')]: '40', [field(cheap.nit, 'c2')]: '20', [field(good.nit, 'c1')]: '100', [field(good.nit, 'c2')]: '100' };
  const bad = await post(officer.browser, id, '/puntajes', { ...scores, [field(good.nit, 'c2')]: '101' });
  assert.equal(bad.status, 422);
  assert.match(await bad.text(), new RegExp(`href="#campo-${field(good.nit, 'c2')}"`));
  const outsider = await person('Ajeno', { agency: 'SEGIP' });
  assert.equal((await postDirect(outsider.browser, `/compras/${id}/puntajes`, scores)).status, 403);

  // A burst of identical scorings records one; the totals as computed by hand:
  // cheap: 60 × 20000/20000 + 25 × 0.40 + 15 × 0.20 = 60 + 10 + 3 = 73
  // good:  60 × 20000/25000 + 25 × 1.00 + 15 × 1.00 = 48 + 25 + 15 = 88 → wins at the higher price.
  const burst = await Promise.all(Array.from({ length: 5 }, () => postDirect(officer.browser, `/compras/${id}/puntajes`, scores)));
  assert.deepEqual(burst.map((r) => r.status).sort(), [303, 409, 409, 409, 409]);
  const offers = (await json(`/api/v1/procurement/tenders/${id}/offers`)).body.offers as Array<{ supplierKey: string; amount: number; outcome: string; reason: string }>;
  assert.deepEqual(
    offers.map((o) => [o.supplierKey, o.amount, o.outcome, o.reason]),
    [
      [good.nit, 25000, 'winner', 'highest_points'],
      [cheap.nit, 20000, 'qualified', 'lower_points'],
    ],
  );
  const points = (await sql<{ supplier_key: string; points: string }>`SELECT supplier_key, points FROM procurement.offer WHERE tender_id = ${id}`.execute(db())).rows;
  assert.deepEqual(Object.fromEntries(points.map((p) => [p.supplier_key, Number(p.points)])), { [cheap.nit]: 73, [good.nit]: 88 });
  assert.equal(
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM procurement.offer_score s JOIN procurement.offer o ON o.id = s.offer_id WHERE o.tender_id = ${id}`.execute(db())).rows[0]!.n,
    4,
  );
  const page = await (await fetch(`${app().baseUrl}/compras/${id}`)).text();
  assert.match(page, /88 puntos/);

  // OCDS: the rated criteria at publication, the award after the scores, every release valid.
  const releases = (await json(`/api/v1/ocds/release-packages?ocid=ocds-tambo-bo-${id}`)).body.releases as Release[];
  for (const r of releases) assert.deepEqual(ocdsErrors('release', r), [], r.id);
  const first = releases[0] as unknown as { tender: { awardCriteria: string; awardCriteriaDetails: string } };
  assert.equal(first.tender.awardCriteria, 'ratedCriteria');
  assert.match(first.tender.awardCriteriaDetails, /price 60 .*Calidad técnica 25, Experiencia 15/);
  const award = releases.find((r) => r.tag.includes('award')) as unknown as { awards: Array<{ suppliers: Array<{ id: string }> }> };
  assert.ok(award.awards[0]!.suppliers[0]!.id.endsWith(good.nit));
  const audit = (await sql<{ action: string }>`SELECT action FROM audit.entry WHERE subject_id = ${id}`.execute(db())).rows.map((r) => r.action);
  assert.equal(audit.filter((a) => a === 'procurement.offers_scored').length, 1);
});

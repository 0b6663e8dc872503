// The opening key split among the committee over real HTTP: published with 3 members and a quorum
// of 2, the page hands out 3 shares and no whole key (stored nowhere); one share does not open the
// offers, any two do.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { procurementTestApp } from './procurement.test-helpers.ts';

const { app, db, person, supplier, inFuture, day, needForm, post, json } = procurementTestApp();

it('splits the opening key among the committee: k of n shares open the offers, fewer do not', async () => {
  const officer = await person('Oficial', { agency: 'AGETIC' });
  const url = `${app().baseUrl}/compras/nueva`;
  const fields = needForm({ committee: '3', quorum: '4' });
  const refused = await officer.browser.submit(url, await (await officer.browser.request(url)).text(), fields);
  assert.equal(refused.status, 422);
  assert.match(await refused.text(), /href="#campo-quorum"/);
  const published = await officer.browser.submit(url, await (await officer.browser.request(url)).text(), { ...fields, quorum: '2' });
  assert.equal(published.status, 201);
  const html = await published.text();
  assert.ok(!html.includes('PRIVATE KEY'), 'no whole key on the page');
  const shares = [1, 2, 3].map((n) => new RegExp(`name="share${n}"[^>]*>([0-9]+-[A-Za-z0-9+/=]+)</textarea>`).exec(html)?.[1]);
  assert.ok(shares.every(Boolean), 'three shares');
  const id = /href="\/compras\/([0-9a-f-]{36})"/.exec(html)![1]!;
  const stored = JSON.stringify((await sql`SELECT * FROM procurement.tender WHERE id = ${id}`.execute(db())).rows);
  assert.ok(
    shares.every((s) => !stored.includes(s!.slice(2, 40))),
    'no share is stored',
  );

  const firm = await supplier('Empresa', 'srl');
  assert.equal((await post(firm.browser, id, '/ofertas', { amount: '18000', deliveryDate: day(inFuture(30)) })).status, 303);
  await sql`UPDATE procurement.tender SET published_at = now() - interval '10 days', deadline = now() - interval '1 second' WHERE id = ${id}`.execute(db());
  const one = await post(officer.browser, id, '/apertura', { privateKey: shares[0]! });
  assert.equal(one.status, 422, 'one share is not enough');
  assert.equal((await post(officer.browser, id, '/apertura', { privateKey: `${shares[2]}\n${shares[0]}` })).status, 303);
  const offers = (await json(`/api/v1/procurement/tenders/${id}/offers`)).body.offers as Array<{ amount: number; outcome: string }>;
  assert.deepEqual(
    offers.map((o) => [o.amount, o.outcome]),
    [[18000, 'winner']],
  );
});

// A community council proposes a project as such: one of its spokespeople (the territory role
// `project_spokesperson`) sends the proposal on its behalf; the council is shown as the proposer
// and is the executor. Nobody else may name a council, and a council proposes only in its unit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { makeConsultation } from './consultations.test-helpers.ts';

describe('proposals by a community council', () => {
  let t: TestApp & { baseUrl: string };
  before(async () => {
    t = await listenTestApp({ demo: true });
  });
  after(async () => t.close());
  const db = () => t.app.tambo.deps.db;

  const person = async (name: string, spokespersonOf: string[]) => {
    const email = `${name.toLowerCase()}.${newDocument()}@example.bo`;
    const id = await testAccount(t.app.tambo.deps, { documentNumber: newDocument(), givenName: name, familyName: 'Vocera', email });
    for (const territory of spokespersonOf) await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${id}, ${territory}, 'project_spokesperson')`.execute(db());
    const browser = new HttpSession();
    await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
    return { id, browser };
  };
  const proposals = async (consultationId: string) =>
    (
      await sql<{ title: string; proposed_by_council: string | null; executor_territory_code: string }>`
      SELECT title, proposed_by_council, executor_territory_code FROM consultations.proposal WHERE consultation_id = ${consultationId} ORDER BY seq`.execute(db())
    ).rows;

  it("a spokesperson proposes for her council, in the council's unit only; the council is the proposer and executor, in public", async () => {
    const c = await makeConsultation(t.app.tambo.deps, {
      phase: 'proposals',
      units: [
        { code: 'BO-L-01-02', name: 'El Alto', budgetMinor: 100_000, costs: [] },
        { code: 'BO-L-01-01', name: 'La Paz', budgetMinor: 100_000, costs: [] },
      ],
    });
    const vocera = await person('Teodora', ['BO-L-01-02', 'BO-L-01-01']);
    const url = `${t.baseUrl}/consultas/${c.slug}/proponer`;
    const form = await (await vocera.browser.request(url)).text();
    assert.match(form, /name="consejo"/, 'the form offers her councils');
    assert.match(form, /<option value="BO-L-01-02"[^>]*>El Alto<\/option>/);

    // La Paz's council proposing in El Alto: refused at the field, what she typed kept.
    const fields = { unidad: 'BO-L-01-02', titulo: 'Canchas del distrito 8', descripcion: 'Dos canchas con graderías.', costo: '40000' };
    const elsewhere = await vocera.browser.submit(url, form, { ...fields, consejo: 'BO-L-01-01' });
    assert.equal(elsewhere.status, 400);
    const elsewhereHtml = await elsewhere.text();
    assert.match(elsewhereHtml, /href="#campo-consejo"/);
    assert.match(elsewhereHtml, /no está en la unidad elegida/);
    assert.match(elsewhereHtml, /value="Canchas del distrito 8"/);
    // A council she does not speak for (a forged form): refused.
    const forged = await vocera.browser.submit(url, form, { ...fields, consejo: 'BO-L-01-03' });
    assert.equal(forged.status, 400);
    assert.match(await forged.text(), /Elija un consejo comunal del que sea vocera o vocero/);
    assert.equal((await proposals(c.id)).length, 0, 'nothing stored');

    const sent = await vocera.browser.submit(url, form, { ...fields, consejo: 'BO-L-01-02' });
    assert.equal(sent.status, 303, await sent.text());
    assert.deepEqual(await proposals(c.id), [{ title: 'Canchas del distrito 8', proposed_by_council: 'BO-L-01-02', executor_territory_code: 'BO-L-01-02' }]);
    const audit = await sql<{
      data: { council: string };
    }>`SELECT data FROM audit.entry WHERE action = 'consultations.proposal_submitted' AND actor_id = ${vocera.id} AND data->>'council' IS NOT NULL`.execute(db());
    assert.deepEqual(
      audit.rows.map((r) => r.data.council),
      ['BO-L-01-02'],
    );
    assert.match(await (await fetch(`${t.baseUrl}/consultas/${c.slug}`)).text(), /Propuesto por el consejo comunal El Alto/);

    // As herself: no council named.
    const own = await vocera.browser.submit(url, form, { ...fields, titulo: 'Una idea mía', consejo: '' });
    assert.equal(own.status, 303);
    assert.equal((await proposals(c.id)).find((p) => p.title === 'Una idea mía')?.proposed_by_council, null);
  });

  it('a person who speaks for no council is not offered one, and naming one is refused', async () => {
    const c = await makeConsultation(t.app.tambo.deps, { phase: 'proposals', units: [{ code: 'BO-L-01-02', name: 'El Alto', budgetMinor: 100_000, costs: [] }] });
    const vecino = await person('Mario', []);
    const url = `${t.baseUrl}/consultas/${c.slug}/proponer`;
    const form = await (await vecino.browser.request(url)).text();
    assert.doesNotMatch(form, /name="consejo"/);
    const forged = await vecino.browser.submit(url, form, { unidad: 'BO-L-01-02', titulo: 'Plaza', descripcion: 'Una plaza.', costo: '1000', consejo: 'BO-L-01-02' });
    assert.equal(forged.status, 400);
    assert.equal((await proposals(c.id)).length, 0);
  });
});

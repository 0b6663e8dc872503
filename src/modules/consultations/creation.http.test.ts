// Creating a consultation from the officials' page /gestion/consultas/nueva: who may, every
// problem at its field with the input kept, territories outside the official's grant refused,
// and 20 identical submits creating one consultation, audited.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { formsIn, HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { localDate } from '../../platform/country/business-days.ts';
import { addDays } from '../../platform/country/calendar.ts';
import { instantAt } from '../../platform/country/zoned.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ demo: true });
});
after(async () => t.close());

const EL_ALTO = 'BO-L-01-02';
const LA_PAZ = 'BO-L-01-01';

describe('a consultation created on a page', () => {
  const deps = () => t.app.tambo.deps;
  const url = () => `${t.baseUrl}/gestion/consultas/nueva`;
  const signedIn = async (officerOf?: string) => {
    const email = `oficial-${randomUUID().slice(0, 8)}@prueba.bo`;
    const id = await testAccount(deps(), { documentNumber: newDocument(), givenName: 'Rosa', familyName: 'Mamani', email });
    if (officerOf) await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${id}, ${officerOf}, 'consultation_officer')`.execute(deps().db);
    const session = new HttpSession();
    await signInPortal(t, session, email, TEST_ACCOUNT_PASSWORD);
    return { id, session };
  };
  const dayText = (date: string) => {
    const [y, m, d] = date.split('-');
    return `${Number(d)}/${Number(m)}/${y}`;
  };
  const today = () => localDate(deps().country, new Date());
  const valid = (title: string) => ({
    titulo: title,
    descripcion: 'Los vecinos eligen sus obras.',
    unidades: `${EL_ALTO}; 150000`,
    regla: 'approval',
    minimo: '1',
    maximo: '2',
    metodo: 'greedy',
    nivel: 'bajo',
    elegibilidad: 'both',
    cambio: 'si',
    propuestas: dayText(today()),
    revision: dayText(addDays(today(), 10)),
    votacion: dayText(addDays(today(), 20)),
    cierre: dayText(addDays(today(), 30)),
    ejecucion: dayText(addDays(today(), 40)),
  });

  it('is refused to a person without the role; shows every problem at its field with what was typed kept', async () => {
    const citizen = await signedIn();
    const refusedPage = await citizen.session.request(url());
    assert.equal(refusedPage.status, 403);
    // With a valid CSRF token of her own (the sign-out form of the page's header), still refused.
    const token = formsIn(await refusedPage.text()).find((f) => f.hidden._csrf)!.hidden._csrf!;
    const post = (session: HttpSession, fields: Record<string, string>) =>
      session.request(url(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    assert.equal((await post(citizen.session, { ...valid('Consulta ajena'), _csrf: token })).status, 403);

    const { session } = await signedIn(EL_ALTO);
    const page = await session.request(url());
    assert.equal(page.status, 200);
    const html = await page.text();
    // Without the form's CSRF token nothing is created.
    assert.equal((await post(session, valid('Consulta forjada'))).status, 403);

    const wrong = await session.submit(url(), html, {
      ...valid(''),
      unidades: `${EL_ALTO} 18.500\nnada`,
      maximo: '0',
      votacion: '31/02/2027',
      cierre: dayText(addDays(today(), -1)),
    });
    assert.equal(wrong.status, 400);
    const body = await wrong.text();
    assert.match(body, /<title>Error: /);
    for (const field of ['unidades', 'maximo', 'votacion', 'cierre']) assert.match(body, new RegExp(`href="#campo-${field}"`), field);
    assert.match(body, /Línea 1: escriba el código del territorio y su presupuesto/);
    assert.match(body, /Línea 2: escriba el código/);
    assert.match(body, /18\.500\nnada<\/textarea>/, 'the scope typed is kept');
    assert.match(body, /value="31\/02\/2027"/, 'the day typed is kept');
    // The rules createConsultation applies, at their fields: an empty title, the phases out of order.
    const unordered = await session.submit(url(), html, { ...valid(' '), votacion: dayText(addDays(today(), 5)) });
    assert.equal(unordered.status, 400);
    const text = await unordered.text();
    assert.match(text, /href="#campo-titulo">Escriba un título de hasta 200 caracteres/);
    assert.match(text, /href="#campo-votacion">La votación no puede empezar antes de la revisión técnica/);
    assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM consultations.consultation WHERE title IN ('Consulta forjada', 'Consulta ajena')`.execute(deps().db)).rows[0]!.n, 0);
  });

  it('refuses territories outside the official’s grant, and unknown ones, naming their lines', async () => {
    const { session } = await signedIn(EL_ALTO);
    const html = await (await session.request(url())).text();
    const refused = await session.submit(url(), html, { ...valid(`Fuera de mi territorio ${randomUUID().slice(0, 6)}`), unidades: `${EL_ALTO}; 1000\n${LA_PAZ}; 1000\nBO-X-99; 5` });
    assert.equal(refused.status, 400);
    const body = await refused.text();
    assert.match(body, new RegExp(`Línea 2: el territorio ${LA_PAZ} no está a su cargo`));
    assert.match(body, /Línea 3: no hay un territorio con el código BO-X-99/);
  });

  it('20 identical submits create one consultation, audited, that the official then manages', async () => {
    const { id, session } = await signedIn(EL_ALTO);
    const html = await (await session.request(url())).text();
    const title = `Presupuesto participativo ${randomUUID().slice(0, 8)}`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => session.submit(url(), html, valid(title))));
    assert.deepEqual(
      answers.map((r) => r.status),
      Array(20).fill(303),
    );
    const locations = new Set(answers.map((r) => r.headers.get('location')));
    assert.equal(locations.size, 1);
    const stored = await sql<{ id: string; slug: string; voting_open_at: Date; voting_close_at: Date; approval_max: number; allow_revote: boolean; currency: string }>`
      SELECT id, slug, voting_open_at, voting_close_at, approval_max, allow_revote, currency FROM consultations.consultation WHERE title = ${title}`.execute(deps().db);
    assert.equal(stored.rows.length, 1);
    const c = stored.rows[0]!;
    assert.equal([...locations][0], `/consultas/${c.slug}/gestion`);
    assert.equal(c.approval_max, 2);
    assert.equal(c.allow_revote, true);
    assert.equal(c.currency, 'BOB');
    // Days on the country's clock: the voting opens at 0:00 of its day and closes at the end of its last day.
    assert.equal(c.voting_open_at.getTime(), instantAt(deps().country.timeZone, addDays(today(), 20), 0).getTime());
    assert.equal(c.voting_close_at.getTime(), instantAt(deps().country.timeZone, addDays(today(), 31), 0).getTime());
    const units = await sql<{ code: string; name: string; budget_minor: number }>`SELECT code, name, budget_minor FROM consultations.unit WHERE consultation_id = ${c.id}`.execute(deps().db);
    assert.deepEqual(units.rows, [{ code: EL_ALTO, name: 'El Alto', budget_minor: 15_000_000 }]);
    const audit = await sql<{ actor_id: string }>`SELECT actor_id FROM audit.entry WHERE action = 'consultations.consultation_created' AND subject_id = ${c.id}`.execute(deps().db);
    assert.deepEqual(
      audit.rows.map((r) => r.actor_id),
      [id],
    );
    assert.equal((await session.request(`${t.baseUrl}/consultas/${c.slug}/gestion`)).status, 200);
    assert.equal((await fetch(`${t.baseUrl}/consultas/${c.slug}`)).status, 200);
    // The same title with a new form (another key): the address is taken, said at the title.
    const again = await session.submit(url(), await (await session.request(url())).text(), valid(title));
    assert.equal(again.status, 400);
    assert.match(await again.text(), /href="#campo-titulo">Ya hay una consulta con este título/);
  });
});

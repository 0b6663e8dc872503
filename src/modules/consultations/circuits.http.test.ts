// In the `ve` profile with the demo data: communal circuits (features of the territories layer
// `circuitos-comunales`) are offered on /gestion/consultas/nueva and become units of a
// consultation created there by a platform administrator (20 identical submits: one), while a
// consultation officer is refused them at the field, with what was typed kept; and the staff
// start page (/trabajo) leads officers who are not administrators to the creation page, and
// projects' spokespeople to the observations they must answer.
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { localDate } from '../../platform/country/business-days.ts';
import { addDays } from '../../platform/country/calendar.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ demo: true, env: { COUNTRY: 've' } });
});
after(async () => t.close());

const deps = () => t.app.tambo.deps;
const url = () => `${t.baseUrl}/gestion/consultas/nueva`;
const CARACAS = 'VE-A-01-01';
const CIRCUIT = 'circuitos-comunales:circuito-01';

/** A signed-in person: a platform administrator, or holding `role` over `territory`, or neither. */
async function signedIn(grant: { admin?: boolean; role?: string; territory?: string } = {}): Promise<{ id: string; session: HttpSession }> {
  const documentNumber = `V-${randomInt(10_000_000, 30_000_000)}`;
  const email = `persona-${documentNumber}@prueba.tambo`;
  const id = await testAccount(deps(), { country: 've', documentType: 'CEDULA', documentNumber, givenName: 'Carmen', familyName: 'Prueba', email, isPlatformAdmin: grant.admin ?? false });
  if (grant.role) await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${id}, ${grant.territory!}, ${grant.role})`.execute(deps().db);
  const session = new HttpSession();
  assert.equal((await signInPortal(t, session, email, TEST_ACCOUNT_PASSWORD)).status, 200);
  return { id, session };
}

const dayText = (date: string) => {
  const [y, m, d] = date.split('-');
  return `${Number(d)}/${Number(m)}/${y}`;
};
const valid = (title: string, unidades: string) => {
  const today = localDate(deps().country, new Date());
  return {
    titulo: title,
    descripcion: 'El circuito elige sus obras.',
    unidades,
    regla: 'knapsack',
    metodo: 'mes',
    nivel: 'bajo',
    elegibilidad: 'census',
    cambio: 'si',
    propuestas: dayText(today),
    revision: dayText(addDays(today, 10)),
    votacion: dayText(addDays(today, 20)),
    cierre: dayText(addDays(today, 30)),
    ejecucion: dayText(addDays(today, 40)),
  };
};

describe('communal circuits on the creation page', () => {
  it('lists the circuits, and refuses them to an officer who is not an administrator, at the field, with the input kept', async () => {
    const { session } = await signedIn({ role: 'consultation_officer', territory: CARACAS });
    const html = await (await session.request(url())).text();
    assert.ok(html.includes(`<code>${CIRCUIT}</code>`), 'the circuits are offered');
    const lines = `${CARACAS}; 1000\n${CIRCUIT}; 500\ncircuitos-comunales:no-existe; 5`;
    const refused = await session.submit(url(), html, valid(`Circuito ajeno ${randomUUID().slice(0, 6)}`, lines));
    assert.equal(refused.status, 400);
    const body = await refused.text();
    assert.match(body, /href="#campo-unidades">[^<]*Línea 2: solo quien administra la plataforma puede incluir circuitos-comunales:circuito-01/);
    assert.match(body, /Línea 3: no hay un territorio con el código circuitos-comunales:no-existe/);
    assert.ok(body.includes(`${CIRCUIT}; 500\n`), 'what was typed is kept');
  });

  it('makes a circuit a unit of a consultation an administrator creates: 20 identical submits, one consultation', async () => {
    const { session } = await signedIn({ admin: true });
    const html = await (await session.request(url())).text();
    const title = `Consulta del circuito ${randomUUID().slice(0, 8)}`;
    const form = valid(title, `${CIRCUIT}; 2500\n${CARACAS}; 10000\n${CIRCUIT}; 1`);
    const duplicate = await session.submit(url(), html, form);
    assert.equal(duplicate.status, 400);
    assert.match(await duplicate.text(), /href="#campo-unidades">Escriba cada territorio una sola vez/, 'a circuit named twice');
    const answers = await Promise.all(Array.from({ length: 20 }, () => session.submit(url(), html, { ...form, unidades: `${CIRCUIT}; 2500\n${CARACAS}; 10000` })));
    assert.deepEqual(
      answers.map((r) => r.status),
      Array(20).fill(303),
    );
    const stored = await sql<{ id: string; slug: string }>`SELECT id, slug FROM consultations.consultation WHERE title = ${title}`.execute(deps().db);
    assert.equal(stored.rows.length, 1);
    const units = await sql<{ code: string; layer_code: string | null; name: string; budget_minor: number }>`
      SELECT code, layer_code, name, budget_minor FROM consultations.unit WHERE consultation_id = ${stored.rows[0]!.id} ORDER BY code`.execute(deps().db);
    assert.deepEqual(units.rows, [
      { code: CARACAS, layer_code: null, name: units.rows[0]!.name, budget_minor: 1_000_000 },
      { code: 'circuito-01', layer_code: 'circuitos-comunales', name: 'Circuito comunal 23 de Enero Oeste', budget_minor: 250_000 },
    ]);
    const page = await fetch(`${t.baseUrl}/consultas/${stored.rows[0]!.slug}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Circuito comunal 23 de Enero Oeste/);
  });
});

describe('the staff start page', () => {
  const tools = async (session: HttpSession) => {
    const response = await session.request(`${t.baseUrl}/trabajo`);
    assert.equal(response.status, 200);
    const html = await response.text();
    return { creation: html.split('href="/gestion/consultas/nueva"').length - 1, observations: html.split('href="/proyectos/observaciones-pendientes"').length - 1 };
  };

  it('leads a consultation officer to the creation page, a spokesperson to the observations, an administrator once', async () => {
    assert.deepEqual(await tools((await signedIn({ role: 'consultation_officer', territory: CARACAS })).session), { creation: 1, observations: 0 });
    assert.deepEqual(await tools((await signedIn({ role: 'project_spokesperson', territory: CARACAS })).session), { creation: 0, observations: 1 });
    assert.deepEqual((await tools((await signedIn({ admin: true })).session)).creation, 1, 'from the administration links, not twice');
    assert.equal((await (await signedIn()).session.request(`${t.baseUrl}/trabajo`)).status, 403, 'a person without a role');
  });
});

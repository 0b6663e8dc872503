// Overdue observations, in the `ve` profile with the demo data: the sweep (an injected clock)
// notifies an unanswered observation past its time once — to the spokespeople holding the role
// over the executing council or an ancestor (identity's `findTerritoryRoleHolders`), never to
// another council's, and to the person who filed it — however often it runs, and when two run
// at once; an answered or not yet due one is not notified. The officials' page lists, filtered
// in PostgreSQL, the observations of the projects a commune's spokesperson manages below it.
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { findTerritoryRoleHolders } from '../identity/index.ts';
import { notifyOverdueObservations } from './observation-notices.ts';
import { answer, fileObservation } from './observations.service.ts';

let t: TestApp & { baseUrl: string };
const deps = () => t.app.tambo.deps;
const COUNCIL = 'VE-A-01-01-01-01';
const OTHER_COUNCIL = 'VE-A-01-01-01-02';
const COMMUNE = 'VE-A-01-01-01';
const DAY = 86_400_000;

before(async () => {
  t = await listenTestApp({ demo: true, env: { COUNTRY: 've' } });
  await t.drain();
});
after(async () => {
  await t?.close();
});

/** A project executed by COUNCIL (from a consultation's results), its id. */
async function councilProject(): Promise<string> {
  const consultationId = randomUUID();
  await deps()
    .db.transaction()
    .execute((trx) =>
      emitEvent(trx, 'consultations.results_published', {
        consultationId,
        title: 'Consulta de prueba',
        countryProfile: 've',
        projects: [
          {
            proposalId: 'p',
            territoryCode: COUNCIL,
            executorTerritoryCode: COUNCIL,
            lat: 10.5,
            lon: -66.95,
            costMinor: 1000,
            title: `Cancha ${consultationId.slice(0, 6)}`,
            description: 'Descripción',
            currency: 'VES',
            votes: 3,
          },
        ],
      }),
    );
  await t.drain();
  const { rows } = await sql<{ id: string }>`SELECT id FROM projects.project WHERE source_key = ${`consultation:${consultationId}:p`}`.execute(deps().db);
  return rows[0]!.id;
}

/** A person holding `project_spokesperson` over `territory`: account id and email. */
async function spokesperson(territory: string): Promise<{ id: string; email: string }> {
  const documentNumber = `V-${randomInt(10_000_000, 30_000_000)}`;
  const email = `vocero-${documentNumber}@prueba.tambo`;
  const id = await testAccount(deps(), { country: 've', documentType: 'CEDULA', documentNumber, givenName: 'Vocera', familyName: 'Prueba', email });
  await sql`INSERT INTO identity.role_assignment (account_id, territory_code, role) VALUES (${id}, ${territory}, 'project_spokesperson')`.execute(deps().db);
  return { id, email };
}

const citizenId = async () => (await sql<{ id: string }>`SELECT id FROM identity.account WHERE email = 'ciudadana@demo.tambo'`.execute(deps().db)).rows[0]!.id;
const dueAt = async (id: string) => (await sql<{ due_at: Date }>`SELECT due_at FROM projects.observation WHERE id = ${id}`.execute(deps().db)).rows[0]!.due_at;

/** Mailbox notices about this project's title, by recipient. */
async function notices(title: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ recipient_account_id: string; n: string }>`SELECT recipient_account_id, count(*) AS n FROM mailbox.message
    WHERE subject LIKE ${`%${title}`} GROUP BY 1`.execute(deps().db);
  return new Map(rows.map((r) => [r.recipient_account_id, Number(r.n)]));
}

describe('identity: who holds a territory role over a territory', () => {
  it('finds the holders over the unit and its ancestors, not those of a sibling or below', async () => {
    const commune = await spokesperson(COMMUNE);
    const other = await spokesperson(OTHER_COUNCIL);
    const found = await findTerritoryRoleHolders(deps(), 'project_spokesperson', ['VE-A', 'VE-A-01', 'VE-A-01-01', COMMUNE, COUNCIL]);
    assert.ok(found.includes(commune.id), 'the commune’s spokesperson holds it over its councils');
    assert.ok(!found.includes(other.id), 'another council’s does not');
    assert.ok(!(await findTerritoryRoleHolders(deps(), 'project_spokesperson', 'VE-A-01-01')).includes(commune.id), 'a grant below does not hold above');
    assert.ok(!(await findTerritoryRoleHolders(deps(), 'bank_treasurer', [COMMUNE, COUNCIL])).includes(commune.id), 'another role');
  });
});

describe('overdue observations', () => {
  it('notify once the managers over the council and the observer, on an injected clock, even with two sweeps at once', async () => {
    const projectId = await councilProject();
    const title = (await sql<{ title: string }>`SELECT title FROM projects.project WHERE id = ${projectId}`.execute(deps().db)).rows[0]!.title;
    const own = await spokesperson(COUNCIL);
    const commune = await spokesperson(COMMUNE);
    const other = await spokesperson(OTHER_COUNCIL);
    const observer = await citizenId();
    const late = await fileObservation(deps(), observer, projectId, 'El muro perimetral quedó sin terminar.');
    const answered = await fileObservation(deps(), observer, projectId, 'Falta la iluminación de la cancha.');
    const due = await dueAt(late);
    await answer(deps(), { type: 'person', id: own.id, grants: [{ role: 'project_spokesperson', territory: COUNCIL }] }, answered, 'Se instalará en enero.');

    // Before its time: nothing.
    await notifyOverdueObservations(deps(), new Date(due.getTime() - DAY));
    await t.drain();
    assert.equal((await notices(title)).size, 0, 'not yet due');

    // Past its time: two sweeps at once notify it once.
    const later = new Date(due.getTime() + 1000);
    const [a, b] = await Promise.all([notifyOverdueObservations(deps(), later), notifyOverdueObservations(deps(), later)]);
    assert.deepEqual([a.failed, b.failed], [[], []]);
    await t.drain();
    const told = await notices(title);
    assert.equal(told.get(own.id), 1, 'the council’s spokesperson');
    assert.equal(told.get(commune.id), 1, 'the commune’s spokesperson (a grant above the council)');
    assert.equal(told.get(observer), 1, 'the observer');
    assert.equal(told.get(other.id), undefined, 'not another council’s spokesperson');
    const body = (await sql<{ body: string }>`SELECT body FROM mailbox.message WHERE recipient_account_id = ${own.id} AND subject LIKE ${`%${title}`}`.execute(deps().db)).rows[0]!.body;
    assert.match(body, /\/proyectos\/observaciones-pendientes/);

    // Again, later: nothing more; the answered one never.
    assert.equal((await notifyOverdueObservations(deps(), new Date(due.getTime() + 3 * DAY))).failed.length, 0);
    await t.drain();
    assert.deepEqual(await notices(title), told);
    const { rows } = await sql<{ id: string; overdue_notified_at: Date | null }>`SELECT id, overdue_notified_at FROM projects.observation WHERE project_id = ${projectId}`.execute(deps().db);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.id, r.overdue_notified_at !== null])), { [late]: true, [answered]: false });
    const audit = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'projects.observation_overdue' AND subject_id = ${projectId}`.execute(deps().db);
    assert.equal(Number(audit.rows[0]!.n), 1, 'audited once');
  });
});

describe('the officials’ page', () => {
  it('lists for a commune’s spokesperson the observations of its councils’ projects, filtered in PostgreSQL', async () => {
    const projectId = await councilProject();
    const text = `La cancha tiene grietas ${projectId.slice(0, 8)}.`;
    await fileObservation(deps(), await citizenId(), projectId, text);
    const page = async (territory: string) => {
      const person = await spokesperson(territory);
      const browser = new HttpSession();
      assert.equal((await signInPortal(t, browser, person.email, TEST_ACCOUNT_PASSWORD)).status, 200);
      const response = await browser.request(`${t.baseUrl}/proyectos/observaciones-pendientes`);
      assert.equal(response.status, 200);
      return response.text();
    };
    assert.ok((await page(COMMUNE)).includes(text), 'the commune holds the role over its councils');
    assert.ok(!(await page(OTHER_COUNCIL)).includes(text), 'another council does not see it');
  });
});

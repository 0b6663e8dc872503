// Social-production units in the open over real HTTP (ve): a unit registered with its organs and
// its communal bank account shows, on its public page, its organs, its projects and that
// account's ledger with totals equal to an independent sum; the treasurer records on the unit's
// page (corrections as new entries); a member's observation is answered in public there (a burst
// of identical observations stores one); the database refuses an edit; an unknown unit is 404;
// the demo seed registers its unit once.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { formsIn } from '../../../test/helpers/http-client.ts';
import { useBankTestApp } from './banks.test-helpers.ts';
import { createProject, projectsModule, recordTransfer, registerBankAccount, registerSocialUnit } from './index.ts';

const { app, member, post } = useBankTestApp();
const deps = () => app().app.tambo.deps;
const COMMUNE = 'VE-A-01-01-01';
const CLIENT = { clientId: 'prueba-unidades', agencyCode: 'MPPCOMUNAS' };

describe('a social-production unit’s public page', () => {
  it('shows its organs, projects and the account’s ledger with totals that add up, answered in public, append-only', async () => {
    const reference = `VE-UPS-${randomInt(10_000, 99_999)}`;
    const key = `ups-prueba-${randomInt(10_000, 99_999)}`;
    await registerBankAccount(deps(), CLIENT, { bankName: 'Banco de Venezuela', accountReference: reference, holderName: 'Cuenta de la UPS', territoryCode: COMMUNE });
    const { project } = await createProject(
      deps(),
      { type: 'client', id: CLIENT.clientId, agencyCode: CLIENT.agencyCode },
      { kind: 'agency', title: 'Máquinas de coser de la UPS', territoryCode: COMMUNE, executorTerritoryCode: COMMUNE, budgetMinor: 5_000_000, currency: 'VES' },
    );
    const deposit = (amountMinor: number, extra: Record<string, unknown> = {}) =>
      recordTransfer(deps(), CLIENT, { projectId: project.id, accountReference: reference, amountMinor, currency: 'VES', valueDate: '2026-11-02', ...extra }, { idempotencyKey: null });
    const first = (await deposit(700_000)).transfer;
    await deposit(-600_000, { corrects: first.id, reason: 'Eran 1 000, no 7 000' });
    await deposit(400_000);
    const organs = [
      { name: 'Asamblea de trabajadoras', members: 9 },
      { name: 'Comité de contraloría social', members: 3 },
    ];
    const { unit, created } = await registerSocialUnit(deps(), CLIENT, { key, name: 'Costurera Comunal La Puntada', registryId: 'J-30123456-1', accountReference: reference, organs });
    assert.ok(created);
    assert.equal((await registerSocialUnit(deps(), CLIENT, { key, name: 'Otra', accountReference: reference, organs: [] })).created, false, 'idempotent by key');

    const path = `/bancos-comunales/unidades/${key}`;
    const treasurer = await member(COMMUNE);
    const entry = (fields: Record<string, string>) => post(treasurer, path, '/asientos', { 'fecha-day': '4', 'fecha-month': '11', 'fecha-year': '2026', ...fields });
    const loan = await entry({ tipo: 'loan', monto: '2.000,00', proposito: 'production', descripcion: 'Compra de tela' });
    assert.equal(loan.status, 303);
    assert.equal(loan.headers.get('location'), `${path}?enviado=asiento`, 'back to the unit’s page');
    const wrong = await entry({ tipo: 'loan', monto: 'dos mil', proposito: 'production', descripcion: 'Hilo' });
    assert.equal(wrong.status, 422);
    assert.match(await wrong.text(), /Costurera Comunal La Puntada[\s\S]*value="Hilo"/, 'the unit’s page again, with what was typed');
    const seq = (await sql<{ seq: string }>`SELECT seq FROM projects.bank_entry WHERE bank_account_id = ${unit.bankAccountId}`.execute(deps().db)).rows[0]!.seq;
    assert.equal((await entry({ tipo: 'loan', monto: '500,00', corrige: seq, descripcion: 'La tela costó 1.500,00' })).status, 303);

    // The page: its name, organs, projects, both ledgers and the balance, against an independent sum.
    const html = await (await fetch(`${app().baseUrl}${path}`)).text();
    assert.match(html, /<h1[^>]*>Costurera Comunal La Puntada<\/h1>/);
    assert.match(html, /J-30123456-1/);
    assert.match(html, /Asamblea de trabajadoras[\s\S]*9 integrantes[\s\S]*Comité de contraloría social[\s\S]*3 integrantes/);
    assert.match(html, new RegExp(`href="/proyectos/${project.id}">Máquinas de coser de la UPS`));
    assert.match(html, /Compra de tela[\s\S]*La tela costó 1\.500,00/);
    const sums = await sql<{ deposits: string; entries: string }>`SELECT (SELECT sum(amount_minor) FROM projects.transfer WHERE bank_account_id = ${unit.bankAccountId}) AS deposits,
      (SELECT sum(amount_minor) FROM projects.bank_entry WHERE bank_account_id = ${unit.bankAccountId}) AS entries`.execute(deps().db);
    const balance = Number(sums.rows[0]!.deposits) + Number(sums.rows[0]!.entries);
    assert.equal(balance, 700_000 - 600_000 + 400_000 - 200_000 + 50_000);
    assert.match(html, /VES\s*(?:&nbsp;|\u00a0)?3\.500,00/, 'the page shows the balance: 5 000 − 2 000 + 500');
    const api = (await (await fetch(`${app().baseUrl}/api/v1/communal-banks/${unit.bankAccountId}`)).json()) as { totals: Array<{ balanceMinor: number }> };
    assert.equal(api.totals[0]!.balanceMinor, balance);
    assert.match(await (await fetch(`${app().baseUrl}/bancos-comunales`)).text(), /href="\/bancos-comunales\/unidades"/);
    assert.match(await (await fetch(`${app().baseUrl}/bancos-comunales/unidades`)).text(), new RegExp(`href="${path}">Costurera Comunal La Puntada`));

    // Append-only in the database.
    await assert.rejects(sql`UPDATE projects.bank_entry SET amount_minor = 1 WHERE bank_account_id = ${unit.bankAccountId}`.execute(deps().db), /append-only/);
    await assert.rejects(sql`DELETE FROM projects.transfer WHERE bank_account_id = ${unit.bankAccountId}`.execute(deps().db), /append-only/);

    // A member observes an entry on the unit's page (a burst of 20 stores one); the treasurer answers in public.
    const socia = await member();
    const page = await (await socia.request(`${app().baseUrl}${path}`)).text();
    const form = formsIn(page).find((f) => f.action.endsWith('/observaciones'))!;
    assert.equal(form.action, `${path}/observaciones`);
    const body = new URLSearchParams({ ...form.hidden, asiento: `entry:${seq}`, observacion: '¿Dónde está la factura de la tela?' }).toString();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => socia.request(`${app().baseUrl}${path}/observaciones`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })),
    );
    assert.deepEqual(
      statuses.map((s) => s.status),
      Array(20).fill(303),
    );
    const observations = await sql<{ id: string }>`SELECT id FROM projects.bank_observation WHERE bank_account_id = ${unit.bankAccountId}`.execute(deps().db);
    assert.equal(observations.rows.length, 1, 'one observation for the burst');
    const observation = observations.rows[0]!.id;
    const outsider = await member();
    const answered = await post(treasurer, path, `/observaciones/${observation}/respuesta`, { respuesta: 'La factura está adjunta al acta de la asamblea.' });
    assert.equal(answered.status, 303);
    assert.equal(answered.headers.get('location'), `${path}?enviado=respuesta`);
    assert.match(await (await fetch(`${app().baseUrl}${path}`)).text(), /¿Dónde está la factura de la tela\?[\s\S]*La factura está adjunta al acta de la asamblea\./);
    const forged = await outsider.request(`${app().baseUrl}${path}/observaciones/${observation}/respuesta`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: formsIn(await (await outsider.request(`${app().baseUrl}${path}`)).text()).find((f) => f.hidden._csrf)!.hidden._csrf!, respuesta: 'No.' }).toString(),
    });
    assert.equal(forged.status, 403, 'only the treasurer answers');
    const audit = await sql<{ action: string }>`SELECT action FROM audit.entry WHERE subject_id = ${key}`.execute(deps().db);
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['projects.social_unit_registered'],
    );
  });

  it('answers 404 for an unknown unit', async () => {
    const page = await fetch(`${app().baseUrl}/bancos-comunales/unidades/no-existe-${randomInt(1000, 9999)}`);
    assert.equal(page.status, 404);
    const posted = await fetch(`${app().baseUrl}/bancos-comunales/unidades/no-existe/observaciones`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'asiento=entry%3A1',
    });
    assert.ok(posted.status === 403 || posted.status === 404, `refused (${posted.status})`);
  });

  it('is in the ve demo data, registered once however often the seed runs', async () => {
    await projectsModule.seed!(deps());
    await projectsModule.seed!(deps());
    const html = await (await fetch(`${app().baseUrl}/bancos-comunales/unidades/panaderia-comunal-los-bloques`)).text();
    assert.match(html, /Panadería Comunal Los Bloques[\s\S]*Comité de gestión[\s\S]*Horno y amasadora/);
    const audit = await sql<{ n: string }>`SELECT count(*) AS n FROM audit.entry WHERE action = 'projects.social_unit_registered' AND subject_id = 'panaderia-comunal-los-bloques'`.execute(deps().db);
    assert.equal(Number(audit.rows[0]!.n), 1);
  });
});

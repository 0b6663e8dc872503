// Communal banks in the open over real HTTP (ve): a bank receives deposits (the transfer ledger,
// one corrected); its treasurer records loans, payments, a repayment and a correction on its page
// (errors kept); the balance the API answers equals an independent recomputation from the
// published open data (projects.transfers + projects.bank_entries) and the page shows it; the
// database refuses to edit or delete a past entry; only the bank's treasurer records or answers;
// a member's observation on an entry is answered in public.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { formsIn, type HttpSession } from '../../../test/helpers/http-client.ts';
import { useBankTestApp } from './banks.test-helpers.ts';
import { createProject, recordTransfer, registerBankAccount } from './index.ts';

const { app, member, post } = useBankTestApp();
const deps = () => app().app.tambo.deps;
const COMMUNE = 'VE-A-01-01-01';
const OTHER_COMMUNE = 'VE-A-01-03-01';
const CLIENT = { clientId: 'prueba-bancos', agencyCode: 'MPPCOMUNAS' };

describe('a communal bank’s accounts', () => {
  it('add up against the open data, refuse edits, and are recorded and answered by its treasurer only', async () => {
    const reference = `VE-BC-${randomInt(1000, 9999)}`;
    const { account: bank } = await registerBankAccount(deps(), CLIENT, {
      bankName: 'Banco de Venezuela',
      accountReference: reference,
      holderName: 'Banco Comunal Los Bloques',
      territoryCode: COMMUNE,
    });
    const { project } = await createProject(
      deps(),
      { type: 'client', id: CLIENT.clientId, agencyCode: CLIENT.agencyCode },
      { kind: 'agency', title: 'Fondo del banco comunal', territoryCode: COMMUNE, executorTerritoryCode: COMMUNE, budgetMinor: 10_000_000, currency: 'VES' },
    );
    const deposit = (amountMinor: number, extra: Record<string, unknown> = {}) =>
      recordTransfer(deps(), CLIENT, { projectId: project.id, accountReference: reference, amountMinor, currency: 'VES', valueDate: '2026-11-02', ...extra }, { idempotencyKey: null });
    const first = (await deposit(900_000)).transfer;
    await deposit(250_000);
    await deposit(-800_000, { corrects: first.id, reason: 'Se registró 9 000 en lugar de 1 000' });

    const path = `/bancos-comunales/${bank.id}`;
    const treasurer = await member(COMMUNE);
    const wrong = await post(treasurer, path, '/asientos', {
      tipo: 'loan',
      monto: 'mil',
      'fecha-day': '3',
      'fecha-month': '11',
      'fecha-year': '2026',
      proposito: 'production',
      descripcion: 'Taller de costura',
    });
    assert.equal(wrong.status, 422);
    const wrongHtml = await wrong.text();
    assert.match(wrongHtml, /href="#campo-monto"/);
    assert.match(wrongHtml, /value="Taller de costura"/, 'what was typed is kept');
    const entry = (fields: Record<string, string>) => post(treasurer, path, '/asientos', { 'fecha-day': '3', 'fecha-month': '11', 'fecha-year': '2026', ...fields });
    assert.equal((await entry({ tipo: 'loan', monto: '3.000,00', proposito: 'production', descripcion: 'Taller de costura' })).status, 303);
    assert.equal((await entry({ tipo: 'payment', monto: '1.200,50', proposito: 'community', descripcion: 'Pintura de la casa comunal' })).status, 303);
    assert.equal((await entry({ tipo: 'repayment', monto: '500', descripcion: 'Primera cuota del taller' })).status, 303);
    const seqs = await sql<{ seq: string; kind: string }>`SELECT seq, kind FROM projects.bank_entry WHERE bank_account_id = ${bank.id} ORDER BY seq`.execute(deps().db);
    const payment = seqs.rows.find((r) => r.kind === 'payment')!.seq;
    assert.equal((await entry({ tipo: 'payment', monto: '0,50', corrige: String(payment), descripcion: 'La factura era de 1.200,00' })).status, 303);
    assert.equal((await entry({ tipo: 'payment', monto: '1', corrige: '999999', descripcion: 'Nada' })).status, 422, 'a correction names an entry of this bank');

    // Only the bank's treasurer: another commune's treasurer and a member are refused.
    const outsider = await member(OTHER_COMMUNE);
    const forged = await outsider.request(`${app().baseUrl}${path}/asientos`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        _csrf: /name="_csrf" value="([^"]+)"/.exec(await (await outsider.request(`${app().baseUrl}${path}`)).text())?.[1] ?? '',
        tipo: 'loan',
        monto: '1',
        descripcion: 'Préstamo indebido',
        proposito: 'other',
        'fecha-day': '1',
        'fecha-month': '1',
        'fecha-year': '2026',
      }).toString(),
    });
    assert.equal(forged.status, 403);

    // The totals: the API against an independent recomputation from the open data.
    const api = (await (await fetch(`${app().baseUrl}/api/v1/communal-banks/${bank.id}`)).json()) as {
      totals: Array<{ currency: string; depositsMinor: number; entriesMinor: number; balanceMinor: number }>;
    };
    const transfers = ((await (await fetch(`${app().baseUrl}/api/v1/open-data/projects.transfers`)).json()) as { items: Array<{ accountReference: string; amountMinor: number }> }).items;
    const entries = ((await (await fetch(`${app().baseUrl}/api/v1/open-data/projects.bank_entries`)).json()) as { items: Array<{ accountReference: string; amountMinor: number }> }).items;
    const received = transfers.filter((r) => r.accountReference === reference).reduce((s, r) => s + r.amountMinor, 0);
    const used = entries.filter((r) => r.accountReference === reference).reduce((s, r) => s + r.amountMinor, 0);
    assert.equal(received, 350_000);
    assert.equal(used, -300_000 - 120_050 + 50_000 + 50);
    assert.deepEqual(api.totals, [{ currency: 'VES', depositsMinor: received, entriesMinor: used, balanceMinor: received + used }]);
    const page = await (await fetch(`${app().baseUrl}${path}`)).text();
    assert.match(page, /VES\s*(?:&nbsp;|\u00a0)?-?\s*200,00/, 'the page shows the balance (3 500 − 3 000 − 1 200 + 500 = −200)');

    // Append-only in the database: an edit or a deletion of a past entry is refused.
    await assert.rejects(sql`UPDATE projects.bank_entry SET amount_minor = 1 WHERE bank_account_id = ${bank.id}`.execute(deps().db), /append-only/);
    await assert.rejects(sql`DELETE FROM projects.bank_entry WHERE bank_account_id = ${bank.id}`.execute(deps().db), /append-only/);

    // A member observes an entry; the treasurer answers in public; the other commune's cannot.
    const socia = await member();
    assert.equal((await post(socia, path, '/observaciones', { asiento: `entry:${payment}`, observacion: '¿Dónde está la factura de la pintura?' })).status, 303);
    const observation = (await sql<{ id: string }>`SELECT id FROM projects.bank_observation WHERE bank_account_id = ${bank.id}`.execute(deps().db)).rows[0]!.id;
    const answerPath = `/observaciones/${observation}/respuesta`;
    const answered = await post(treasurer, path, answerPath, { respuesta: 'La factura está en la casa comunal y adjunta al acta.' });
    assert.equal(answered.status, 303);
    assert.match(await (await fetch(`${app().baseUrl}${path}`)).text(), /La factura está en la casa comunal/);
    const audit = await sql<{ action: string }>`SELECT action FROM audit.entry WHERE subject_id = ${bank.id}`.execute(deps().db);
    for (const action of [
      'projects.bank_loan',
      'projects.bank_payment',
      'projects.bank_repayment',
      'projects.bank_correction',
      'projects.bank_observation_filed',
      'projects.bank_observation_answered',
    ])
      assert.ok(
        audit.rows.some((r) => r.action === action),
        action,
      );
  });

  it('a burst of identical posts (a double submit) records one entry, one observation and one answer', async () => {
    const reference = `VE-BC-${randomInt(1000, 9999)}`;
    const { account: bank } = await registerBankAccount(deps(), CLIENT, { bankName: 'Banco del Tesoro', accountReference: reference, holderName: 'Banco Comunal La Ráfaga', territoryCode: COMMUNE });
    const { project } = await createProject(
      deps(),
      { type: 'client', id: CLIENT.clientId, agencyCode: CLIENT.agencyCode },
      { kind: 'agency', title: 'Fondo de la ráfaga', territoryCode: COMMUNE, executorTerritoryCode: COMMUNE, budgetMinor: 1_000_000, currency: 'VES' },
    );
    const { transfer } = await recordTransfer(
      deps(),
      CLIENT,
      { projectId: project.id, accountReference: reference, amountMinor: 500_000, currency: 'VES', valueDate: '2026-11-02' },
      { idempotencyKey: null },
    );
    const path = `/bancos-comunales/${bank.id}`;
    const burst = async (browser: HttpSession, action: string, fields: Record<string, string>, n = 30) => {
      const html = await (await browser.request(`${app().baseUrl}${path}`)).text();
      const form = formsIn(html).find((f) => f.action.endsWith(action))!;
      const body = new URLSearchParams({ ...form.hidden, ...fields }).toString();
      const answers = await Promise.all(
        Array.from({ length: n }, () => browser.request(`${app().baseUrl}${path}${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })),
      );
      return answers.map((a) => a.status);
    };
    const count = async (table: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE bank_account_id = ${bank.id}`.execute(deps().db)).rows[0]!.n);
    const treasurer = await member(COMMUNE);
    const entries = await burst(treasurer, '/asientos', {
      tipo: 'loan',
      monto: '100',
      'fecha-day': '3',
      'fecha-month': '11',
      'fecha-year': '2026',
      proposito: 'food',
      descripcion: 'Compra de harina',
    });
    assert.deepEqual(entries, Array(30).fill(303));
    assert.equal(await count('projects.bank_entry'), 1, 'one entry for the burst');
    const socia = await member();
    const observations = await burst(socia, '/observaciones', { asiento: `transfer:${transfer.seq}`, observacion: '¿A qué proyecto fue este depósito?' });
    assert.deepEqual(observations, Array(30).fill(303));
    assert.equal(await count('projects.bank_observation'), 1, 'one observation for the burst');
    const observation = (await sql<{ id: string }>`SELECT id FROM projects.bank_observation WHERE bank_account_id = ${bank.id}`.execute(deps().db)).rows[0]!.id;
    const answers = await burst(treasurer, `/observaciones/${observation}/respuesta`, { respuesta: 'Al fondo de la ráfaga.' });
    assert.equal(answers.filter((s) => s === 303).length, 1, 'one answer');
    assert.ok(
      answers.every((s) => s === 303 || s === 409),
      `the others are refused as answered already: ${answers}`,
    );
    // Once more: the page says it was answered, linked to the observation and its answer (409, not a bare error page).
    const page = await (await treasurer.request(`${app().baseUrl}${path}`)).text();
    const again = await treasurer.request(`${app().baseUrl}${path}/observaciones/${observation}/respuesta`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: formsIn(page).find((f) => f.hidden._csrf)!.hidden._csrf!, respuesta: 'Otra vez.' }).toString(),
    });
    assert.equal(again.status, 409);
    const againHtml = await again.text();
    assert.match(againHtml, new RegExp(`href="#campo-observacion-${observation}">Esta observación ya fue respondida`));
    assert.match(againHtml, new RegExp(`id="campo-observacion-${observation}"[\\s\\S]*Al fondo de la ráfaga\\.`));
    const audit = await sql<{ action: string; n: string }>`SELECT action, count(*) AS n FROM audit.entry WHERE subject_id = ${bank.id} GROUP BY action`.execute(deps().db);
    assert.deepEqual(Object.fromEntries(audit.rows.map((r) => [r.action, Number(r.n)])), {
      'projects.bank_account_registered': 1,
      'projects.bank_loan': 1,
      'projects.bank_observation_filed': 1,
      'projects.bank_observation_answered': 1,
    });
  });
});

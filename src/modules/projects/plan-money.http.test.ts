// E-government projects and their money (issue 25) over real HTTP, Bolivian demo: projects of the
// national plan name the strategic line they serve and their budget by year and source; the
// executing agency's system records spending (append-only, corrections as new entries, one entry
// under a burst of retries); each project's spending adds up to its total and the plan's
// projects roll up to their lines and to the plan, checked against a recomputation from the
// open datasets alone.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { type ApiClient, projectsApi } from './api.test-helpers.ts';

let t: TestApp & { baseUrl: string };
const { addClient, api } = projectsApi(() => t);
let agetic: ApiClient;
let other: ApiClient;
const PLAN = 'pige-2025';

before(async () => {
  t = await listenTestApp({ demo: true });
  agetic = await addClient('AGETIC');
  other = await addClient('SEGIP');
});
after(async () => t.close());

const project = (title: string, line: number, budgetMinor: number, budgetItems?: Array<{ year: number; source: string; amountMinor: number }>) => ({
  kind: 'plan',
  title,
  territoryCode: 'BO-L',
  executorAgencyCode: 'AGETIC',
  budgetMinor,
  currency: 'BOB',
  planLine: { plan: PLAN, line },
  ...(budgetItems ? { budgetItems } : {}),
});

describe('plan projects and their money', () => {
  const ids: Record<string, string> = {};
  const entries: Record<string, string> = {};

  it('creates plan projects with their line and budget by year and source; refuses items that do not add up, a line that does not exist', async () => {
    const a = await api(
      'POST',
      '/api/v1/projects',
      project('Red estatal de datos, fase 2', 1, 1_000_000, [
        { year: 2025, source: 'TGN', amountMinor: 600_000 },
        { year: 2026, source: 'TGN', amountMinor: 400_000 },
      ]),
      agetic,
    );
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.match(a.body.planLineId, /^[0-9a-f-]{36}$/);
    ids.a = a.body.id;
    const b = await api('POST', '/api/v1/projects', project('Centro de datos alterno', 1, 500_000, [{ year: 2025, source: 'Crédito externo', amountMinor: 500_000 }]), agetic);
    ids.b = b.body.id;
    const c = await api('POST', '/api/v1/projects', project('Ciudadanía digital en municipios', 2, 200_000), agetic);
    ids.c = c.body.id;
    assert.equal(b.status, 201);
    assert.equal(c.status, 201);
    assert.notEqual(c.body.planLineId, a.body.planLineId);

    const wrongSum = await api('POST', '/api/v1/projects', project('Suma mal', 1, 999, [{ year: 2025, source: 'TGN', amountMinor: 1000 }]), agetic);
    assert.equal(wrongSum.status, 400);
    assert.equal(wrongSum.body.code, 'VALIDATION_FAILED');
    assert.equal(wrongSum.body.errors[0].pointer ?? wrongSum.body.errors[0].field, '/budgetItems', JSON.stringify(wrongSum.body));
    const twice = await api(
      'POST',
      '/api/v1/projects',
      project('Dos veces', 1, 2, [
        { year: 2025, source: 'TGN', amountMinor: 1 },
        { year: 2025, source: 'TGN', amountMinor: 1 },
      ]),
      agetic,
    );
    assert.equal(twice.status, 400);
    const noLine = await api('POST', '/api/v1/projects', project('Sin línea', 99, 10), agetic);
    assert.equal(noLine.status, 400);
    assert.match(JSON.stringify(noLine.body.errors), /\/planLine/);

    const money = await api('GET', `/api/v1/projects/${ids.a}/money`);
    assert.deepEqual(money.body.budget, [
      { year: 2025, source: 'TGN', amountMinor: 600_000 },
      { year: 2026, source: 'TGN', amountMinor: 400_000 },
    ]);
  });

  it('records spending by the executing agency only, from a budget source, once under 20 parallel retries; a correction is a new entry; the ledger refuses UPDATE', async () => {
    const pay = (projectId: string, body: Record<string, unknown>, client = agetic, key = randomUUID()) =>
      api('POST', `/api/v1/projects/${projectId}/spending`, { currency: 'BOB', valueDate: '2025-06-30', description: 'Contrato de fibra óptica', ...body }, client, { 'idempotency-key': key });
    const key = randomUUID();
    const burst = await Promise.all(Array.from({ length: 20 }, () => pay(ids.a!, { amountMinor: 100_000, source: 'TGN' }, agetic, key)));
    assert.deepEqual(burst.map((r) => r.status).sort(), [...Array(19).fill(200), 201]);
    assert.equal(new Set(burst.map((r) => r.body.id)).size, 1);
    const second = await pay(ids.a!, { amountMinor: 50_000, source: 'TGN' });
    assert.equal(second.status, 201);
    entries.second = second.body.id;
    const correction = await pay(ids.a!, { amountMinor: -5_000, source: 'TGN', corrects: entries.second, description: 'El contrato fue por 45 000' });
    assert.equal(correction.status, 201, JSON.stringify(correction.body));
    assert.equal(correction.body.kind, 'correction');
    assert.equal((await pay(ids.b!, { amountMinor: 200_000, source: 'Crédito externo' })).status, 201);

    const badSource = await pay(ids.a!, { amountMinor: 10, source: 'Donación' });
    assert.equal(badSource.status, 400);
    assert.match(JSON.stringify(badSource.body.errors), /\/source/);
    assert.equal((await pay(ids.a!, { amountMinor: -10, source: 'TGN' })).status, 400, 'a payment is positive');
    const foreign = await pay(ids.a!, { amountMinor: 10, source: 'TGN' }, other);
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.code, 'PROJECTS_FORBIDDEN');
    assert.equal((await pay(randomUUID(), { amountMinor: 10, source: 'TGN' })).status, 404);
    const reused = await pay(ids.a!, { amountMinor: 99, source: 'TGN' }, agetic, key);
    assert.equal(reused.status, 422, 'the same key with another body');
    assert.equal(reused.body.code, 'IDEMPOTENCY_KEY_REUSED');
    const noProject = await api('GET', `/api/v1/projects/${randomUUID()}/money`);
    assert.equal(noProject.status, 404);
    assert.equal(noProject.body.code, 'PROJECTS_NOT_FOUND');
    assert.equal((await api('POST', `/api/v1/projects/${ids.a}/spending`, { amountMinor: 10 })).status, 401);

    await assert.rejects(sql`UPDATE projects.spending SET amount_minor = 1 WHERE id = ${entries.second}`.execute(t.app.tambo.deps.db), /append-only/);
    const money = await api('GET', `/api/v1/projects/${ids.a}/money`);
    assert.equal(money.body.spentMinor, 145_000);
    assert.equal(money.body.spending.length, 3);
  });

  it("rolls the plan's projects up to their lines and the plan, and the figures match a recomputation from the open data", async () => {
    assert.equal((await api('POST', `/api/v1/projects/${ids.a}/progress`, { status: 'in_progress', progress: 50 }, agetic)).status, 200);
    assert.equal((await api('POST', `/api/v1/projects/${ids.b}/progress`, { status: 'in_progress', progress: 20 }, agetic)).status, 200);
    const rollup = (await api('GET', `/api/v1/projects/plans/${PLAN}`)).body;
    const line1 = rollup.lines.find((l: { position: number }) => l.position === 1);
    const line2 = rollup.lines.find((l: { position: number }) => l.position === 2);
    assert.deepEqual(line1.totals, [{ currency: 'BOB', budgetMinor: 1_500_000, spentMinor: 345_000 }]);
    assert.equal(line1.progress, 40, '(50 × 1 000 000 + 20 × 500 000) / 1 500 000');
    assert.deepEqual(line2.totals, [{ currency: 'BOB', budgetMinor: 200_000, spentMinor: 0 }]);
    assert.deepEqual(rollup.totals, [{ currency: 'BOB', budgetMinor: 1_700_000, spentMinor: 345_000 }]);

    // Independently, from the open datasets alone: each project's spending and each line's sums.
    const projects = (await api('GET', '/api/v1/open-data/projects.projects')).body.items as Array<{ id: string; planLineId: string | null; budgetMinor: number }>;
    const spending = (await api('GET', '/api/v1/open-data/projects.spending')).body.items as Array<{ projectId: string; amountMinor: number }>;
    const budgetItems = (await api('GET', '/api/v1/open-data/projects.budget_items')).body.items as Array<{ projectId: string; amountMinor: number }>;
    const spent = (id: string) => spending.filter((s) => s.projectId === id).reduce((sum, s) => sum + s.amountMinor, 0);
    for (const id of [ids.a!, ids.b!, ids.c!]) {
      assert.equal((await api('GET', `/api/v1/projects/${id}/money`)).body.spentMinor, spent(id));
      const items = budgetItems.filter((b) => b.projectId === id);
      if (items.length > 0)
        assert.equal(
          items.reduce((sum, b) => sum + b.amountMinor, 0),
          projects.find((p) => p.id === id)!.budgetMinor,
        );
    }
    for (const line of rollup.lines as Array<{ lineId: string; totals: Array<{ budgetMinor: number; spentMinor: number }> }>) {
      const mine = projects.filter((p) => p.planLineId === line.lineId);
      const budget = mine.reduce((sum, p) => sum + p.budgetMinor, 0);
      const lineSpent = mine.reduce((sum, p) => sum + spent(p.id), 0);
      assert.deepEqual(line.totals.length === 0 ? { budget: 0, spent: 0 } : { budget: line.totals[0]!.budgetMinor, spent: line.totals[0]!.spentMinor }, { budget, spent: lineSpent });
    }
    const noPlan = await api('GET', '/api/v1/projects/plans/no-such-plan');
    assert.equal(noPlan.status, 404);
    assert.equal(noPlan.body.code, 'PROJECTS_PLAN_NOT_FOUND');
  });

  it("shows the plan's roll-up and a project's budget and spending on public pages, the chart beside its table", async () => {
    const page = await fetch(`${t.baseUrl}/proyectos/plan/${PLAN}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<svg[^>]*role="img"[^>]*aria-labelledby="ejecucion-lineas-title/);
    const table = html.slice(html.indexOf('id="lineas"'));
    // Line 1: 15 000,00 budgeted, 3 450,00 spent, 23 % executed, 40 % progress (es-BO notation).
    assert.match(table, /15\.000,00<\/td><td[^>]*>[^<]*3\.450,00<\/td><td[^>]*>23 %<\/td><td[^>]*>40 %</);
    assert.match(html, new RegExp(`href="/proyectos/${ids.a}">Red estatal de datos, fase 2<`));
    const project = await (await fetch(`${t.baseUrl}/proyectos/${ids.a}`)).text();
    assert.match(project, /id="dinero">Presupuesto y gasto</);
    assert.match(project, /Corrección: El contrato fue por 45 000/);
    assert.match(project, /Gastado<\/strong><\/td><td[^>]*><strong>[^<]*1\.450,00</);
    assert.equal((await fetch(`${t.baseUrl}/proyectos/plan/no-such-plan`)).status, 404);
  });
});

// The write pattern's regression test for reports: an accepted report makes few statements
// (the territory lookups of its module, then one statement writing the report,
// its timeline, the audit entry, the event and the statistics; categories and routing rules
// and agencies come from caches the bus keeps true), a retry with the same key writes nothing, the audit
// chain verifies, and a routing change made by another process reaches this one's cache.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { countStatements } from '../../../test/helpers/statements.ts';
import { sealAuditLog, verifyAuditLog } from '../../platform/audit/audit.ts';
import { createReport } from './submission.service.ts';
import { BUS_CHANNEL } from '../../platform/events/bus.ts';
import { waitFor } from '../../../test/helpers/wait-for.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ demo: true });
});
after(async () => t.close());

const input = { categoryCode: 'agua', description: 'Fuga de agua en la esquina', answers: { problema: 'fuga' }, lat: -16.5, lon: -68.13, address: 'Calle Comercio 100', territoryCode: 'BO-L-01-01' };
const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(t.app.tambo.deps.db)).rows[0]!.n;

it('an accepted report makes at most 3 statements (16 before) and writes the report, timeline, audit entry, event and statistics', async () => {
  const { deps } = t.app.tambo;
  await createReport(deps, input, { actor: { type: 'anonymous' } }); // warm what a running server has warm
  const { result, count: statements, statements: list } = await countStatements(() => createReport(deps, input, { actor: { type: 'anonymous' }, requestId: 'req-5' }));
  assert.ok(statements <= 3, `at most 3 statements, got ${statements}:\n${list.join('\n')}`);
  const { report, isNew } = result;
  assert.equal(isNew, true);
  assert.equal(report.code, `R-${report.id}`);
  assert.equal(report.status, 'received');
  assert.equal(report.description, input.description);
  assert.deepEqual(report.answers, input.answers);
  const id = String(report.id);
  assert.equal(await count(sql`SELECT count(*)::int AS n FROM reports.report_event WHERE report_id = ${report.id}`), 2);
  assert.equal(await count(sql`SELECT count(*)::int AS n FROM audit.entry WHERE subject_id = ${id} AND action = 'reports.report_submitted' AND request_id = 'req-5'`), 1);
  assert.equal(await count(sql`SELECT count(*)::int AS n FROM platform.outbox WHERE topic = 'reports.submitted' AND (payload->>'reportId')::bigint = ${report.id}`), 1);
  await sealAuditLog(deps.db);
  assert.ok((await verifyAuditLog(deps.db)).ok);
});

it('a retry with the same idempotency key writes nothing and returns the first report', async () => {
  const { deps } = t.app.tambo;
  const first = await createReport(deps, input, { actor: { type: 'anonymous' }, idempotencyKey: 'k-1' });
  const audits = await count(sql`SELECT count(*)::int AS n FROM audit.entry`);
  const again = await createReport(deps, input, { actor: { type: 'anonymous' }, idempotencyKey: 'k-1' });
  assert.equal(again.isNew, false);
  assert.equal(again.report.id, first.report.id);
  assert.equal(await count(sql`SELECT count(*)::int AS n FROM audit.entry`), audits);
  await assert.rejects(createReport(deps, { ...input, description: 'Otra cosa' }, { actor: { type: 'anonymous' }, idempotencyKey: 'k-1' }), /IDEMPOTENCY_KEY_REUSED/);
});

it('a routing rule changed by another process reaches this one through the bus: the next report goes to the new agency', async () => {
  const { deps } = t.app.tambo;
  const here = { ...input, territoryCode: 'BO-L-01-02' };
  const before = await createReport(deps, here, { actor: { type: 'anonymous' } });
  assert.notEqual(before.report.agencyCode, 'GAMEA');
  // Another process: the rule written and announced from a connection of its own.
  const other = new (await import('pg')).default.Client({ connectionString: t.database.url });
  await other.connect();
  try {
    await other.query('BEGIN');
    await other.query(`INSERT INTO reports.routing_rule (category_code, territory_code, agency_code) VALUES ('agua', 'BO-L-01-02', 'GAMEA')`);
    await other.query('SELECT pg_notify($1, $2)', [BUS_CHANNEL, JSON.stringify({ topic: 'reports.routing_changed', payload: {} })]);
    await other.query('COMMIT');
  } finally {
    await other.end();
  }
  await waitFor(async () => (await createReport(deps, here, { actor: { type: 'anonymous' } })).report.agencyCode === 'GAMEA', { what: 'the new rule to route reports' });
});

// The write pattern's regression test for applications: a submission makes at most three
// statements (the procedure, the applicant, then one statement writing the case, its history,
// the audit entry, the event and the statistics), and what it writes is all there.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { testAccount } from '../../../test/helpers/identity.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { countStatements } from '../../../test/helpers/statements.ts';
import { sealAuditLog, verifyAuditLog } from '../../platform/audit/audit.ts';
import { submitApplication } from './services/submission.service.ts';

let t: TestApp;
let accountId: string;
before(async () => {
  t = await buildTestApp();
  await createOnlineProcedure(t.app.tambo.deps.db, { slug: 'certificado-rondas', agencyCode: 'SEGIP' });
  accountId = await testAccount(t.app.tambo.deps, { documentNumber: '7654321 LP', givenName: 'Ana', familyName: 'Rojas', email: 'ana.rojas@prueba.tambo' });
});
after(async () => t.close());

const ANSWERS = { birthDate: '2020-01-01', copies: 2, purpose: 'work' };

it('a case submission makes at most 3 statements and writes the case, history, audit entry, event, statistics and removes the draft', async () => {
  const { deps } = t.app.tambo;
  // Warm the per-process caches (decreed holidays, checked definitions) as a running server has them.
  await submitApplication(deps, { slug: 'certificado-rondas', accountId, answers: ANSWERS, channel: 'online' });
  const { db } = deps;
  const version = await sql<{ version_id: string }>`SELECT version_id FROM cases.case LIMIT 1`.execute(db);
  await sql`INSERT INTO cases.draft (id, account_id, version_id, answers) VALUES (gen_random_uuid(), ${accountId}, ${version.rows[0]!.version_id}, '{}')`.execute(db);

  const {
    result: created,
    count,
    statements,
  } = await countStatements(() => submitApplication(deps, { slug: 'certificado-rondas', accountId, answers: ANSWERS, channel: 'online', requestId: 'req-7' }));
  assert.ok(count <= 3, `at most 3 statements, got ${count}:\n${statements.join('\n')}`);

  assert.match(created.trackingCode, /^TR-/);
  assert.equal(created.state, 'submitted');
  assert.match(created.dueDate, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(created.submittedAt instanceof Date);
  assert.deepEqual(created.answers, { ...ANSWERS, fullName: 'Ana Rojas' });
  const one = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(db)).rows[0]!.n;
  assert.equal(await one(sql`SELECT count(*)::int AS n FROM cases.case_event WHERE case_id = ${created.id} AND action = 'submit'`), 1);
  assert.equal(await one(sql`SELECT count(*)::int AS n FROM audit.entry WHERE subject_id = ${created.id} AND action = 'cases.case_submitted' AND request_id = 'req-7'`), 1);
  assert.equal(await one(sql`SELECT count(*)::int AS n FROM platform.outbox WHERE topic = 'cases.submitted' AND payload->>'caseId' = ${created.id}`), 1);
  assert.equal(await one(sql`SELECT count(*)::int AS n FROM cases.draft WHERE account_id = ${accountId}`), 0, 'the draft is gone');
  assert.equal(await one(sql`SELECT coalesce(sum(count), 0)::int AS n FROM platform.stat_delta WHERE module = 'catalog' AND name = 'applications'`), 2);
  await sealAuditLog(db);
  assert.ok((await verifyAuditLog(db)).ok);
});

it('a refused submission writes nothing', async () => {
  const { deps } = t.app.tambo;
  const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry`.execute(deps.db)).rows[0]!.n;
  await assert.rejects(submitApplication(deps, { slug: 'certificado-rondas', accountId, answers: { ...ANSWERS, copies: 9 }, channel: 'online' }), /VALIDATION_FAILED/);
  assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry`.execute(deps.db)).rows[0]!.n, before);
});

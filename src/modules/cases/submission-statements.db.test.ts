// The write pattern's regression test for applications: with the applicant's account in hand (the
// API route passes the token's) and the published version from the catalog's cache, a submission
// makes one statement (the case, its history, the audit entry, the event and the statistics), and
// what it writes is all there; a retired procedure is refused at once all the same.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { testAccount } from '../../../test/helpers/identity.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { countStatements } from '../../../test/helpers/statements.ts';
import { sealAuditLog, verifyAuditLog } from '../../platform/audit/audit.ts';
import { findAccount } from '../identity/index.ts';
import { retireProcedure } from '../catalog/procedure.service.ts';
import { submitApplication } from './services/submission.service.ts';

let t: TestApp;
let accountId: string;
before(async () => {
  t = await buildTestApp();
  await createOnlineProcedure(t.app.tambo.deps.db, { slug: 'certificado-rondas', agencyCode: 'SEGIP' });
  // The helper announces the publication on the bus; once heard here, it cannot empty the cache the first test warms.
  await t.app.tambo.deps.bus.sync();
  accountId = await testAccount(t.app.tambo.deps, { documentNumber: '7654321 LP', givenName: 'Ana', familyName: 'Rojas', email: 'ana.rojas@prueba.tambo' });
});
after(async () => t.close());

const ANSWERS = { birthDate: '2020-01-01', copies: 2, purpose: 'work' };

it('a case submission makes 1 statement and writes the case, history, audit entry, event, statistics and removes the draft', async () => {
  const { deps } = t.app.tambo;
  const account = (await findAccount(deps, accountId))!;
  // Warm the per-process caches (decreed holidays, the published version, checked definitions) as a running server has them.
  await submitApplication(deps, { slug: 'certificado-rondas', accountId, answers: ANSWERS, channel: 'online' });
  const { db } = deps;
  const version = await sql<{ version_id: string }>`SELECT version_id FROM cases.case LIMIT 1`.execute(db);
  await sql`INSERT INTO cases.draft (id, account_id, version_id, answers) VALUES (gen_random_uuid(), ${accountId}, ${version.rows[0]!.version_id}, '{}')`.execute(db);

  const {
    result: created,
    count,
    statements,
  } = await countStatements(() => submitApplication(deps, { slug: 'certificado-rondas', accountId, account, answers: ANSWERS, channel: 'online', requestId: 'req-7' }));
  assert.equal(count, 1, `one statement, got ${count}:\n${statements.join('\n')}`);

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

it('without the account in hand the service reads it (2 statements); another account than the one named is not taken', async () => {
  const { deps } = t.app.tambo;
  const other = (await findAccount(deps, await testAccount(deps, { documentNumber: '7654322 LP', givenName: 'Eva', familyName: 'Quispe', email: 'eva.quispe@prueba.tambo' })))!;
  const { result: created, count } = await countStatements(() => submitApplication(deps, { slug: 'certificado-rondas', accountId, account: other, answers: ANSWERS, channel: 'online' }));
  assert.equal(count, 2);
  assert.equal(created.accountId, accountId);
  assert.equal((created.answers as { fullName: string }).fullName, 'Ana Rojas');
});

it('a retired procedure is refused at once, though its published version was cached', async () => {
  const { deps } = t.app.tambo;
  const { procedureId } = await createOnlineProcedure(deps.db, { slug: 'certificado-retirado', agencyCode: 'SEGIP' });
  // The helper announces the publication on the bus: heard first, it cannot empty the cache after the warming submission.
  await deps.bus.sync();
  await submitApplication(deps, { slug: 'certificado-retirado', accountId, answers: ANSWERS, channel: 'online' });
  const counted = await countStatements(() => submitApplication(deps, { slug: 'certificado-retirado', accountId, answers: ANSWERS, channel: 'online' }));
  const { count, statements } = counted;
  assert.equal(count, 2, `the published version came from the cache (applicant and the write only):\n${statements.join('\n')}`);
  await retireProcedure(deps, { accountId: 'publisher', roles: [{ role: 'publisher', agencyCode: 'SEGIP' }] }, procedureId);
  await assert.rejects(submitApplication(deps, { slug: 'certificado-retirado', accountId, answers: ANSWERS, channel: 'online' }), /CASES_PROCEDURE_NOT_ONLINE/);
});

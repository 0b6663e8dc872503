// Ballot secrecy in the database (docs/consulta-popular.md, "Secrecy"): a reader of the
// database who is not a superuser sees who voted (the poll book) and what was chosen (the
// ballots), and no join of the two, by id, time, physical order or transaction, recovers who
// chose what. The voters vote one after the other, so any order or time link would show.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { findAccount } from '../identity/index.ts';
import { castBallot, mixBallots } from './consultations.service.ts';
import { makeConsultation, makeVoter } from './consultations.test-helpers.ts';
import { importCensus } from './results.service.ts';

const ADMIN = { accountId: '00000000-0000-7000-8000-000000000001', grants: [{ role: 'platform_admin' }] };

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => t.close());

it('no join of the poll book and the ballots by id, time, order or transaction links a person to a choice', async () => {
  const deps = t.app.tambo.deps;
  const c = await makeConsultation(deps, { eligibility: 'census', units: [{ code: 'BO-L-01-02', name: 'El Alto', budgetMinor: 1000, costs: [10, 20, 30, 40, 50] }] });
  const ids = c.proposals['BO-L-01-02']!.map((p) => p.id);
  // Twelve voters, each with a different set of choices: the truth the joins try to recover.
  const sets = [[0], [1], [2], [3], [4], [0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 4], [3, 4]].map((s) => s.map((i) => ids[i]!));
  const voters = [];
  for (let i = 0; i < sets.length; i += 1) voters.push(await makeVoter(deps, null));
  await importCensus(deps, ADMIN, c.id, voters.map((v) => `CI,${v.documentNumber},BO-L-01-02`).join('\n'));
  const truth = new Map<string, string>();
  const receipts: string[] = [];
  for (const [i, voter] of voters.entries()) {
    const account = (await findAccount(deps, voter.id))!;
    const cast = await castBallot(deps, account, c.id, sets[i]!);
    receipts.push(cast.receiptId!);
    truth.set(voter.documentNumber, [...sets[i]!].sort().join(','));
  }
  await mixBallots(deps);
  const db = deps.db;

  // What the ballot table can hold: no person, no time, no sequence.
  const columns = await sql<{ table_name: string; column_name: string; data_type: string; column_default: string | null }>`
    SELECT table_name, column_name, data_type, column_default FROM information_schema.columns
    WHERE table_schema = 'consultations' AND table_name IN ('ballot', 'ballot_inbox') ORDER BY table_name, column_name`.execute(db);
  for (const column of columns.rows) {
    assert.ok(['id', 'consultation_id', 'unit_code', 'choices', 'receipt_id', 'key_hash', 'commitment', 'bucket'].includes(column.column_name), column.column_name);
    assert.doesNotMatch(column.data_type, /time|date/);
    assert.doesNotMatch(column.column_default ?? '', /nextval|now|clock/);
  }

  const recovered = (pairs: Array<{ document_number: string; choices: string }>) => pairs.filter((p) => truth.get(p.document_number) === p.choices).length;
  const pollBookRows = { consultation: c.id };
  // 1. Physical order (ctid) of both tables, paired row by row.
  const byCtid = await sql<{ document_number: string; choices: string }>`
    WITH v AS (SELECT document_number, row_number() OVER (ORDER BY ctid) AS n FROM consultations.poll_book WHERE consultation_id = ${pollBookRows.consultation}),
         b AS (SELECT array_to_string(ARRAY(SELECT unnest(choices::text[]) ORDER BY 1), ',') AS choices, row_number() OVER (ORDER BY ctid) AS n FROM consultations.ballot WHERE consultation_id = ${c.id})
    SELECT v.document_number, b.choices FROM v JOIN b USING (n)`.execute(db);
  assert.equal(byCtid.rows.length, voters.length);
  assert.ok(recovered(byCtid.rows) < voters.length, 'physical order does not give the mapping');
  // 2. The ballots' ids (random) in order, paired with the poll book's order of voting.
  const byId = await sql<{ document_number: string; choices: string }>`
    WITH v AS (SELECT document_number, row_number() OVER (ORDER BY ctid) AS n FROM consultations.poll_book WHERE consultation_id = ${c.id}),
         b AS (SELECT array_to_string(ARRAY(SELECT unnest(choices::text[]) ORDER BY 1), ',') AS choices, row_number() OVER (ORDER BY id) AS n FROM consultations.ballot WHERE consultation_id = ${c.id})
    SELECT v.document_number, b.choices FROM v JOIN b USING (n)`.execute(db);
  assert.ok(recovered(byId.rows) < voters.length, 'id order does not give the mapping');
  // 3. The transaction that wrote them: every ballot was moved by the one mixing transaction.
  const byXmin = await sql<{ n: string }>`
    SELECT count(*) AS n FROM consultations.poll_book v JOIN consultations.ballot b ON b.xmin = v.xmin WHERE v.consultation_id = ${c.id}`.execute(db);
  assert.equal(Number(byXmin.rows[0]!.n), 0);
  const xmins = await sql<{ n: string }>`SELECT count(DISTINCT xmin::text) AS n FROM consultations.ballot WHERE consultation_id = ${c.id}`.execute(db);
  assert.equal(Number(xmins.rows[0]!.n), 1);
  // 4. The audit log and the outbox name the voter and the consultation, never a receipt or a choice.
  const traces = await sql<{ text: string }>`
    SELECT data::text AS text FROM audit.entry WHERE action LIKE 'consultations.%' AND subject_id = ${c.id}
    UNION ALL SELECT payload::text FROM platform.outbox WHERE topic LIKE 'consultations.%'`.execute(db);
  assert.ok(traces.rows.length >= voters.length);
  for (const row of traces.rows) {
    for (const receipt of receipts) assert.ok(!row.text.includes(receipt), 'no receipt in the audit log or the outbox');
    for (const id of ids) assert.ok(!row.text.includes(id), 'no choice in the audit log or the outbox');
  }
  // 5. The idempotency keys name the consultation only (a cast with a key writes one).
  const keys = await sql<{ text: string }>`SELECT row_to_json(k)::text AS text FROM platform.idempotency_key k`.execute(db).catch(() => ({ rows: [] as Array<{ text: string }> }));
  for (const row of keys.rows) for (const receipt of receipts) assert.ok(!row.text.includes(receipt));
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { chainHash, contentHash, GENESIS_HASH, getAuditHead, recordAudit, sealAuditLog, verifyAuditLog } from './audit.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => t.close());

async function writeEntries(count: number, label: string) {
  const { db } = t.app.tambo.deps;
  for (let i = 0; i < count; i += 1) {
    await db
      .transaction()
      .execute((trx) => recordAudit(trx, { actor: { type: 'system' }, action: 'test.thing_done', subject: { type: 'thing', id: `${label}-${i}` }, data: { i, nested: { b: 2, a: 1 } } }));
  }
}

/** Tampering as a database superuser would: the append-only trigger is bypassed. */
async function tamper(statement: ReturnType<typeof sql>) {
  await t.app.tambo.deps.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await statement.execute(trx);
  });
}

describe('audit log', () => {
  beforeEach(async () => {
    await tamper(sql`DELETE FROM audit.entry`);
    await tamper(sql`DELETE FROM audit.head`);
  });

  it('seals committed entries into a chain that verifies and extends the published head', async () => {
    const { db } = t.app.tambo.deps;
    assert.deepEqual((await getAuditHead(db)).hash, GENESIS_HASH);
    await writeEntries(5, 'a');
    assert.equal(await sealAuditLog(db), 5);
    const first = await getAuditHead(db);
    assert.equal(first.position, 5);
    assert.match(first.hash, /^[0-9a-f]{64}$/);
    await writeEntries(3, 'b');
    assert.equal(await sealAuditLog(db), 3);
    const second = await getAuditHead(db);
    assert.equal(second.position, 8);
    assert.notEqual(second.hash, first.hash);
    const result = await verifyAuditLog(db);
    assert.equal(result.ok, true, JSON.stringify(result.broken));
    assert.equal(result.checked, 8);
    // The entry at the old head still carries the old head's hash: the chain extends it.
    const row = await sql<{ chain_hash: string }>`SELECT chain_hash FROM audit.entry WHERE position = 5`.execute(db);
    assert.equal(row.rows[0]?.chain_hash, first.hash);
  });

  it('refuses updates, deletes and truncation through the database itself', async () => {
    const { db } = t.app.tambo.deps;
    await writeEntries(2, 'c');
    await sealAuditLog(db);
    await assert.rejects(sql`UPDATE audit.entry SET action = 'x'`.execute(db), /append-only/);
    await assert.rejects(sql`DELETE FROM audit.entry`.execute(db), /append-only/);
    await assert.rejects(sql`TRUNCATE audit.entry`.execute(db), /append-only/);
  });

  it('names the first altered entry', async () => {
    const { db } = t.app.tambo.deps;
    await writeEntries(6, 'd');
    await sealAuditLog(db);
    await tamper(sql`UPDATE audit.entry SET data = '{"i": 99}' WHERE position = 4`);
    const result = await verifyAuditLog(db);
    assert.equal(result.ok, false);
    assert.equal(result.broken?.position, 4);
    assert.match(result.broken!.reason, /altered/);
  });

  it('detects a deleted entry in the middle and at the end', async () => {
    const { db } = t.app.tambo.deps;
    await writeEntries(6, 'e');
    await sealAuditLog(db);
    await tamper(sql`DELETE FROM audit.entry WHERE position = 3`);
    let result = await verifyAuditLog(db);
    assert.equal(result.ok, false);
    assert.equal(result.broken?.position, 3);
    assert.match(result.broken!.reason, /missing/);

    await tamper(sql`DELETE FROM audit.entry`);
    await tamper(sql`DELETE FROM audit.head`);
    await writeEntries(4, 'f');
    await sealAuditLog(db);
    await tamper(sql`DELETE FROM audit.entry WHERE position = 4`);
    result = await verifyAuditLog(db);
    assert.equal(result.ok, false);
    assert.equal(result.broken?.position, 4);
    assert.match(result.broken!.reason, /published head/);
  });

  it('detects a re-hashed forgery: changing content and its own hash breaks the chain link', async () => {
    const { db } = t.app.tambo.deps;
    await writeEntries(3, 'g');
    await sealAuditLog(db);
    const forged = await sql<{ id: string }>`SELECT id FROM audit.entry WHERE position = 2`.execute(db);
    const { contentHash } = await import('./audit.ts');
    const row = await sql<Record<string, unknown>>`SELECT * FROM audit.entry WHERE position = 2`.execute(db);
    const original = row.rows[0] as Parameters<typeof contentHash>[0];
    const newHash = contentHash({ ...original, data: { i: 1000 } });
    await tamper(sql`UPDATE audit.entry SET data = '{"i": 1000}', content_hash = ${newHash} WHERE id = ${forged.rows[0]!.id}`);
    const result = await verifyAuditLog(db);
    assert.equal(result.ok, false);
    assert.equal(result.broken?.position, 2);
    assert.match(result.broken!.reason, /chain hash/);
  });

  it('a consistent rewrite of the past passes on its own, and fails against a head kept earlier', async () => {
    const { db } = t.app.tambo.deps;
    await writeEntries(5, 'k');
    await sealAuditLog(db);
    const kept = await getAuditHead(db);
    assert.equal(kept.position, 5);
    // A superuser rewrites entry 2 and recomputes every hash after it, and the head.
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM audit.entry ORDER BY position`.execute(db)).rows as Array<Parameters<typeof contentHash>[0] & { id: string; position: number }>;
    let prev = GENESIS_HASH;
    for (const row of rows) {
      const data = row.position === 2 ? { i: 1000, nested: { a: 1, b: 2 } } : row.data;
      const content = contentHash({ ...row, data });
      const chain = chainHash(row.position, prev, content);
      await tamper(sql`UPDATE audit.entry SET data = ${JSON.stringify(data)}::jsonb, content_hash = ${content}, prev_hash = ${prev}, chain_hash = ${chain} WHERE id = ${row.id}`);
      prev = chain;
    }
    await tamper(sql`UPDATE audit.head SET chain_hash = ${prev}`);
    assert.equal((await verifyAuditLog(db)).ok, true, 'without a kept head, a consistent rewrite cannot be told apart');
    const result = await verifyAuditLog(db, { kept: [{ position: kept.position, hash: kept.hash }] });
    assert.equal(result.ok, false);
    assert.equal(result.broken?.position, 5);
    assert.match(result.broken!.reason, /no longer extends the kept head/);
    // A head kept beyond today's end: entries were removed.
    const beyond = await verifyAuditLog(db, { kept: [{ position: 9, hash: 'ab'.repeat(32) }] });
    assert.equal(beyond.ok, false);
    assert.match(beyond.broken!.reason, /beyond the end of the chain/);
  });

  it('entries written by a transaction that rolls back never appear', async () => {
    const { db } = t.app.tambo.deps;
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await recordAudit(trx, { actor: { type: 'system' }, action: 'test.rolled_back', subject: { type: 'thing', id: 'x' } });
        throw new Error('the change failed');
      }),
    );
    assert.equal(await sealAuditLog(db), 0);
  });
});

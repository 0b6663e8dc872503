// The published head of the audit chain over HTTP.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { recordAudit, sealAuditLog, verifyAuditLog, GENESIS_HASH } from '../../src/platform/audit/audit.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => t.close());

interface Head {
  position: number;
  hash: string;
  sealedAt: string | null;
}

async function head(): Promise<Head> {
  const response = await t.app.inject({ url: '/api/v1/audit/head' });
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(response.headers['cache-control'], 'no-cache');
  return response.json() as Head;
}

async function write(count: number, label: string) {
  const { db } = t.app.tambo.deps;
  for (let i = 0; i < count; i += 1) {
    await db.transaction().execute((trx) => recordAudit(trx, { actor: { type: 'system' }, action: 'test.thing_done', subject: { type: 'thing', id: `${label}-${i}` } }));
  }
}

it('publishes the sealed position and hash, and moves when more entries are sealed', async () => {
  const { db } = t.app.tambo.deps;
  await sealAuditLog(db);
  const start = await head();
  assert.ok(start.position > 0 || start.hash === GENESIS_HASH);

  await write(3, 'a');
  assert.deepEqual(await head(), start, 'unsealed entries do not move the head');
  assert.equal(await sealAuditLog(db), 3);
  const first = await head();
  assert.equal(first.position, start.position + 3);
  assert.match(first.hash, /^[0-9a-f]{64}$/);
  assert.notEqual(first.hash, start.hash);
  assert.ok(first.sealedAt && !Number.isNaN(Date.parse(first.sealedAt)));

  await write(2, 'b');
  await sealAuditLog(db);
  const second = await head();
  assert.equal(second.position, first.position + 2);
  assert.notEqual(second.hash, first.hash);
  const verified = await verifyAuditLog(db);
  assert.equal(verified.ok, true);
  assert.equal(verified.head.hash, second.hash);
});

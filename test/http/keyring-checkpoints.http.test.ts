// The platform keyring and the signed checkpoints of the audit log, over real HTTP, checked
// as an outsider would: with jose's verifier and with openssl over the keys published at
// /api/v1/keys, never with the signing code. A signature made before two rotations (its key
// retired) still verifies; `npm run audit:verify -- --head FILE` accepts a kept checkpoint,
// refuses a forged one, and fails once the log is rewritten.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { sql } from 'kysely';
import { chainHash, contentHash, GENESIS_HASH, recordAudit, sealAuditLog } from '../../src/platform/audit/audit.ts';
import { CHECKPOINT_JOB, CHECKPOINT_TYPE } from '../../src/platform/audit/checkpoints.ts';
import { enqueueJob } from '../../src/platform/jobs/queue.ts';
import { addSigningKey, createKeyring, providerJwks, retireKey } from '../../src/platform/keys/keyring.ts';
import { TEST_SECRET, type TestApp } from '../helpers/app.ts';
import { listenTestApp } from '../helpers/listen.ts';

// Each part runs on an application of its own: the keyring part retires the key its process
// signs with, which the operations guide forbids for a live installation.
let t: TestApp & { baseUrl: string };
const folder = mkdtempSync(path.join(tmpdir(), 'tambo-checkpoints-'));
const ownApp = () => {
  before(async () => {
    t = await listenTestApp();
  });
  after(async () => t.close());
};
after(() => rmSync(folder, { recursive: true, force: true }));

interface PublishedKey extends Record<string, unknown> {
  kid: string;
  not_before: string;
  not_after: string | null;
  status: string;
}
interface CheckpointItem {
  position: number;
  hash: string;
  sealedAt: string;
  signedAt: string;
  kid: string;
  jws: string;
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(`${t.baseUrl}${url}`);
  assert.equal(response.status, 200, url);
  return (await response.json()) as T;
}

const publishedKeys = async () => (await getJson<{ keys: PublishedKey[] }>('/api/v1/keys')).keys;

/** openssl's verdict on a compact RS256 JWS with a published JWK. */
function opensslVerifies(jws: string, jwk: Record<string, unknown>): boolean {
  const [header, body, signature] = jws.split('.');
  writeFileSync(path.join(folder, 'key.pem'), createPublicKey({ key: jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }));
  writeFileSync(path.join(folder, 'input'), `${header}.${body}`);
  writeFileSync(path.join(folder, 'signature'), Buffer.from(signature!, 'base64url'));
  const result = spawnSync('openssl', ['dgst', '-sha256', '-verify', 'key.pem', '-signature', 'signature', 'input'], { cwd: folder, encoding: 'utf8' });
  if (result.error) throw result.error;
  return result.status === 0 && /Verified OK/.test(result.stdout);
}

async function writeEntries(count: number, label: string): Promise<void> {
  const { db } = t.app.tambo.deps;
  for (let i = 0; i < count; i += 1) {
    await db.transaction().execute((trx) => recordAudit(trx, { actor: { type: 'system' }, action: 'test.thing_done', subject: { type: 'thing', id: `${label}-${i}` }, data: { i } }));
  }
}

/** Runs the scheduled job the way the queue does. */
async function checkpointJob(): Promise<void> {
  await enqueueJob(t.app.tambo.deps.db, CHECKPOINT_JOB, {});
  await t.drain();
}

function auditVerify(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['--import', './src/loader.ts', 'scripts/audit-verify.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: t.database.url, SESSION_SECRET: TEST_SECRET, DEMO: 'false', LOG_LEVEL: 'silent' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the platform keyring', () => {
  ownApp();
  it('publishes every key with its dates; a signature survives two rotations and the retirement of its key', async () => {
    const { db, keyring } = t.app.tambo.deps;
    const document = { receipt: 'r-1', openedAt: '2026-12-06T10:00:00.000Z' };
    const old = await keyring.sign(document, 'tambo-test+json');
    const oldKid = decodeProtectedHeader(old).kid!;
    assert.equal(oldKid, await keyring.signingKid());

    const initial = await publishedKeys();
    assert.deepEqual(
      initial.map((k) => [k.kid, k.status]),
      [[oldKid, 'signing']],
    );
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(initial[0]![member], undefined, `no private member ${member} is published`);

    // Two rotations: each process started afterwards signs with the newest key.
    const second = await addSigningKey(db, { staged: false });
    const third = await addSigningKey(db, { staged: false });
    const restarted = createKeyring(db);
    assert.equal(await restarted.signingKid(), third);
    const fresh = await restarted.sign({ receipt: 'r-2' }, 'tambo-test+json');
    assert.equal(decodeProtectedHeader(fresh).kid, third);
    assert.equal(await retireKey(db, third), 'signing', 'the signing key cannot be retired');
    assert.equal(await retireKey(db, oldKid), 'retired');
    assert.equal(await retireKey(db, second), 'retired');

    const keys = await publishedKeys();
    const retired = keys.find((k) => k.kid === oldKid)!;
    assert.equal(retired.status, 'retired');
    assert.ok(retired.not_after && Date.parse(retired.not_after) >= Date.parse(retired.not_before), 'a retired key carries when it stopped being valid');
    assert.deepEqual(keys.map((k) => k.kid).sort(), [oldKid, second, third].sort(), 'retired keys stay published');

    // An outsider verifies the old signature with the published old key: jose and openssl.
    const { payload, protectedHeader } = await compactVerify(old, createLocalJWKSet({ keys } as unknown as JSONWebKeySet));
    assert.deepEqual(JSON.parse(new TextDecoder().decode(payload)), document);
    assert.equal(protectedHeader.kid, oldKid);
    assert.equal(opensslVerifies(old, retired), true);
    assert.equal(opensslVerifies(fresh, keys.find((k) => k.kid === third)!), true);
    const [header, , signature] = old.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...document, openedAt: null })).toString('base64url')}.${signature}`;
    assert.equal(opensslVerifies(forged, retired), false, 'an edited document does not verify');

    // The provider's JWKS of a process started now leaves the retired keys out.
    assert.deepEqual(
      (await providerJwks(createKeyring(db))).keys.map((k) => k.kid),
      [third],
    );
  });

  it('moves the keys identity kept, unchanged, into the keyring (migration 007)', async () => {
    const { db } = t.app.tambo.deps;
    const migration = readFileSync(new URL('../../src/platform/migrations/007_keyring.sql', import.meta.url), 'utf8');
    const copy = /DO \$\$[\s\S]*?END\s*\$\$;/.exec(migration)?.[0];
    assert.ok(copy, 'the migration copies identity.signing_key');
    const jwk = { kty: 'RSA', kid: 'legacy-kid', alg: 'RS256', use: 'sig', n: 'nn', e: 'AQAB', d: 'secret-d', p: 'pp', q: 'qq', dp: 'a', dq: 'b', qi: 'c' };
    await sql`INSERT INTO identity.signing_key (kid, private_jwk, created_at) VALUES ('legacy-kid', ${JSON.stringify(jwk)}::jsonb, now() - interval '400 days')`.execute(db);
    await sql.raw(copy).execute(db);
    const row = (await sql<{ private_jwk: Record<string, unknown>; public_jwk: Record<string, unknown>; signs_from: Date }>`SELECT * FROM platform.signing_key WHERE kid = 'legacy-kid'`.execute(db))
      .rows[0]!;
    assert.deepEqual(row.private_jwk, jwk);
    assert.deepEqual(row.public_jwk, { kty: 'RSA', kid: 'legacy-kid', alg: 'RS256', use: 'sig', n: 'nn', e: 'AQAB' });
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity.signing_key`.execute(db);
    assert.equal(left.rows[0]!.n, 0, 'the private keys are no longer kept in two places');
    await sql`DELETE FROM platform.signing_key WHERE kid = 'legacy-kid'`.execute(db);
  });
});

describe('signed checkpoints of the audit log', () => {
  ownApp();
  it('are made on schedule, listed newest first with paging, verify outside, and audit:verify accepts them until the log is rewritten', async () => {
    const { db } = t.app.tambo.deps;
    assert.ok(
      t.app.tambo.schedule.some((s) => s.job === CHECKPOINT_JOB && s.when === '7 * * * *'),
      'signed every hour',
    );
    await writeEntries(3, 'a');
    await checkpointJob();
    await checkpointJob();
    const afterOne = await getJson<{ items: CheckpointItem[]; next: number | null }>('/api/v1/audit/checkpoints');
    assert.equal(afterOne.items.length, 1, 'no new checkpoint while the head has not moved');
    await writeEntries(2, 'b');
    await checkpointJob();
    await writeEntries(1, 'c');
    await checkpointJob();

    const firstPage = await getJson<{ items: CheckpointItem[]; next: number | null }>('/api/v1/audit/checkpoints?limit=2');
    assert.equal(firstPage.items.length, 2);
    assert.ok(firstPage.items[0]!.position > firstPage.items[1]!.position, 'newest first');
    assert.equal(firstPage.next, firstPage.items[1]!.position);
    const secondPage = await getJson<{ items: CheckpointItem[]; next: number | null }>(`/api/v1/audit/checkpoints?limit=2&before=${firstPage.next}`);
    assert.deepEqual(secondPage.items, afterOne.items);
    assert.equal(secondPage.next, null);
    const bad = await fetch(`${t.baseUrl}/api/v1/audit/checkpoints?limit=0`);
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);

    const head = await getJson<{ position: number; hash: string }>('/api/v1/audit/head');
    const newest = firstPage.items[0]!;
    assert.equal(newest.position, head.position);
    assert.equal(newest.hash, head.hash);

    // An outsider checks the signature with the published key (jose, then openssl).
    const keys = await publishedKeys();
    const { payload, protectedHeader } = await compactVerify(newest.jws, createLocalJWKSet({ keys } as unknown as JSONWebKeySet));
    assert.equal(protectedHeader.typ, CHECKPOINT_TYPE);
    const signed = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    assert.deepEqual(signed, { iss: t.baseUrl, position: newest.position, hash: newest.hash, sealed_at: newest.sealedAt, signed_at: newest.signedAt });
    assert.equal(opensslVerifies(newest.jws, keys.find((k) => k.kid === newest.kid)!), true);

    // audit:verify accepts the kept checkpoint, with the database's keys or with kept ones.
    const kept = path.join(folder, 'checkpoint.json');
    writeFileSync(kept, JSON.stringify(newest));
    const keysFile = path.join(folder, 'keys.json');
    writeFileSync(keysFile, JSON.stringify({ keys }));
    const good = auditVerify('--head', kept, '--keys', keysFile);
    assert.equal(good.status, 0, good.output);
    assert.match(good.output, /extends the 1 kept head/);

    // A checkpoint whose payload was edited is refused before the log is even read.
    const [header, , signature] = newest.jws.split('.');
    const forgedFile = path.join(folder, 'forged.jws');
    writeFileSync(forgedFile, `${header}.${Buffer.from(JSON.stringify({ ...signed, position: 1 })).toString('base64url')}.${signature}`);
    const forged = auditVerify('--head', forgedFile);
    assert.equal(forged.status, 2, forged.output);
    assert.match(forged.output, /CHECKPOINT REFUSED.*does not verify/);

    // A superuser rewrites an old entry and recomputes every hash and the head: the log is
    // consistent on its own, but no longer extends the signed checkpoint.
    await sealAuditLog(db);
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      const rows = (await sql<Record<string, unknown>>`SELECT * FROM audit.entry WHERE position IS NOT NULL ORDER BY position`.execute(trx)).rows as Array<
        Parameters<typeof contentHash>[0] & { id: string; position: number }
      >;
      let prev = GENESIS_HASH;
      for (const row of rows) {
        const data = row.position === 1 ? { rewritten: true } : row.data;
        const content = contentHash({ ...row, data });
        const chain = chainHash(row.position, prev, content);
        await sql`UPDATE audit.entry SET data = ${JSON.stringify(data)}::jsonb, content_hash = ${content}, prev_hash = ${prev}, chain_hash = ${chain} WHERE id = ${row.id}`.execute(trx);
        prev = chain;
      }
      await sql`UPDATE audit.head SET chain_hash = ${prev}`.execute(trx);
    });
    const rewritten = auditVerify('--head', kept);
    assert.equal(rewritten.status, 2, rewritten.output);
    assert.match(rewritten.output, /no longer extends the kept head/);
  });
});

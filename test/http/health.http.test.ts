// Liveness and readiness, including a database that has gone away.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => t.close());

it('/health/live answers 200', async () => {
  const response = await t.app.inject({ url: '/health/live' });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { status: 'ok' });
});

it('/health/ready answers 200 with no pending migration', async () => {
  const response = await t.app.inject({ url: '/health/ready' });
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json(), { status: 'ok', database: 'ok', pendingMigrations: 0 });
});

it('/health/ready answers 503 NOT_READY while a migration is pending, until the process has seen them all applied', async () => {
  // A process that has not yet answered ready (once it has, migrations are not undone under it).
  const fresh = await buildTestApp();
  try {
    const { pool } = fresh.app.tambo.deps;
    const last = fresh.app.tambo.migrations.at(-1)!;
    await pool.query('DELETE FROM platform.schema_migration WHERE owner = $1 AND name = $2', [last.owner, last.name]);
    try {
      const response = await fresh.app.inject({ url: '/health/ready' });
      assert.equal(response.statusCode, 503);
      assert.equal((response.json() as { code: string }).code, 'NOT_READY');
    } finally {
      await pool.query('INSERT INTO platform.schema_migration (owner, name, checksum) VALUES ($1, $2, $3)', [last.owner, last.name, last.checksum]);
    }
    assert.equal((await fresh.app.inject({ url: '/health/ready' })).statusCode, 200);
  } finally {
    await fresh.close();
  }
});

it('/health/ready answers 503 NOT_READY when the database is gone, while /health/live stays 200', async () => {
  const gone = await buildTestApp();
  try {
    assert.equal((await gone.app.inject({ url: '/health/ready' })).statusCode, 200);
    // Drop the app's database under it (terminating its connections): every new connection fails.
    const admin = new pg.Client({ connectionString: process.env.TAMBO_TEST_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE ${gone.database.name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    for (let i = 0; i < 2; i += 1) {
      const response = await gone.app.inject({ url: '/health/ready' });
      assert.equal(response.statusCode, 503);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      const problem = response.json() as { code: string; status: number };
      assert.equal(problem.code, 'NOT_READY');
      assert.equal(problem.status, 503);
      assert.doesNotMatch(response.body, /does not exist|tambo_test_|terminat/i, 'no database detail leaks');
    }
    assert.equal((await gone.app.inject({ url: '/health/live' })).statusCode, 200);
  } finally {
    await gone.close();
  }
});

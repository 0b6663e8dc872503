// Reports are never lost: a report answered with 201 survives a crash of the process right
// after the answer (the process is killed with SIGKILL and started again on the same
// database), and retrying the POST with the same Idempotency-Key creates nothing new.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { getCountryProfile } from '../../platform/country/index.ts';
import { freePort } from '../../platform/db/embedded.ts';
import { createDb } from '../../platform/db/index.ts';
import { seedCategories } from './report.seed.ts';

const root = path.resolve(import.meta.dirname, '../../..');
let database: TestDatabase;
const children: ChildProcess[] = [];

before(async () => {
  database = await createTestDatabase();
  const { db, close } = createDb(database.url, { max: 2 });
  try {
    await seedCategories({ db, country: getCountryProfile('bo') });
  } finally {
    await close();
  }
});
after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await database.drop();
});

/** `npm start` as production runs it: the app on an external PostgreSQL (DATABASE_URL). */
async function startTambo(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', './src/loader.ts', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? os.tmpdir(),
      DATABASE_URL: database.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: 'false',
      COUNTRY: 'bo',
      LOG_LEVEL: 'silent',
      SESSION_SECRET: 'durability-test-secret-with-32-characters-or-more',
      DATA_DIR: os.tmpdir(),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) assert.fail(`Tambo exited before it was ready: ${stderr}`);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`Tambo was not ready within 90 s: ${stderr}`);
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

it('keeps a 201 report through SIGKILL, and a retried POST creates one report', async () => {
  const port = await freePort();
  const body = JSON.stringify({ categoryCode: 'agua', description: 'Cañería rota frente a la escuela', answers: { problema: 'fuga' }, address: 'Calle Comercio 100', lat: -16.5, lon: -68.13 });
  const post = () => fetch(`http://127.0.0.1:${port}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'durability-1' }, body });

  const first = await startTambo(port);
  const response = await post();
  assert.equal(response.status, 201);
  first.kill('SIGKILL'); // right after the answer: no graceful shutdown
  const created = (await response.json()) as { id: number; code: string };
  await killed(first);
  assert.equal(first.signalCode, 'SIGKILL');

  await startTambo(port);
  const read = await fetch(`http://127.0.0.1:${port}/api/v1/reports/${created.id}`);
  assert.equal(read.status, 200);
  assert.equal(((await read.json()) as { code: string }).code, created.code);

  const retried = await post();
  assert.equal(retried.status, 200);
  assert.equal(((await retried.json()) as { id: number }).id, created.id);
  const { db, close } = createDb(database.url, { max: 1 });
  try {
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports.report`.execute(db);
    assert.equal(count.rows[0]!.n, 1);
  } finally {
    await close();
  }
});

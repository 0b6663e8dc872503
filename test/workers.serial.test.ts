// Several processes on one database, as `npm start` runs them: process A alone on one port,
// and a cluster (WORKERS=2, a primary and two workers sharing another port). A person signs
// in through A and applies through the cluster (her session, CSRF token and form are
// honoured by whichever worker answers), her application shows in A, and her sign-out in the
// cluster ends the session in A at once. The cluster's workers split the rate limit, so
// together they never allow more than RATE_LIMIT_PER_MINUTE; Ctrl-C stops the workers and
// then the primary. Requests reach a given process by its port (A) or through the cluster's
// round robin (either worker): which worker answers is not pinned, and need not be.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { freePort } from '../src/platform/db/embedded.ts';
import { createDb, type Db } from '../src/platform/db/index.ts';
import { DATOS } from '../src/modules/cases/cases.test-helpers.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { formIndex } from './helpers/identity.ts';
import { HttpSession } from './helpers/http-client.ts';
import { createOnlineProcedure } from './helpers/procedures.ts';
import { waitFor, withTimeout } from './helpers/wait-for.ts';

const root = path.resolve(import.meta.dirname, '..');
const RATE_LIMIT = 40;

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let database: TestDatabase;
let handle: Db;
let a: Running;
let cluster: Running;
const children: ChildProcess[] = [];

function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', './src/loader.ts', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), LOG_LEVEL: 'warn', SESSION_SECRET: 'workers-test-secret-of-at-least-32-characters', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, url: `http://127.0.0.1:${env.PORT}`, output: () => output, exited };
}

async function ready(running: Running): Promise<void> {
  await waitFor(async () => /is ready at/.test(running.output()) || running.child.exitCode !== null, { timeoutMs: 180_000, intervalMs: 100, what: 'the start' });
  assert.equal(running.child.exitCode, null, running.output());
}

before(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 2 });
  const [portA, portC] = [await freePort(), await freePort()];
  const common = { DATABASE_URL: database.url, PUBLIC_URL: `http://127.0.0.1:${portA}`, DEMO: 'true' };
  // A first: it loads the demo data; the cluster finds it loaded.
  a = start({ ...common, PORT: String(portA) });
  await ready(a);
  cluster = start({ ...common, PORT: String(portC), WORKERS: '2', RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) });
  await ready(cluster);
  await createOnlineProcedure(handle.db, { slug: 'certificado-procesos', agencyCode: 'SEGIP' });
});

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await handle?.close();
  await database?.drop();
});

async function page(browser: HttpSession, url: string): Promise<{ url: string; html: string; status: number }> {
  const { response, url: at } = await browser.follow(url);
  return { url: at, html: await response.text(), status: response.status };
}

describe('several processes on one database', () => {
  it('signs in through one process and applies through the other; the application shows in the first', async () => {
    const browser = new HttpSession();
    let { response, url } = await browser.follow(`${a.url}/ingresar?volver=/mis-tramites`);
    const posted = await browser.submit(url, await response.text(), { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' });
    assert.equal(posted.status, 303);
    ({ response, url } = await browser.follow(new URL(posted.headers.get('location')!, url).toString()));
    const html = await response.text();
    if (/quiere acceder/.test(html)) {
      const decided = await browser.submit(url, html, { decision: 'allow' });
      ({ url } = await browser.follow(new URL(decided.headers.get('location')!, url).toString()));
    }
    assert.equal(new URL(url).pathname, '/mis-tramites', html);

    // Through the cluster: each form is shown by one worker and may be posted to the other.
    for (const [step, fields] of [
      ['datos', DATOS],
      ['motivo', { purpose: 'work' }],
    ] as const) {
      const shown = await page(browser, `${cluster.url}/solicitar/certificado-procesos/${step}`);
      assert.equal(shown.status, 200, shown.html);
      const sent = await browser.submit(shown.url, shown.html, fields);
      assert.equal(sent.status, 303, `${step}: ${sent.status}`);
    }
    const check = await page(browser, `${cluster.url}/solicitar/certificado-procesos/revisar`);
    const submitted = await browser.submit(check.url, check.html, {});
    assert.equal(submitted.status, 303);
    const code = /TR-[A-Z0-9-]+/.exec(submitted.headers.get('location') ?? '')?.[0];
    assert.ok(code, 'a tracking code');
    assert.match((await page(browser, `${a.url}/mis-tramites`)).html, new RegExp(code));

    // Signed out through the cluster: the same cookie is refused by A at once.
    const replay = new HttpSession();
    for (const [name, value] of browser.cookies) replay.cookies.set(name, value);
    const account = await page(browser, `${cluster.url}/cuenta`);
    const out = await browser.submit(
      account.url,
      account.html,
      {},
      formIndex(account.html, (f) => f.action === '/salir'),
    );
    assert.equal(out.status, 303);
    await waitFor(async () => (await replay.request(`${a.url}/cuenta`)).status === 303, { timeoutMs: 2_000, intervalMs: 10, what: 'A to refuse the ended session' });
    const ended = await sql<{ n: number }>`SELECT count(*)::int AS n FROM identity.web_session WHERE revoked_at IS NOT NULL`.execute(handle.db);
    assert.ok(ended.rows[0]!.n >= 1);
  });

  it('the workers together allow no more than RATE_LIMIT_PER_MINUTE per address', async () => {
    // Each on a new connection, so the round robin spreads them over both workers.
    const statuses = await Promise.all(Array.from({ length: RATE_LIMIT * 2 }, () => fetch(`${cluster.url}/api/v1/open-data`, { headers: { connection: 'close' } }).then((r) => r.status)));
    const accepted = statuses.filter((s) => s === 200).length;
    assert.ok(accepted <= RATE_LIMIT, `${accepted} accepted of ${statuses.length}`);
    assert.ok(statuses.includes(429));
  });

  it('Ctrl-C stops the workers, then the primary; nothing listens any more', async () => {
    cluster.child.kill('SIGINT');
    const how = await withTimeout(cluster.exited, 40_000, 'the cluster to stop');
    assert.equal(how.code, 0, cluster.output());
    assert.match(cluster.output(), /stopped/);
    await assert.rejects(fetch(`${cluster.url}/health/live`));
    a.child.kill('SIGINT');
    assert.equal((await withTimeout(a.exited, 40_000, 'A to stop')).code, 0, a.output());
  });
});

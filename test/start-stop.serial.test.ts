// `npm start` as people run it: no DATABASE_URL, so Tambo starts its own PostgreSQL under
// DATA_DIR, loads the demo data once, serves, and on Ctrl-C finishes what is in flight and
// stops everything, the embedded PostgreSQL last.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import { freePort } from '../src/platform/db/embedded.ts';
import { waitFor, withTimeout } from './helpers/wait-for.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tambo-start-stop-'));
// When the tests run as root, the embedded PostgreSQL runs as `postgres` and must reach its folder.
chmodSync(dataDir, 0o755);

interface Running {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Starts Tambo as `npm start` does. When the test ends, a process still running is stopped
 * as Ctrl-C would (then killed), so a failed assertion does not leave the embedded PostgreSQL
 * holding DATA_DIR for the next test.
 */
function start(test: TestContext, env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', './src/loader.ts', 'src/main.ts'], {
    cwd: root,
    // A clean environment: no DATABASE_URL, nothing of the test runner's.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close', not 'exit': by then everything the process wrote has been read.
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  test.after(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    await withTimeout(exited, 30_000, 'the exit').catch(() => child.kill('SIGKILL'));
  });
  return { child, port: Number(env.PORT), stdout: () => out, stderr: () => err, exited };
}

async function waitUntilReady(running: Running, limitMs: number): Promise<number> {
  const started = Date.now();
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void running.exited.then((how) => {
    exited = how;
  });
  const outcome = await waitFor(
    // A failed fetch (not listening yet) counts as not ready.
    async () => (exited ? 'exited' : (await fetch(`http://127.0.0.1:${running.port}/health/ready`)).status === 200 && 'ready'),
    { timeoutMs: limitMs, intervalMs: 50, what: 'readiness' },
  ).catch((error: Error) => assert.fail(`${error.message}:\n${running.stdout()}\n${running.stderr()}`));
  if (outcome === 'exited') assert.fail(`Tambo exited (${JSON.stringify(exited)}) before it was ready:\n${running.stdout()}\n${running.stderr()}`);
  return Date.now() - started;
}

async function stop(running: Running, limitMs: number): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  running.child.kill('SIGINT');
  const { code } = await withTimeout(running.exited, limitMs, 'the exit after SIGINT').catch((error: Error) => assert.fail(`${error.message}:\n${running.stdout()}\n${running.stderr()}`));
  return { code, ms: Date.now() - started };
}

/** The JSON lines of the log (pino), parsed. */
function logLines(stdout: string): Array<{ msg?: string; req?: { method?: string; url?: string } }> {
  return stdout.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line)];
    } catch {
      return [];
    }
  });
}

function messages(stdout: string): string[] {
  return stdout.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [line];
    try {
      return [(JSON.parse(line) as { msg: string }).msg];
    } catch {
      return [line];
    }
  });
}

const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');

describe('npm start', { concurrency: false }, () => {
  const baseEnv = { DATA_DIR: dataDir, DEMO: 'true', COUNTRY: 'bo', LOG_LEVEL: 'info' };
  // One test, because the second start is about the data the first one left: run alone, it
  // still starts from an empty DATA_DIR (it is the first test of the file).
  it('first start (embedded PostgreSQL, migrations, demo data) within 15 s; a second start reuses the data', async (t) => {
    assert.ok(!existsSync(pidFile), 'starts from an empty DATA_DIR');
    const port = await freePort();
    const running = start(t, { ...baseEnv, PORT: String(port) });
    // Wait longer than the promise, so that a slow start fails with its measured time.
    const ms = await waitUntilReady(running, 60_000);
    process.stdout.write(`# first start: ready in ${ms} ms\n`);
    const firstStartMs = ms;
    assert.ok(ms < 15_000, `first start ready in ${ms} ms; the promise is 15 s`);

    const home = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await home.text(), /^<!doctype html><html lang="es">/);
    const territories = await fetch(`http://127.0.0.1:${port}/api/v1/territories`);
    assert.equal(territories.status, 200);
    const territoriesOnFirstStart: unknown = await territories.json();
    assert.equal((territoriesOnFirstStart as { items: unknown[] }).items.length, 9, 'the demo data of Bolivia is loaded');

    const log = messages(running.stdout());
    assert.ok(
      log.some((m) => m.includes('initialising a new PostgreSQL cluster')),
      running.stdout(),
    );
    assert.ok(
      log.some((m) => m === 'loading demo data for country bo'),
      running.stdout(),
    );
    assert.ok(existsSync(pidFile), 'the embedded PostgreSQL runs');

    const { code, ms: stopMs } = await stop(running, 10_000);
    process.stdout.write(`# first stop: ${stopMs} ms\n`);
    assert.equal(code, 0, running.stderr());
    assert.ok(running.stdout().includes('[tambo] SIGINT received'));
    assert.ok(running.stdout().includes('[tambo] stopped'));
    assert.ok(!existsSync(pidFile), 'the embedded PostgreSQL is stopped (no postmaster.pid)');

    // Second start on the same DATA_DIR: faster, no demo data loaded again.
    const secondPort = await freePort();
    const second = start(t, { ...baseEnv, PORT: String(secondPort) });
    const secondMs = await waitUntilReady(second, 60_000);
    process.stdout.write(`# second start: ready in ${secondMs} ms\n`);
    assert.ok(secondMs < 15_000, `second start ready in ${secondMs} ms`);
    assert.ok(secondMs < firstStartMs, `the second start (${secondMs} ms) is faster than the first (${firstStartMs} ms)`);
    const secondLog = messages(second.stdout());
    assert.ok(!secondLog.some((m) => m.includes('initialising a new PostgreSQL cluster')), 'the cluster is reused');
    assert.ok(!secondLog.some((m) => m.startsWith('loading demo data')), 'demo data is not loaded twice');
    assert.ok(!secondLog.some((m) => m.startsWith('applied migration')), 'no migration applied twice');
    const territoriesAgain = await fetch(`http://127.0.0.1:${secondPort}/api/v1/territories`);
    assert.deepEqual(await territoriesAgain.json(), territoriesOnFirstStart);

    const secondStop = await stop(second, 10_000);
    assert.equal(secondStop.code, 0, second.stderr());
    assert.ok(!existsSync(pidFile));
  });

  it('a request in flight when SIGINT arrives is finished before the process exits', async (t) => {
    const port = await freePort();
    // LOG_LEVEL debug: "incoming request" is logged once the server has read a request's headers.
    const running = start(t, { ...baseEnv, PORT: String(port), LOG_LEVEL: 'debug' });
    await waitUntilReady(running, 60_000);

    // A request whose body is still arriving is in flight: send the headers and half the body.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      answer += chunk;
    });
    const body = '{"name":"in flight"}';
    socket.write(`POST /api/v1/audit/head HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 8)}`);
    await waitFor(() => logLines(running.stdout()).some((line) => line.msg === 'incoming request' && line.req?.method === 'POST' && line.req.url === '/api/v1/audit/head'), {
      what: 'the server to read the request headers',
    });

    running.child.kill('SIGINT');
    await waitFor(() => running.stdout().includes('SIGINT received'), { what: 'the shutdown to begin' });
    // New connections are refused while stopping: the server has closed its listening socket...
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${port}/health/live`).then(
          () => false,
          () => true,
        ),
      { what: 'new connections to be refused' },
    );
    // ...yet the process waits for the request in flight.
    assert.equal(running.child.exitCode, null, 'still running while a request is in flight');
    assert.ok(!running.stdout().includes('[tambo] stopped'), 'not stopped while a request is in flight');

    socket.write(body.slice(8));
    await waitFor(() => answer.includes('\r\n\r\n') && answer.includes('}'), { what: 'the answer' });
    assert.match(answer, /^HTTP\/1\.1 405 /, answer);
    assert.match(answer, /\r\nallow: GET\r\n/i);
    assert.match(answer, /\r\nconnection: close\r\n/i, 'the connection is closed after the answer');
    const { code } = await withTimeout(running.exited, 10_000, 'the exit');
    socket.destroy();
    assert.equal(code, 0, running.stderr());
    assert.ok(!existsSync(pidFile));
  });

  it('a bad configuration exits with 1 and lists every problem', async (t) => {
    const running = start(t, { DATA_DIR: dataDir, COUNTRY: 'xx', PORT: 'abc', LOG_LEVEL: 'loud' });
    // A deadline, not a promise of speed: loading the code takes seconds on a busy machine.
    const { code } = await withTimeout(running.exited, 30_000, 'the exit');
    assert.equal(code, 1);
    const stderr = running.stderr();
    assert.match(stderr, /^Invalid configuration:\n/);
    assert.match(stderr, / {2}- PORT must be a whole number from 0 to 65535 \(got "abc"\)/);
    assert.match(stderr, / {2}- COUNTRY must be bo or ve \(got "xx"\)/);
    assert.match(stderr, / {2}- LOG_LEVEL must be one of/);
    assert.match(stderr, /See docs\/config\.md\./);
    assert.ok(!existsSync(pidFile), 'no database was started');
  });
});

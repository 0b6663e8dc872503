// `npm start` as people run it: no DATABASE_URL, so Tambo starts its own PostgreSQL under
// DATA_DIR, loads the demo data once, serves, and on Ctrl-C finishes what is in flight and
// stops everything, the embedded PostgreSQL last.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort } from '../src/platform/db/embedded.ts';

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

function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
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
  return { child, port: Number(env.PORT), stdout: () => out, stderr: () => err, exited };
}

async function waitUntilReady(running: Running, limitMs: number): Promise<number> {
  const started = Date.now();
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void running.exited.then((how) => {
    exited = how;
  });
  while (Date.now() - started < limitMs) {
    if (exited) assert.fail(`Tambo exited (${JSON.stringify(exited)}) before it was ready:\n${running.stdout()}\n${running.stderr()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${running.port}/health/ready`);
      if (response.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`not ready within ${limitMs} ms:\n${running.stdout()}\n${running.stderr()}`);
}

async function waitFor(what: () => boolean, limitMs: number, label: string): Promise<void> {
  const started = Date.now();
  while (!what()) {
    if (Date.now() - started > limitMs) assert.fail(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stop(running: Running, limitMs: number): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  running.child.kill('SIGINT');
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`did not exit within ${limitMs} ms:\n${running.stdout()}\n${running.stderr()}`)), limitMs).unref());
  const { code } = await Promise.race([running.exited, timeout]);
  return { code, ms: Date.now() - started };
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
  let territoriesOnFirstStart: unknown;
  let firstStartMs = Infinity;

  it('first start: embedded PostgreSQL, migrations and demo data, ready within 15 s', async () => {
    const port = await freePort();
    const running = start({ ...baseEnv, PORT: String(port) });
    // Wait longer than the promise, so that a slow start fails with its measured time.
    const ms = await waitUntilReady(running, 60_000);
    process.stdout.write(`# first start: ready in ${ms} ms\n`);
    firstStartMs = ms;
    assert.ok(ms < 15_000, `first start ready in ${ms} ms; the promise is 15 s`);

    const home = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await home.text(), /^<!doctype html><html lang="es">/);
    const territories = await fetch(`http://127.0.0.1:${port}/api/v1/territories`);
    assert.equal(territories.status, 200);
    territoriesOnFirstStart = await territories.json();
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
  });

  it('second start on the same DATA_DIR reuses the data: faster, no demo data loaded again', async () => {
    assert.ok(territoriesOnFirstStart, 'needs the first start');
    const port = await freePort();
    const running = start({ ...baseEnv, PORT: String(port) });
    const ms = await waitUntilReady(running, 60_000);
    process.stdout.write(`# second start: ready in ${ms} ms\n`);
    assert.ok(ms < 15_000, `second start ready in ${ms} ms`);
    assert.ok(ms < firstStartMs, `the second start (${ms} ms) is faster than the first (${firstStartMs} ms)`);
    const log = messages(running.stdout());
    assert.ok(!log.some((m) => m.includes('initialising a new PostgreSQL cluster')), 'the cluster is reused');
    assert.ok(!log.some((m) => m.startsWith('loading demo data')), 'demo data is not loaded twice');
    assert.ok(!log.some((m) => m.startsWith('applied migration')), 'no migration applied twice');
    const territories = await fetch(`http://127.0.0.1:${port}/api/v1/territories`);
    assert.deepEqual(await territories.json(), territoriesOnFirstStart);

    const { code } = await stop(running, 10_000);
    assert.equal(code, 0, running.stderr());
    assert.ok(!existsSync(pidFile));
  });

  it('a request in flight when SIGINT arrives is finished before the process exits', async () => {
    const port = await freePort();
    const running = start({ ...baseEnv, PORT: String(port), LOG_LEVEL: 'warn' });
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
    await new Promise((resolve) => setTimeout(resolve, 300));

    running.child.kill('SIGINT');
    await waitFor(() => running.stdout().includes('SIGINT received'), 5000, 'the shutdown to begin');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(running.child.exitCode, null, 'still running while a request is in flight');
    // New connections are refused while stopping.
    await assert.rejects(fetch(`http://127.0.0.1:${port}/health/live`));

    socket.write(body.slice(8));
    await waitFor(() => answer.includes('\r\n\r\n') && answer.includes('}'), 5000, 'the answer');
    assert.match(answer, /^HTTP\/1\.1 405 /, answer);
    assert.match(answer, /\r\nallow: GET\r\n/i);
    assert.match(answer, /\r\nconnection: close\r\n/i, 'the connection is closed after the answer');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('did not exit')), 10_000).unref());
    const { code } = await Promise.race([running.exited, timeout]);
    socket.destroy();
    assert.equal(code, 0, running.stderr());
    assert.ok(!existsSync(pidFile));
  });

  it('a bad configuration exits with 1 and lists every problem', async () => {
    const running = start({ DATA_DIR: dataDir, COUNTRY: 'xx', PORT: 'abc', LOG_LEVEL: 'loud' });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('did not exit')), 10_000).unref());
    const { code } = await Promise.race([running.exited, timeout]);
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

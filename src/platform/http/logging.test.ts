// Errors are logged by a serializer that knows what it writes: the type, code, and message and
// stack scrubbed of personal data, never the driver's `detail` with the offending values.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import Fastify from 'fastify';
import { loggerOptions, scrubText, serializeError } from './logging.ts';

class FakeDatabaseError extends Error {
  code = '23505';
  detail = 'Key (email)=(juan.perez@example.com) already exists; documento 4567891 LP';
  constructor() {
    super('duplicate key for juan.perez@example.com (CI 4567891) password=hunter22');
    this.name = 'DatabaseError';
  }
}

it('an error is logged with its type, code and scrubbed message, and nothing of its detail', async () => {
  const lines: string[] = [];
  const app = Fastify({ logger: loggerOptions('info', { write: (line) => void lines.push(line) }) });
  app.log.error({ err: new FakeDatabaseError() }, 'unexpected error');
  await app.close();
  const entry = JSON.parse(lines.find((line) => line.includes('unexpected error'))!) as { err: Record<string, unknown> };
  assert.equal(entry.err.type, 'DatabaseError');
  assert.equal(entry.err.code, '23505');
  assert.equal(entry.err.message, 'duplicate key for [email] (CI [number]) password=[redacted]');
  assert.equal(entry.err.detail, undefined, 'the driver detail is never logged');
  const all = lines.join('\n');
  for (const secret of ['juan.perez', 'example.com', '4567891', 'hunter22']) assert.ok(!all.includes(secret), `"${secret}" reached the log: ${all}`);
});

it('anything thrown that is not an Error is logged as scrubbed text', () => {
  assert.deepEqual(serializeError('fallo para ana@example.org'), { type: 'string', message: 'fallo para [email]', stack: '' });
  assert.equal(scrubText('token=abc.def y secret=xyz'), 'token=[redacted] y secret=[redacted]');
});

it('lines written asynchronously are not lost when the process exits at Ctrl-C or dies of an uncaught error', async () => {
  const { spawn } = await import('node:child_process');
  const { mkdtemp, readFile, rm } = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tambo-log-'));
  const script = new URL('../../../test/fixtures/logging/log-until-signal.ts', import.meta.url).pathname;
  const run = (file: string, mode: string) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', './src/loader.ts', script, file, '20000', mode], { stdio: ['ignore', 'pipe', 'ignore'] });
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('written')) child.kill('SIGINT');
      });
      child.on('exit', (code) => resolve(code));
    });
  try {
    for (const mode of ['signal', 'throw']) {
      const file = path.join(dir, `${mode}.log`);
      const code = await run(file, mode);
      assert.equal(code, mode === 'signal' ? 0 : 1);
      const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
      assert.equal(lines.filter((line) => line.includes('"msg":"line"')).length, 20000, `every line reached the file (${mode})`);
      const requests = lines.filter((line) => line.includes('request completed'));
      assert.equal(requests.length, 10, 'one line per request');
      assert.ok(!lines.join('').includes('example.org'));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

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

// Route schemas compile on first use (src/platform/http/lazy-schemas.ts): this file is where
// every schema of the whole application is compiled, so a malformed one fails here; and it
// checks over real HTTP that the deferred validators and serializers still do their work.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { lazySchemaCompilers } from '../src/platform/http/lazy-schemas.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';

describe('route schemas', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(() => t?.close());

  it('every schema of every route compiles', () => {
    t.app.tambo.compileSchemas();
  });
});

describe('schemas compiled on first use', () => {
  let app: FastifyInstance;
  let base: string;
  let compilers: ReturnType<typeof lazySchemaCompilers>;
  before(async () => {
    compilers = lazySchemaCompilers();
    app = Fastify({ schemaController: { compilersFactory: compilers.compilersFactory } });
    app.post(
      '/items',
      {
        schema: {
          headers: { type: 'object', required: ['X-Request-Tag'], properties: { 'X-Request-Tag': { type: 'string', minLength: 3 } } },
          body: { type: 'object', required: ['n'], properties: { n: { type: 'integer', maximum: 10 } } },
          querystring: { type: 'object', properties: { page: { type: 'integer', default: 1 } } },
          response: { 200: { type: 'object', properties: { n: { type: 'integer' }, page: { type: 'integer' } } } },
        },
      },
      async (request) => ({ ...(request.body as object), page: (request.query as { page: number }).page, secret: 'never serialised' }),
    );
    app.get('/broken', { schema: { querystring: { type: 'object', properties: { q: { type: 'no-such-type' } } } } }, async () => ({}));
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => app?.close());

  const post = (body: unknown, headers: Record<string, string> = { 'x-request-tag': 'abc' }, query = '') =>
    fetch(`${base}/items${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('a malformed schema does not stop the start, and compiling every schema finds it', () => {
    assert.throws(() => compilers.compileAll(), /no-such-type|schema is invalid/);
  });

  it('validates bodies, query strings (with coercion and defaults) and headers whatever their case', async () => {
    const ok = await post({ n: 3 }, { 'x-request-tag': 'abc' }, '?page=2');
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { n: 3, page: 2 }, 'the response serializer leaves out what its schema does not name');
    assert.deepEqual(await (await post({ n: 4 })).json(), { n: 4, page: 1 });
    const tooBig = await post({ n: 11 });
    assert.equal(tooBig.status, 400);
    assert.match(((await tooBig.json()) as { message: string }).message, /must be <= 10/);
    assert.equal((await post({})).status, 400);
    const noTag = await post({ n: 1 }, {});
    assert.equal(noTag.status, 400);
    assert.match(((await noTag.json()) as { message: string }).message, /x-request-tag/);
    assert.equal((await post({ n: 1 }, { 'X-Request-Tag': 'ab' })).status, 400, 'the header schema still applies its rules');
  });
});

// A test-only module for the HTTP tests: a JSON route with a TypeBox body schema, routes that
// throw, and an HTML form page with its POST handler. Its routes carry no tags, so they stay
// out of the OpenAPI document.
import { h } from 'preact';
import { Type } from 'typebox';
import { modules } from '../../src/modules.ts';
import { defineModule, type ModuleDefinition } from '../../src/platform/module.ts';
import { CsrfField } from '../../src/platform/views/components.tsx';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

/** What the throwing routes put in their exception: it must never reach a client. */
export const INTERNAL_SECRET = 'connection to 10.0.0.7 failed for user tambo_admin password=hunter2';

const PersonSchema = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    age: Type.Integer({ minimum: 0 }),
    address: Type.Optional(Type.Object({ street: Type.String({ minLength: 1 }) }, { additionalProperties: false })),
    purpose: Type.Optional(Type.Union([Type.Literal('work'), Type.Literal('travel'), Type.Literal('other')])),
  },
  { additionalProperties: false },
);

export const httpTestModule: ModuleDefinition = defineModule({
  name: 'http_test',
  routes: (app) => {
    app.post(
      '/api/v1/http-test/people',
      {
        schema: { body: PersonSchema, response: { 201: Type.Object({ greeting: Type.String() }) } },
      },
      async (request, reply) => reply.code(201).send({ greeting: `hola ${request.body.name}` }),
    );

    app.get('/api/v1/http-test/boom', async () => {
      throw new Error(INTERNAL_SECRET);
    });
    app.get('/http-test/boom', async () => {
      throw new Error(INTERNAL_SECRET);
    });

    app.get('/http-test/form', async (_request, reply) =>
      reply.page({
        title: 'Form',
        body: h(
          'form',
          { method: 'post', action: '/http-test/form' },
          h(CsrfField, {}),
          h('label', { for: 'name' }, 'Name'),
          h('input', { id: 'name', name: 'name' }),
          h('button', { type: 'submit' }, 'Send'),
        ),
      }),
    );
    app.post('/http-test/form', async (request, reply) => {
      const body = request.body as Record<string, string>;
      return reply.redirect(`/http-test/form?sent=${encodeURIComponent(body.name ?? '')}`, 303);
    });
  },
});

export function buildHttpTestApp(options: Parameters<typeof buildTestApp>[0] = {}): Promise<TestApp> {
  return buildTestApp({ ...options, app: { modules: [...modules, httpTestModule], ...options.app } });
}

/** The hidden `_csrf` value of the first form in an HTML page. */
export function csrfFieldValue(html: string): string {
  const match = /<input[^>]*name="_csrf"[^>]*>/.exec(html);
  const value = match && /value="([^"]+)"/.exec(match[0]);
  if (!value?.[1]) throw new Error('no _csrf field in the page');
  return value[1];
}

/** The Set-Cookie header lines of a response. */
export function setCookies(headers: Record<string, unknown>): string[] {
  const raw = headers['set-cookie'];
  if (raw === undefined) return [];
  return Array.isArray(raw) ? raw.map(String) : [String(raw)];
}

/** The value a response sets for a cookie, or undefined. */
export function cookieValue(headers: Record<string, unknown>, name: string): string | undefined {
  const line = setCookies(headers).find((c) => c.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
}

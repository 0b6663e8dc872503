// /api/docs and /api/docs/errors: server-rendered pages built from the OpenAPI document and
// the error table, so problem `type` links resolve.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => t.close());

const decode = (html: string) =>
  html
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('/api/docs', () => {
  it('renders every operation of the OpenAPI document, grouped by tag, in Spanish by default', async () => {
    const response = await t.app.inject({ url: '/api/docs' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    const html = response.body;
    assert.match(html, /^<!doctype html><html lang="es">/);
    assert.match(html, /<h1>Referencia de la API<\/h1>/);
    assert.match(html, /<a href="\/api\/openapi.json"[^>]*>Documento OpenAPI 3.1 \(JSON\)<\/a>/);
    assert.match(html, /<a href="\/api\/docs\/errors">Códigos de error<\/a>/);
    assert.doesNotMatch(html, /<script(?![^>]*src="\/assets\/)/, 'no inline script');
    assert.doesNotMatch(html, /\sstyle="/, 'no inline style (CSP)');

    const document = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { operationId: string; summary?: string; tags: string[] }>> };
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        assert.ok(html.includes(`<section id="${operation.operationId}"`), `section for ${operation.operationId}`);
        assert.ok(html.includes(`<code>${method.toUpperCase()} ${path}</code>`), `${method} ${path}`);
        assert.ok(html.includes(`<a href="#${operation.operationId}">`), `contents link to ${operation.operationId}`);
        if (operation.summary) assert.ok(decode(html).includes(operation.summary), operation.summary);
        assert.ok(html.includes(`<h2 id="tag-${operation.tags[0]}-title">${operation.tags[0]}</h2>`), `tag ${operation.tags[0]}`);
      }
    }
  });

  it('shows the audit head route with its description and readable response schema', async () => {
    const html = decode((await t.app.inject({ url: '/api/docs' })).body);
    const start = html.indexOf('<section id="getAuditHead"');
    assert.ok(start > 0);
    const section = html.slice(start, html.indexOf('</section>', start));
    assert.match(section, /<code>GET \/api\/v1\/audit\/head<\/code>/);
    assert.match(section, /The published head of the hash-chained audit log/);
    assert.match(section, /Anyone can keep this value/);
    assert.match(section, /<h4>Respuesta 200<\/h4>/);
    assert.match(section, /<code>application\/json<\/code>/);
    assert.match(section, /<pre><code>\{\n {2}"type": "object",/);
    assert.match(section, /"sealedAt": \{/);
  });

  it('lists parameters in a table and names component schemas by their title', async () => {
    const html = decode((await t.app.inject({ url: '/api/docs' })).body);
    const start = html.indexOf('<section id="getTerritory"');
    const section = html.slice(start, html.indexOf('</section>', start));
    assert.match(section, /<caption class="table__caption" id="getTerritory-parameters">Parámetros<\/caption>/);
    assert.match(section, /<th scope="row" class="table__header"><code>code<\/code><\/th><td class="table__cell">ruta<\/td><td class="table__cell">Sí<\/td>/);
    assert.match(section, /"\$ref": "Territory"/);
    assert.doesNotMatch(section, /#\/components\/schemas\/def-/);
    assert.match(section, /<a href="#schema-Territory">Territory<\/a>/);
    assert.match(html, /<h3 id="schema-Territory"><code>Territory<\/code><\/h3>/);
  });

  it('is in English with ?lang=en', async () => {
    const response = await t.app.inject({ url: '/api/docs?lang=en' });
    assert.match(response.body, /<html lang="en">/);
    assert.match(response.body, /<h1>API reference<\/h1>/);
    assert.match(response.body, /<h4>Response 200<\/h4>/);
  });

  it('is a page, not part of the API document', async () => {
    const document = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, unknown> };
    assert.equal(document.paths['/api/docs'], undefined);
    assert.equal(document.paths['/api/docs/errors'], undefined);
  });
});

describe('/api/docs: who may call and what errors come', () => {
  it('says per operation which credentials it needs and links each error code it can answer to its row', async () => {
    const html = decode((await t.app.inject({ url: '/api/docs' })).body);
    const section = (id: string) => html.slice(html.indexOf(`<section id="${id}"`), html.indexOf('</section>', html.indexOf(`<section id="${id}"`)));
    assert.match(section('submitApplication'), /Necesita un token de acceso \(Authorization: Bearer\) de Tambo con el alcance cases:write\./);
    assert.match(section('submitApplication'), /<a href="\/api\/docs\/errors#CASES_PROCEDURE_NOT_ONLINE"><code>CASES_PROCEDURE_NOT_ONLINE<\/code><\/a>/);
    assert.match(section('submitApplication'), /<strong>401<\/strong> <a href="\/api\/docs\/errors#UNAUTHENTICATED">/);
    assert.match(section('getCase'), /con uno de los alcances cases:read, cases:handle\./);
    assert.match(section('listAgencies'), /Pública: no necesita credenciales\./);
    assert.match(section('open311CreateRequestJson'), /Necesita la api_key de una aplicación Open311\./);
  });
});

describe('/api/docs/errors', () => {
  it('has a row per error code, anchored at the code, with status and title in the language', async () => {
    const es = await t.app.inject({ url: '/api/docs/errors' });
    assert.equal(es.statusCode, 200);
    assert.match(es.body, /<h1>Códigos de error<\/h1>/);
    const table = t.app.tambo.errorTable;
    assert.ok(Object.keys(table).length >= 15);
    for (const [code, entry] of Object.entries(table)) {
      const row = new RegExp(
        `<tr id="${code}"><th scope="row" class="table__header"><code>${code}</code></th><td class="table__cell table__cell--numeric">${entry.status}</td><td class="table__cell">([^<]+)</td></tr>`,
      );
      assert.match(es.body, row, code);
    }
    assert.match(es.body, /<tr id="NOT_FOUND">.*?<td class="table__cell">No encontramos esta página<\/td>/);
    const en = await t.app.inject({ url: '/api/docs/errors', headers: { 'accept-language': 'en' } });
    assert.match(en.body, /<tr id="NOT_FOUND">.*?<td class="table__cell">We could not find this page<\/td>/);
  });

  it("a problem's type URL points at its row", async () => {
    const problem = (await t.app.inject({ url: '/api/v1/nothing-here' })).json() as { type: string };
    const url = new URL(problem.type);
    assert.equal(url.pathname, '/api/docs/errors');
    const page = await t.app.inject({ url: url.pathname });
    assert.ok(page.body.includes(`<tr id="${url.hash.slice(1)}">`));
  });

  it('an unknown address under /api/docs is a 404 page, not JSON', async () => {
    const response = await t.app.inject({ url: '/api/docs/nope' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
  });
});

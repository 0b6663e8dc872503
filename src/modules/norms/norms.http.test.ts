// The public consultation of a norm over real HTTP: an agency's system opens a draft by
// articles; people comment on an article or the whole (a short comment comes back with the
// error and the text kept) and support comments (once per person, even 20 at once); after the
// close the agency answers every comment (only its own consultation, once) and publishes the
// final text, shown with what changed in each article; comments and answers are open data.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { formIndex, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import type { TestApp } from '../../../test/helpers/app.ts';

let t: TestApp & { baseUrl: string };
const agetic = { id: `normas-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}`, agency: 'AGETIC' };
const sin = { id: `normas-${randomUUID().slice(0, 8)}`, secret: `secret-${randomUUID()}`, agency: 'SIN' };

before(async () => {
  t = await listenTestApp();
  for (const c of [agetic, sin]) {
    await sql`
      INSERT INTO identity.client (client_id, client_secret, name, agency_code, redirect_uris, post_logout_redirect_uris, scopes,
        minimum_level, subject_type, require_par, is_first_party, purpose, is_active, rights)
      VALUES (${c.id}, ${c.secret}, ${`Sistema ${c.id}`}, ${c.agency}, '{}'::text[], '{}', '{}'::text[], 'bajo', 'public', false, false, 'Prueba', true, ${['norms:write']}::text[])`.execute(
      t.app.tambo.deps.db,
    );
  }
});
after(async () => {
  await t?.close();
});

async function api(method: string, path: string, body?: unknown, client?: { id: string; secret: string }) {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (client) {
    const token = await fetch(`${t.baseUrl}/auth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'norms:write' }).toString(),
    });
    headers.authorization = `Bearer ${((await token.json()) as { access_token: string }).access_token}`;
  }
  const response = await fetch(`${t.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function person(name: string): Promise<HttpSession> {
  const email = `${name}-${randomUUID().slice(0, 6)}@prueba.bo`;
  await testAccount(t.app.tambo.deps, { documentNumber: String(1_000_000 + Math.floor(Math.random() * 8_000_000)), givenName: name, familyName: 'Prueba', email });
  const browser = new HttpSession();
  const signed = await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
  assert.ok(!signed.url.includes('/ingreso/'), `signed in: ${signed.url}`);
  return browser;
}

it('takes comments and supports while open, answers each after the close and publishes the final text with what changed', async () => {
  const opened = await api(
    'POST',
    '/api/v1/norms',
    {
      kind: 'regulation',
      title: 'Reglamento de prueba',
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      articles: [
        { heading: 'Objeto', text: 'Este reglamento regula la prueba.' },
        { heading: 'Plazo', text: 'La entidad responde dentro de treinta días.' },
        { heading: 'Sanciones', text: 'El incumplimiento se sanciona.' },
      ],
    },
    agetic,
  );
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  const id = opened.body.id as string;
  const path = `${t.baseUrl}/normas/${id}`;

  const ana = await person('Ana');
  const page = await (await ana.request(path)).text();
  const form = formIndex(page, (f) => f.action.includes('/comentarios'));
  const short = await ana.submit(path, page, { articulo: '2', comentario: 'Poco' }, form);
  assert.equal(short.status, 422);
  const shortHtml = await short.text();
  assert.match(shortHtml, /href="#campo-comentario"/);
  assert.match(shortHtml, />Poco<\/textarea>/);
  assert.equal((await ana.submit(path, page, { articulo: '2', comentario: 'Treinta días es demasiado: que sean quince.' }, form)).status, 303);
  assert.equal((await ana.submit(path, page, { articulo: '', comentario: 'El texto debería decir quién controla.' }, form)).status, 303);

  const comments = (await api('GET', `/api/v1/norms/${id}`)).body.comments as Array<{ id: string; article: number | null }>;
  assert.deepEqual(comments.map((c) => c.article).sort(), [2, null].sort());
  const onArticle = comments.find((c) => c.article === 2)!;
  const beto = await person('Beto');
  const withSupport = await (await beto.request(path)).text();
  const supportForm = formIndex(withSupport, (f) => f.action.endsWith(`/comentarios/${onArticle.id}/apoyo`));
  await Promise.all(Array.from({ length: 20 }, () => beto.submit(path, withSupport, {}, supportForm)));
  const supported = (await api('GET', `/api/v1/norms/${id}`)).body.comments as Array<{ id: string; supports: number }>;
  assert.equal(supported.find((c) => c.id === onArticle.id)?.supports, 1, 'one support per person');

  assert.equal((await api('POST', `/api/v1/norms/${id}/comments/${onArticle.id}/answer`, { outcome: 'accepted', reason: 'Sí' }, agetic)).status, 409, 'not before the close');
  await sql`UPDATE norms.consultation SET closes_at = now() - interval '1 minute' WHERE id = ${id}`.execute(t.app.tambo.deps.db);
  assert.equal((await ana.submit(path, page, { articulo: '', comentario: 'Un comentario tardío sobre el texto.' }, form)).status, 409, 'closed for comments');
  assert.equal((await api('POST', `/api/v1/norms/${id}/final-text`, { articles: [] }, agetic)).status, 409, 'comments still unanswered');
  assert.equal((await api('POST', `/api/v1/norms/${id}/comments/${onArticle.id}/answer`, { outcome: 'accepted', reason: 'Sí' }, sin)).status, 404, 'another agency');
  for (const c of comments) {
    const answered = await api(
      'POST',
      `/api/v1/norms/${id}/comments/${c.id}/answer`,
      c.article === 2 ? { outcome: 'accepted', reason: 'Se reduce el plazo a quince días.' } : { outcome: 'rejected', reason: 'Lo define la ley.' },
      agetic,
    );
    assert.equal(answered.status, 200);
  }
  assert.equal((await api('POST', `/api/v1/norms/${id}/comments/${onArticle.id}/answer`, { outcome: 'rejected', reason: 'Otra' }, agetic)).status, 409, 'answered once');

  const final = await api(
    'POST',
    `/api/v1/norms/${id}/final-text`,
    {
      articles: [
        { number: 2, text: 'La entidad responde dentro de quince días.' },
        { number: 3, text: null },
        { number: 4, heading: 'Vigencia', text: 'Rige desde su publicación.' },
      ],
    },
    agetic,
  );
  assert.equal(final.status, 200, JSON.stringify(final.body));
  assert.equal(final.body.phase, 'final');
  const html = await (await fetch(path)).text();
  assert.match(html, /<del>treinta<\/del>/);
  assert.match(html, /<ins>quince<\/ins>/);
  assert.match(html, /Suprimido en el texto final/);
  assert.match(html, /Rige desde su publicación/);
  assert.match(html, /Se reduce el plazo a quince días/);
  const open = (await api('GET', '/api/v1/open-data/norms.comments')).body.items as Array<Record<string, unknown>>;
  const row = open.find((r) => r.id === onArticle.id)!;
  assert.equal(row.outcome, 'accepted');
  assert.equal(row.supports, 1);
  assert.ok(!('accountId' in row) && !JSON.stringify(open).includes('Ana'), 'nothing about who commented');
});

// The public catalog is served from each process's cache (catalog-cache.ts): a publisher's edit
// shows at once in the process that made it, a change announced on the bus (as another process
// announces its publications) empties the cache, and the API answer carries an ETag.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { notify } from '../../platform/events/bus.ts';
import { CATALOG_TOPIC } from './catalog-cache.ts';
import { createProcedure, publishDraft, saveDraft } from './procedure.service.ts';
import type { ProcedureContent } from './procedure.types.ts';

let t: TestApp & { baseUrl: string };
before(async () => {
  t = await listenTestApp({ env: { DEMO: 'false' } });
});
after(async () => {
  await t.close();
});

const sampleContent = (overrides: Partial<ProcedureContent>): ProcedureContent => ({
  name: 'Trámite de prueba',
  summary: 'Un trámite para probar la caché del catálogo.',
  audiences: ['person'],
  topics: ['justice'],
  lifeEvents: [],
  requirements: [],
  legalBasis: [],
  feeKind: 'free',
  feeAmount: null,
  feeFormula: null,
  maxResponseDays: 3,
  tacitOutcome: 'none',
  result: 'Una licencia',
  resultValidity: null,
  isOnline: false,
  offices: [{ name: 'Oficina central', address: 'Calle 1', hours: '8:00 a 16:00' }],
  steps: ['Presente la solicitud'],
  commitments: [],
  form: null,
  workflow: null,
  ...overrides,
});
const publisher = { accountId: '00000000-0000-7000-8000-000000000002', roles: [{ agencyCode: 'SEGIP', role: 'publisher' as const }] };
const read = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${t.baseUrl}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
};
const nameOf = async (slug: string) => (JSON.parse((await read(`/api/v1/procedures/${slug}`)).text) as { name: string }).name;
const searchNames = async (q: string) => ((JSON.parse((await read(`/api/v1/procedures?q=${encodeURIComponent(q)}`)).text) as { items: Array<{ name: string }> }).items ?? []).map((i) => i.name);

describe('the public catalog cache', () => {
  it('shows a publication at once, and forgets what it holds when the bus announces a change', async () => {
    const deps = t.app.tambo.deps;
    const procedure = await createProcedure(deps, publisher, 'SEGIP', sampleContent({ name: 'Licencia de caza deportiva' }));
    await publishDraft(deps, publisher, procedure.id);
    const { slug } = procedure;
    assert.equal(await nameOf(slug), 'Licencia de caza deportiva');
    assert.deepEqual(await searchNames('caza deportiva'), ['Licencia de caza deportiva']);
    assert.match((await read(`/tramites/${slug}`)).text, /<h1>Licencia de caza deportiva<\/h1>/);

    // Changed behind the services' back, unannounced: the cache still answers (it is one).
    await sql`UPDATE catalog.procedure_version SET name = 'Licencia de pesca deportiva' WHERE procedure_id = ${procedure.id}`.execute(deps.db);
    assert.equal(await nameOf(slug), 'Licencia de caza deportiva', 'served from the cache');
    assert.deepEqual(await searchNames('caza deportiva'), ['Licencia de caza deportiva'], 'search results from the cache');

    // Announced on the bus, as another process announces its publications: forgotten.
    await notify(deps.db, CATALOG_TOPIC, { slug });
    const deadline = Date.now() + 5_000;
    while ((await nameOf(slug)) !== 'Licencia de pesca deportiva' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await nameOf(slug), 'Licencia de pesca deportiva', 'the bus notification emptied the cache');
    assert.deepEqual(await searchNames('pesca deportiva'), ['Licencia de pesca deportiva']);
    assert.match((await read(`/tramites/${slug}`)).text, /<h1>Licencia de pesca deportiva<\/h1>/);

    // A publisher's edit, published: the very next read shows it (no waiting for the bus).
    await saveDraft(deps, publisher, procedure.id, sampleContent({ name: 'Licencia de pesca artesanal' }));
    await publishDraft(deps, publisher, procedure.id);
    assert.equal(await nameOf(slug), 'Licencia de pesca artesanal');
    assert.deepEqual(await searchNames('pesca artesanal'), ['Licencia de pesca artesanal']);
    assert.match((await read(`/tramites/${slug}`)).text, /<h1>Licencia de pesca artesanal<\/h1>/);
  });

  it('answers a procedure with an ETag, and 304 without a body when it is current', async () => {
    const deps = t.app.tambo.deps;
    const procedure = await createProcedure(deps, publisher, 'SEGIP', sampleContent({ name: 'Permiso de tenencia de armas' }));
    await publishDraft(deps, publisher, procedure.id);
    const first = await read(`/api/v1/procedures/${procedure.slug}`);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(first.headers.get('cache-control'), 'public, no-cache');
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^"[\w-]+"$/);
    assert.equal((JSON.parse(first.text) as { slug: string }).slug, procedure.slug);

    const again = await read(`/api/v1/procedures/${procedure.slug}`, { 'if-none-match': etag! });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    assert.equal((await read(`/api/v1/procedures/${procedure.slug}`, { 'if-none-match': `"other", W/${etag}` })).status, 304);
    assert.equal((await read(`/api/v1/procedures/${procedure.slug}`, { 'if-none-match': '"other"' })).status, 200);

    // A new version is a new answer: the old tag no longer matches.
    await saveDraft(deps, publisher, procedure.id, sampleContent({ name: 'Permiso de tenencia de armas de fuego' }));
    await publishDraft(deps, publisher, procedure.id);
    const changed = await read(`/api/v1/procedures/${procedure.slug}`, { 'if-none-match': etag! });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);
    assert.equal((JSON.parse(changed.text) as { name: string }).name, 'Permiso de tenencia de armas de fuego');
  });

  it('keeps the page an anonymous visitor sees, per language, until the procedure or its figures change', async () => {
    const deps = t.app.tambo.deps;
    const procedure = await createProcedure(deps, publisher, 'SEGIP', sampleContent({ name: 'Registro de guía de turismo' }));
    await publishDraft(deps, publisher, procedure.id);
    const page = `/tramites/${procedure.slug}`;
    const spanish = await read(page);
    assert.equal(spanish.status, 200);
    assert.equal(spanish.headers.get('cache-control'), 'no-store');
    assert.match(spanish.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(spanish.text, /<html lang="es"/);
    const english = await read(`${page}?lang=en`);
    assert.match(english.text, /<html lang="en"/);
    assert.match(english.text, /Registro de guía de turismo/);

    // Changed behind the services' back: the kept pages still answer, each in its language.
    await sql`UPDATE catalog.procedure_version SET name = 'Registro de guía de montaña' WHERE procedure_id = ${procedure.id}`.execute(deps.db);
    assert.equal((await read(page)).text, spanish.text, 'the Spanish page is kept');
    assert.match((await read(page, { 'accept-language': 'en' })).text, /<html lang="en"/, 'the English page is another one');
    assert.equal((await read(page)).text, spanish.text);

    // A publication shows at once.
    await saveDraft(deps, publisher, procedure.id, sampleContent({ name: 'Registro de guía de aventura' }));
    await publishDraft(deps, publisher, procedure.id);
    assert.match((await read(page)).text, /<h1>Registro de guía de aventura<\/h1>/);
    assert.match((await read(`${page}?lang=en`)).text, /Registro de guía de aventura/);
    // A signed-in person never gets the anonymous page: hers names her and has her sign-out form.
    const email = 'pagina@correo.bo';
    await testAccount(deps, { documentNumber: '4300001 LP', givenName: 'Rosa', familyName: 'Pagina', email });
    const browser = new HttpSession();
    await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
    const hers = await (await browser.request(`${t.baseUrl}${page}`)).text();
    assert.match(hers, /Rosa Pagina/);
    assert.match(hers, /action="\/salir"/);
    assert.doesNotMatch((await read(page)).text, /Rosa Pagina|action="\/salir"/);
    // An unknown procedure is a 404 page, never kept as a page.
    assert.equal((await read('/tramites/no-existe-este-tramite')).status, 404);
  });
});

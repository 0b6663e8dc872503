// The cases API for agencies' systems (issues #8 and #9): `POST /api/v1/cases` honours
// `Idempotency-Key` under parallel retries, and the lists page with an opaque cursor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { pruneIdempotencyKeys } from '../../platform/idempotency/idempotency.ts';
import { CasesHarness } from './cases.test-helpers.ts';

const h = new CasesHarness();
let auth: Record<string, string>;
before(async () => {
  await h.start();
  auth = { authorization: `Bearer ${await h.citizenToken('openid cases:read cases:write')}`, 'content-type': 'application/json' };
});
after(h.close);

const submit = (answers: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${h.t.baseUrl}/api/v1/cases`, { method: 'POST', headers: { ...auth, ...headers }, body: JSON.stringify({ procedure: 'certificado-prueba', answers }) });

const casesWithBirthDate = async (birthDate: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases.case WHERE answers->>'birthDate' = ${birthDate}`.execute(h.t.app.tambo.deps.db)).rows[0]!.n;

describe('Idempotency-Key on POST /api/v1/cases', () => {
  it('20 parallel retries create one case and all name it; the key with another body is refused with 422', async () => {
    const answers = { birthDate: '2011-03-04', copies: 1, purpose: 'work' };
    const key = 'sistema-segip-solicitud-0001';
    const responses = await Promise.all(Array.from({ length: 20 }, () => submit(answers, { 'idempotency-key': key })));
    const bodies = await Promise.all(responses.map(async (r) => ({ status: r.status, replayed: r.headers.get('idempotent-replayed'), json: (await r.json()) as { trackingCode: string } })));
    assert.deepEqual(
      bodies.map((b) => b.status).sort((a, b) => a - b),
      [...Array<number>(19).fill(200), 201],
      'one created, nineteen replayed',
    );
    assert.equal(bodies.filter((b) => b.replayed === 'true').length, 19);
    assert.equal(new Set(bodies.map((b) => b.json.trackingCode)).size, 1, 'every retry names the same case');
    assert.equal(await casesWithBirthDate('2011-03-04'), 1, 'one case stored');
    const audits = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit.entry WHERE action = 'cases.case_submitted' AND data->>'trackingCode' = ${bodies[0]!.json.trackingCode}`.execute(
      h.t.app.tambo.deps.db,
    );
    assert.equal(audits.rows[0]!.n, 1, 'one submission audited');
    // A later retry is answered the same way; the key with another request is refused.
    const later = await submit(answers, { 'idempotency-key': key });
    assert.equal(later.status, 200);
    assert.equal(((await later.json()) as { trackingCode: string }).trackingCode, bodies[0]!.json.trackingCode);
    const reused = await submit({ ...answers, copies: 2 }, { 'idempotency-key': key });
    assert.equal(reused.status, 422);
    assert.equal(((await reused.json()) as { code: string }).code, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(await casesWithBirthDate('2011-03-04'), 1);
    // Without a key, or with a new one, each request is a new case; a malformed key is a 400.
    assert.equal((await submit(answers)).status, 201);
    assert.equal((await submit(answers, { 'idempotency-key': 'sistema-segip-solicitud-0002' })).status, 201);
    assert.equal(await casesWithBirthDate('2011-03-04'), 3);
    const keys = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM platform.idempotency_key`.execute(h.t.app.tambo.deps.db)).rows[0]!.n;
    const keysBefore = await keys();
    for (const malformed of ['con espacios', 'x'.repeat(201), 'clave-ñandú']) {
      const refused = await submit(answers, { 'idempotency-key': malformed });
      assert.equal(refused.status, 400, malformed);
      assert.match(refused.headers.get('content-type') ?? '', /application\/problem\+json/);
    }
    assert.equal(await casesWithBirthDate('2011-03-04'), 3, 'a malformed key creates no case');
    assert.equal(await keys(), keysBefore, 'and stores no key');
  });

  it('a key that failed validation is not spent: the corrected request with it creates the case', async () => {
    const key = 'sistema-segip-solicitud-0003';
    const bad = await submit({ birthDate: '2012-13-01', copies: 1, purpose: 'work' }, { 'idempotency-key': key });
    assert.equal(bad.status, 400);
    const good = await submit({ birthDate: '2012-01-01', copies: 1, purpose: 'work' }, { 'idempotency-key': key });
    assert.equal(good.status, 201);
  });
  it('keys are kept 7 days: the daily pruning forgets older ones, and a retry after that is a new request', async () => {
    const answers = { birthDate: '2012-05-05', copies: 1, purpose: 'work' };
    const key = 'sistema-segip-solicitud-0004';
    assert.equal((await submit(answers, { 'idempotency-key': key })).status, 201);
    assert.equal((await submit(answers, { 'idempotency-key': key })).status, 200);
    await sql`UPDATE platform.idempotency_key SET created_at = now() - interval '8 days' WHERE key = ${key}`.execute(h.t.app.tambo.deps.db);
    assert.equal(await pruneIdempotencyKeys(h.t.app.tambo.deps.db), 1);
    assert.equal((await submit(answers, { 'idempotency-key': key })).status, 201);
  });
});

describe('cursor paging', () => {
  const db = () => h.t.app.tambo.deps.db;
  const codesInOrder = async () =>
    (
      await sql<{ tracking_code: string }>`SELECT c.tracking_code FROM cases.case c JOIN identity.account a ON a.id = c.account_id
        WHERE a.email = 'ciudadana@demo.tambo' ORDER BY c.submitted_at DESC, c.id DESC`.execute(db())
    ).rows.map((r) => r.tracking_code);
  const filed = async (n: number, year: number) => {
    for (let i = 0; i < n; i += 1) assert.equal((await submit({ birthDate: `${year}-01-${String(i + 1).padStart(2, '0')}`, copies: 1, purpose: 'work' })).status, 201);
  };

  it("walking GET /api/v1/cases yields every case once, in order, and cases filed meanwhile don't come again", async () => {
    await filed(7, 2013);
    const before = await codesInOrder();
    assert.ok(before.length >= 8);
    const seen: string[] = [];
    let next: string | null = '/api/v1/cases?limit=3';
    let pages = 0;
    while (next) {
      const response: Response = await fetch(`${h.t.baseUrl}${next}`, { headers: auth });
      assert.equal(response.status, 200);
      const page = (await response.json()) as { items: Array<{ trackingCode: string }>; next: string | null };
      assert.ok(page.items.length <= 3);
      seen.push(...page.items.map((c) => c.trackingCode));
      next = page.next;
      pages += 1;
      if (pages === 1) await filed(2, 2014); // filed while the walk goes on: newer than the first page
    }
    assert.deepEqual(seen, before, 'every case once, newest first');
    assert.ok(pages >= 3);
    const now = await codesInOrder();
    assert.equal(now.length, before.length + 2);
    assert.deepEqual(now.slice(2), before, 'the two new ones come before the walk started, not within it');
    // The default page is 50; more than 200 or a tampered cursor is a 400 problem.
    const first = (await (await fetch(`${h.t.baseUrl}/api/v1/cases`, { headers: auth })).json()) as { items: unknown[]; next: string | null };
    assert.equal(first.items.length, Math.min(50, now.length));
    assert.equal((await fetch(`${h.t.baseUrl}/api/v1/cases?limit=201`, { headers: auth })).status, 400);
    for (const cursor of ['bm90LWEtY3Vyc29y', Buffer.from(JSON.stringify(["2026-01-01'; DROP", 'x'])).toString('base64url'), 'a b']) {
      const bad = await fetch(`${h.t.baseUrl}/api/v1/cases?cursor=${encodeURIComponent(cursor)}`, { headers: auth });
      assert.equal(bad.status, 400, cursor);
      assert.equal(((await bad.json()) as { code: string }).code, 'VALIDATION_FAILED');
    }
  });

  it("the officials' queue shows 50 cases a page with a link to the next, every case once", async () => {
    const { procedureId } = await h.createProcedure('certificado-paginado', 'SEGIP');
    await Promise.all(
      Array.from({ length: 3 }, (_, batch) =>
        (async () => {
          for (let i = 0; i < 19; i += 1) {
            const created = await fetch(`${h.t.baseUrl}/api/v1/cases`, {
              method: 'POST',
              headers: auth,
              body: JSON.stringify({
                procedure: 'certificado-paginado',
                answers: { birthDate: `2015-${String(batch + 1).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}`, copies: 1, purpose: 'work' },
              }),
            });
            assert.equal(created.status, 201);
          }
        })(),
      ),
    );
    const expected = (await sql<{ tracking_code: string }>`SELECT tracking_code FROM cases.case WHERE procedure_id = ${procedureId} ORDER BY due_date, submitted_at, id`.execute(db())).rows.map(
      (r) => r.tracking_code,
    );
    assert.equal(expected.length, 57);
    const official = await h.official();
    const seen: string[] = [];
    let path: string | undefined = `/gestion/expedientes?filtro=open&procedimiento=${procedureId}`;
    let pages = 0;
    while (path) {
      const shown = await h.page(official, path);
      assert.equal(shown.status, 200);
      seen.push(...[...shown.html.matchAll(/href="\/gestion\/expedientes\/(TR-[A-Z0-9-]+)"/g)].map((m) => m[1]!));
      const more = /<a href="([^"]+)" rel="next">/.exec(shown.html)?.[1];
      path = more?.replaceAll('&amp;', '&');
      pages += 1;
      if (pages === 1) assert.match(shown.html, /Ver más expedientes/);
    }
    assert.equal(pages, 2);
    assert.deepEqual(seen, expected, 'every case once, in the queue order');
    assert.equal((await h.page(official, `/gestion/expedientes?desde=no-es-un-cursor`)).status, 400);
  });
});

// The reports JSON API and the service contract: categories, idempotent submission, routing
// (territory ancestors, triage), duplicates nearby, search filters, updates, statistics.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, testConfig, type TestApp } from '../../../test/helpers/app.ts';
import { createReport, findReport, getReportStats, listCategories, listReportUpdates, searchReports } from './index.ts';
import { acceptReport, reassignReport, replyToReport, setReportStatus } from './handling.service.ts';
import { findPossibleDuplicates } from './reading.service.ts';
import { seedCategories } from './report.seed.ts';
import { testOfficial } from './reports.test-helpers.ts';

let t: TestApp;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005000201a5d1e1d50000000049454e44ae426082', 'hex');

before(async () => {
  t = await buildTestApp({ demo: true });
});
after(async () => t.close());

const deps = () => t.app.tambo.deps;

describe('reports API', () => {
  it('lists categories with their questions', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/report-categories' });
    assert.equal(response.statusCode, 200);
    const agua = response.json().items.find((c: { code: string }) => c.code === 'agua');
    assert.equal(agua.legalResponseDays, 5);
    assert.equal(agua.questions[0].datatype, 'singlevaluelist');
    assert.equal((await listCategories(deps().db)).length, response.json().items.length);
  });

  it('accepts a report with a photo once per Idempotency-Key, routed by territory ancestors', async () => {
    const body = {
      categoryCode: 'agua',
      description: 'Fuga de agua en la esquina',
      answers: { problema: 'fuga' },
      lat: -16.5,
      lon: -68.15,
      territoryCode: 'BO-L-01-02',
      photos: [{ filename: 'fuga.png', contentBase64: PNG.toString('base64') }],
    };
    const send = () => t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { 'idempotency-key': 'key-agua-1' }, payload: body });
    const first = await send();
    assert.equal(first.statusCode, 201, first.body);
    const again = await send();
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, first.json().id);
    // The same key with a different request is refused, and stores nothing.
    const changed = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { 'idempotency-key': 'key-agua-1' }, payload: { ...body, description: 'Otra fuga, en otra calle' } });
    assert.equal(changed.statusCode, 422, changed.body);
    assert.match(changed.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(changed.json().code, 'IDEMPOTENCY_KEY_REUSED');
    const otherPhoto = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { 'idempotency-key': 'key-agua-1' }, payload: { ...body, photos: [] } });
    assert.equal(otherPhoto.statusCode, 422);
    const created = first.json();
    // BO-L-01-02 (El Alto) has no rule of its own for water: the rule of BO-L (EPSAS) applies.
    assert.equal(created.agencyCode, 'EPSAS');
    assert.equal(created.photos.length, 1);
    const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports.report WHERE idempotency_key = 'key-agua-1'`.execute(deps().db);
    assert.equal(count.rows[0]!.n, 1);
    const photo = await t.app.inject({ method: 'GET', url: created.photos[0].url });
    assert.equal(photo.statusCode, 200);
    assert.equal(photo.headers['content-type'], 'image/png');
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${created.id}` });
    assert.deepEqual(
      one.json().timeline.map((e: { kind: string }) => e.kind),
      ['submitted', 'routed'],
    );
    assert.ok(!('reporterAccountId' in one.json()) && !('contact' in one.json()));
  });

  it('answers problem details with pointers for bad input', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { categoryCode: 'agua', description: '', answers: { problema: 'nada' } } });
    assert.equal(response.statusCode, 400);
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    const pointers = response.json().errors.map((e: { pointer?: string; field?: string }) => e.pointer ?? e.field);
    for (const pointer of ['/description', '/answers/problema', '/territoryCode']) assert.ok(pointers.includes(pointer), `${pointer} in ${pointers.join(',')}`);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { categoryCode: 'mala_atencion', description: 'Demora', subjectAgencyCode: 'SEGIP', territoryCode: 'BO-L-01-01' },
    });
    assert.equal(anonymous.statusCode, 400);
    assert.match(anonymous.body, /isAnonymous/);
    // An unknown category, too many photos, a photo that is not JPEG or PNG: field problems too.
    const photo = (contentBase64: string) => ({ filename: 'foto.png', contentBase64 });
    const fields = async (payload: Record<string, unknown>) => {
      const answer = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { description: 'Fuga', territoryCode: 'BO-L-01-02', isAnonymous: true, ...payload } });
      assert.deepEqual([answer.statusCode, answer.json().code], [400, 'VALIDATION_FAILED'], answer.body);
      return answer.json().errors.map((e: { pointer?: string }) => e.pointer);
    };
    assert.deepEqual(await fields({ categoryCode: 'no_existe' }), ['/categoryCode']);
    const good = PNG.toString('base64');
    assert.ok((await fields({ categoryCode: 'residuos', photos: Array(4).fill(photo(good)) })).includes('/photos'));
    assert.ok((await fields({ categoryCode: 'residuos', photos: [photo(Buffer.from('%PDF-1.4 no es una foto').toString('base64'))] })).includes('/photos/0'));
  });

  it('puts an unroutable report in the triage queue, never loses it', async () => {
    const { report, isNew } = await createReport(deps(), { categoryCode: 'vias', description: 'Bache', territoryCode: 'BO-P-01-01', isAnonymous: true }, { actor: { type: 'anonymous' } });
    assert.equal(isNew, true);
    assert.equal(report.agencyCode, null);
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${report.id}` });
    assert.deepEqual(
      response.json().timeline.map((e: { kind: string }) => e.kind),
      ['submitted', 'triaged'],
    );
    // Only administrators route from the triage queue; then the agency handles it.
    const gamlp = testOfficial(['GAMLP'], { accountId: 'o' });
    await assert.rejects(reassignReport(deps(), gamlp, report.id, { agencyCode: 'GAMLP', reason: 'Es nuestro' }), { code: 'REPORT_FORBIDDEN' });
    await assert.rejects(acceptReport(deps(), testOfficial([], { accountId: 'a', admin: true }), report.id), { code: 'REPORT_INVALID_TRANSITION' });
    await reassignReport(deps(), testOfficial([], { accountId: 'a', admin: true }), report.id, { agencyCode: 'GAMLP', reason: 'Potosí: pendiente de regla, lo atiende la prueba' });
    await acceptReport(deps(), gamlp, report.id);
    const handled = await t.app.inject({ method: 'GET', url: `/api/v1/reports/${report.id}` });
    assert.deepEqual([handled.json().agencyCode, handled.json().status], ['GAMLP', 'in_progress']);
    assert.deepEqual(
      handled.json().timeline.map((e: { kind: string }) => e.kind),
      ['submitted', 'triaged', 'reassigned', 'accepted'],
    );
  });

  it('finds open duplicates of the same category within the radius only', async () => {
    const base = { categoryCode: 'alumbrado', description: 'Poste apagado', territoryCode: 'BO-L-01-01', isAnonymous: true };
    const { report } = await createReport(deps(), { ...base, lat: -16.49, lon: -68.13 }, { actor: { type: 'anonymous' } });
    const near = await findPossibleDuplicates(deps(), 'alumbrado', -16.4905, -68.1302);
    assert.ok(near.some((r) => r.id === report.id));
    assert.ok(near[0]!.distanceM < 100);
    assert.equal(
      (await findPossibleDuplicates(deps(), 'alumbrado', -16.5, -68.13)).some((r) => r.id === report.id),
      false,
    );
    assert.equal(
      (await findPossibleDuplicates(deps(), 'agua', -16.4905, -68.1302)).some((r) => r.id === report.id),
      false,
    );
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/reports/nearby?category=alumbrado&lat=-16.4905&lon=-68.1302' });
    assert.equal(api.statusCode, 200);
    const found = api.json().items.find((r: { id: number }) => r.id === report.id);
    assert.ok(found && found.distanceM < 100 && found.code === report.code);
  });

  it('filters the public list and reports updates and statistics', async () => {
    const { report } = await createReport(deps(), { categoryCode: 'residuos', description: 'Basura', territoryCode: 'BO-L-01-01', isAnonymous: true }, { actor: { type: 'anonymous' } });
    const official = testOfficial(['GAMLP'], { accountId: 'test' });
    await replyToReport(deps(), official, report.id, 'Camión en camino');
    await setReportStatus(deps(), official, report.id, { status: 'resolved' });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/reports?territory=BO-L-01&category=residuos&status=resolved' });
    assert.deepEqual(
      list.json().items.map((r: { id: number }) => r.id),
      [report.id],
    );
    assert.equal((await searchReports(deps().db, { territoryCode: 'BO-C', categoryCodes: ['residuos'], limit: 10 })).length, 0);
    const updates = await listReportUpdates(deps().db, { since: new Date(Date.now() - 60_000), limit: 100 });
    const mine = updates.filter((u) => u.reportId === report.id);
    assert.deepEqual(
      mine.map((u) => [u.kind, u.status]),
      [
        ['replied', 'resolved'],
        ['status_changed', 'resolved'],
      ],
    );
    await t.drain();
    const stats = await getReportStats(deps(), { agencyCode: 'GAMLP' });
    assert.equal(stats.resolved, 1);
    assert.equal(stats.answered, 1);
    assert.equal(stats.shareInTime, 1);
    assert.equal(stats.medianResponseHours, 0.5);
    const territory = await t.app.inject({ method: 'GET', url: '/api/v1/report-stats?territory=BO-L' });
    assert.ok(territory.json().received >= 3);
    assert.equal((await findReport(deps().db, report.id))!.status, 'resolved');
    const statsPage = await t.app.inject({ method: 'GET', url: '/reportes/estadisticas' });
    assert.match(statsPage.body, /Por departamento o estado/);
    assert.match(statsPage.body, /<th scope="row" class="table__header">Gobierno Autónomo Municipal de La Paz \(GAMLP\)<\/th>/);
    // The agency takes it up again: no longer counted as resolved.
    await setReportStatus(deps(), official, report.id, { status: 'in_progress' });
    assert.equal((await getReportStats(deps(), { agencyCode: 'GAMLP' })).resolved, 0);
    await assert.rejects(setReportStatus(deps(), official, report.id, { status: 'in_progress' }), { code: 'REPORT_INVALID_TRANSITION' });
  });

  it('publishes who handles each category, with its legal time', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/reportes/categorias' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Agua potable/);
    assert.match(page.body, /5 días hábiles/);
    assert.match(page.body, /La Paz: [^<]*Agua/); // agua in BO-L goes to EPSAS (its name mentions water)
  });

  it('loads demo categories idempotently', async () => {
    await seedCategories(deps());
    await seedCategories(deps());
    assert.ok((await listCategories(deps().db)).length >= 7);
  });
});

describe('the map (progressive enhancement)', () => {
  it('is offered only with MAP_TILE_URL, whose origin the CSP then allows for images', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/reportes/nuevo?categoria=agua' });
    assert.ok(!plain.body.includes('data-report-map'));
    const withMap = await buildTestApp({ env: { MAP_TILE_URL: 'https://tiles.example.gob.bo/{z}/{x}/{y}.png' } });
    try {
      await seedCategories(withMap.app.tambo.deps);
      const page = await withMap.app.inject({ method: 'GET', url: '/reportes/nuevo?categoria=agua' });
      assert.match(page.body, /data-report-map="pick" data-tiles="https:\/\/tiles.example.gob.bo\/\{z\}\/\{x\}\/\{y\}.png"/);
      assert.match(page.body, /<script src="\/assets\/js\/reports-map.js\?v=/);
      assert.match(String(page.headers['content-security-policy']), /img-src 'self' data: https:\/\/tiles.example.gob.bo/);
    } finally {
      await withMap.close();
    }
    assert.throws(() => testConfig({}, { MAP_TILE_URL: 'ftp://tiles/{z}' }), /MAP_TILE_URL/);
  });
});

// The situation room's pages: every module's declared figures by territory, their breakdowns
// (trend, child territories with the choropleth, agencies), the CSV export, and who sees the
// room-only figures.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../../../test/helpers/app.ts';
import { HttpSession } from '../../../test/helpers/http-client.ts';
import { newDocument, signInPortal, TEST_ACCOUNT_PASSWORD, testAccount } from '../../../test/helpers/identity.ts';
import { listenTestApp } from '../../../test/helpers/listen.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import type { StatRef } from '../../platform/stats/stats.types.ts';
import { figureRegistry } from './room.service.ts';
import { roomStats } from './room.stats.ts';

describe('situation room pages', () => {
  let t: TestApp & { baseUrl: string };
  let received: StatRef;
  before(async () => {
    t = await listenTestApp();
    const { deps, modules } = t.app.tambo;
    await modules.find((m) => m.name === 'territories')!.seed!(deps);
    received = figureRegistry(modules).find((s) => s.module === 'reports' && s.name === 'received')!;
    const at = new Date();
    // 7 reports in El Alto (agency A), 6 in La Paz (agency B), 2 in Oruro: Oruro's count is withheld in public.
    for (const [path, agency, n] of [
      [['BO-L', 'BO-L-01', 'BO-L-01-02'], 'AGA', 7],
      [['BO-L', 'BO-L-01', 'BO-L-01-01'], 'AGB', 6],
      [['BO-O', 'BO-O-01', 'BO-O-01-01'], 'AGA', 2],
    ] as const) {
      await recordStat(deps.db, received, { territory: [...path], agency, category: 'bache', at }, n);
    }
    await recordStat(deps.db, roomStats.announcements, { territory: ['BO-L', 'BO-L-01'], at }, 9);
  });
  after(async () => t.close());

  it('shows the national room with every public figure, by department, with the same figures in tables', async () => {
    const response = await t.app.inject({ url: '/sala' });
    assert.equal(response.statusCode, 200);
    const html = response.body;
    assert.match(html, /data-room-figure="reports.received">15</);
    assert.doesNotMatch(html, /situation_room.announcements/, 'room-only figures are not shown to the public');
    assert.match(html, /<svg[^>]*role="img"[^>]*aria-labelledby="grafico-tendencia-title/);
    // By department: La Paz 13, Oruro withheld (2 < 5), Potosí 0.
    const territories = html.slice(html.indexOf('id="territorios"'));
    assert.match(territories, /href="\/sala\/BO-L\?cifra=reports.received">La Paz<\/a><\/th><td[^>]*>Departamento<\/td><td[^>]*>13</);
    assert.match(territories, />Oruro<\/a><\/th><td[^>]*>Departamento<\/td><td[^>]*>Reservado/);
    assert.match(html, /id="instituciones"[\s\S]*AGA<\/a><\/th><td[^>]*>9</);
    assert.match(html, /href="\/sala\?">Actualizar|href="\/sala\?cifra=reports.received" data-room-refresh/);
  });

  it('drills down to a province, draws the choropleth of its municipalities and filters by agency', async () => {
    const response = await t.app.inject({ url: '/sala/BO-L-01?cifra=reports.received' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<figure class="choropleth">/);
    assert.match(response.body, /<path[^>]*data-code="BO-L-01-02" data-value="7"/);
    assert.match(response.body, /data-room-figure="reports.received">13</);
    const filtered = await t.app.inject({ url: '/sala/BO-L-01?cifra=reports.received&institucion=AGB' });
    assert.match(filtered.body, /data-room-figure="reports.received">6</);
    assert.doesNotMatch(filtered.body, /id="instituciones"/);
  });

  it('exports the view as CSV', async () => {
    const response = await t.app.inject({ url: '/sala/BO-L-01/datos.csv' });
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/csv/);
    const lines = response.body.trim().split('\r\n');
    assert.equal(lines[0], 'view,territory,agency,figure,figure_name,key,key_name,value,suppressed');
    assert.ok(lines.includes('territory,BO-L-01,,reports.received,Reportes recibidos,BO-L-01-02,El Alto (Municipio),7,false'), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('agency,BO-L-01,AGA,reports.received,') && l.endsWith(',7,false')));
  });

  it('answers a clear 404 for an unknown territory or figure, and never a room-only figure to the public', async () => {
    assert.equal((await t.app.inject({ url: '/sala/XX-99' })).statusCode, 404);
    const unknown = await t.app.inject({ url: '/sala?cifra=reports.nothing' });
    assert.equal(unknown.statusCode, 404);
    assert.doesNotMatch(unknown.body, /at .*\.ts:/);
    assert.equal((await t.app.inject({ url: '/sala/BO-L?cifra=situation_room.announcements' })).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/sala/BO-L/datos.csv?cifra=situation_room.announcements' })).statusCode, 404);
  });

  it('shows room-only figures to an operator of the territory, and only there', async () => {
    const { deps } = t.app.tambo;
    const documentNumber = newDocument();
    const email = `op-${documentNumber.replace(/\D/g, '')}@example.org`;
    await testAccount(deps, { documentNumber, givenName: 'Ana', familyName: 'Operadora', email, roles: [{ role: 'room_operator', territoryCode: 'BO-L' }] });
    const browser = new HttpSession();
    await signInPortal(t, browser, email, TEST_ACCOUNT_PASSWORD);
    const get = async (path: string) => {
      const response = await browser.request(`${t.baseUrl}${path}`);
      return { status: response.status, body: await response.text() };
    };
    const room = await get('/sala/BO-L-01?cifra=situation_room.announcements');
    assert.equal(room.status, 200);
    assert.match(room.body, /data-room-figure="situation_room.announcements">9</);
    assert.match(room.body, /data-room-figure="reports.received">13</);
    // Oruro is not theirs: the public room, and no room-only figure.
    const oruro = await get('/sala/BO-O');
    assert.doesNotMatch(oruro.body, /situation_room.announcements/);
    assert.match(oruro.body, /data-room-figure="reports.received">Reservado/);
    assert.equal((await get('/sala?cifra=situation_room.announcements')).status, 404, 'the national room is for platform administrators');
  });
});

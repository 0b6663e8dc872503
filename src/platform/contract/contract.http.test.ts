// The contract at work in the real application: open data lists and serves a module's
// datasets and public statistics (small counts suppressed), and "Mis datos" collects and
// erases through each module's personalData.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { contractTestModule, contractTestRecords, contractTestStats } from '../../../test/helpers/contract-module.ts';
import { modules } from '../../modules.ts';
import { recordStat } from '../stats/stats.ts';
import { collectPersonalData, erasePersonalData } from './personal-data.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ app: { modules: [...modules, contractTestModule] } });
});
after(async () => t.close());

describe('open data', () => {
  it('lists declared datasets and public statistics, never private ones, in the asked language', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/open-data', headers: { 'accept-language': 'en' } });
    assert.equal(response.statusCode, 200);
    const items = (response.json() as { items: Array<{ id: string; kind: string; title: string; dimensions?: string[] }> }).items;
    const ids = items.map((i) => i.id);
    assert.ok(ids.includes('contract_test.offices'));
    assert.ok(ids.includes('contract_test.filed'));
    assert.ok(!ids.includes('contract_test.internal'), 'a private figure is not published');
    assert.equal(items.find((i) => i.id === 'contract_test.offices')?.title, 'Offices');
    assert.deepEqual(items.find((i) => i.id === 'contract_test.filed')?.dimensions, ['agency', 'month']);
  });

  it("serves a dataset's rows", async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/open-data/contract_test.offices' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      id: 'contract_test.offices',
      items: [
        { code: 'A', address: 'Calle 1' },
        { code: 'B', address: 'Calle 2' },
      ],
    });
  });

  it('serves a public statistic by month in the country zone, with small counts suppressed', async () => {
    const db = t.app.tambo.deps.db;
    const at = new Date('2026-05-10T15:00:00Z');
    for (let i = 0; i < 6; i += 1) await recordStat(db, contractTestStats.filed, { agency: 'OPEN_BIG', at });
    for (let i = 0; i < 2; i += 1) await recordStat(db, contractTestStats.filed, { agency: 'OPEN_SMALL', at });
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/open-data/contract_test.filed' });
    assert.equal(response.statusCode, 200);
    const items = (response.json() as { items: Array<Record<string, unknown>> }).items;
    assert.deepEqual(
      items.filter((i) => String(i.agency).startsWith('OPEN_')).map((i) => [i.agency, i.month, i.count, i.suppressed]),
      [
        ['OPEN_BIG', '2026-05', 6, false],
        ['OPEN_SMALL', '2026-05', null, true],
      ],
    );
  });

  it('answers 404 for an unknown or private id and 400 for a malformed one', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/open-data/contract_test.internal' })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/open-data/contract_test.nothing' })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/open-data/no-dot' })).statusCode, 400);
  });
});

describe('personal data', () => {
  it("collects every declaring module's sections and erases through erase", async () => {
    const accountId = '00000000-0000-4000-8000-00000000c0de';
    contractTestRecords.set(accountId, ['request 1', 'request 2']);
    const deps = t.app.tambo.deps;
    const collected = await collectPersonalData(deps, [contractTestModule], accountId);
    assert.deepEqual(collected, {
      accountId,
      modules: [{ module: 'contract_test', legalBasisKey: 'contract_test.legal', sections: [{ titleKey: 'contract_test.section', data: ['request 1', 'request 2'] }] }],
    });
    assert.deepEqual(await erasePersonalData(deps, [contractTestModule], accountId), ['contract_test']);
    assert.equal(contractTestRecords.has(accountId), false);
  });
});

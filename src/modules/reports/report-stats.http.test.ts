// Statistics of reports as `stats` figures: what each action records, the rebuild from the
// reports, and their publication as open data (small counts suppressed).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { readStat } from '../../platform/stats/stats.ts';
import { acceptReport, reassignReport, replyToReport, setReportStatus } from './handling.service.ts';
import { createReport, getReportStats, rebuildReportStats } from './index.ts';
import { reportStats } from './reports.stats.ts';
import { testOfficial } from './reports.test-helpers.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ demo: true });
});
after(async () => t.close());

const deps = () => t.app.tambo.deps;
const gamlp = testOfficial(['GAMLP'], { accountId: 'stats-test' });
const newReport = async (description: string) =>
  (await createReport(deps(), { categoryCode: 'residuos', description, territoryCode: 'BO-L-01-01', isAnonymous: true }, { actor: { type: 'anonymous' } })).report;

describe('report statistics', () => {
  it('counts a report where it was received and follows its answer and its resolution, taken back when the agency takes it up again', async () => {
    const before = { agency: await getReportStats(deps(), { agencyCode: 'GAMLP' }), territory: await getReportStats(deps(), { territoryCode: 'BO-L' }) };
    const report = await newReport('Basura acumulada (estadísticas)');
    await replyToReport(deps(), gamlp, report.id, 'Vamos');
    await setReportStatus(deps(), gamlp, report.id, { status: 'resolved' });
    const agency = await getReportStats(deps(), { agencyCode: 'GAMLP' });
    const territory = await getReportStats(deps(), { territoryCode: 'BO-L' });
    assert.deepEqual(
      [agency.received - before.agency.received, agency.answered - before.agency.answered, agency.answeredInTime - before.agency.answeredInTime, agency.resolved - before.agency.resolved],
      [1, 1, 1, 1],
    );
    assert.equal(territory.received - before.territory.received, 1);
    await setReportStatus(deps(), gamlp, report.id, { status: 'in_progress' });
    assert.equal((await getReportStats(deps(), { agencyCode: 'GAMLP' })).resolved, before.agency.resolved);
  });

  it('moves a reassigned report to the new agency without changing the totals', async () => {
    const report = await newReport('Basura en la plaza (reasignar)');
    const [agencyBefore, otherBefore, allBefore] = await Promise.all([getReportStats(deps(), { agencyCode: 'GAMLP' }), getReportStats(deps(), { agencyCode: 'EPSAS' }), getReportStats(deps(), {})]);
    await reassignReport(deps(), gamlp, report.id, { agencyCode: 'EPSAS', reason: 'Es de agua' });
    const [agency, other, all] = await Promise.all([getReportStats(deps(), { agencyCode: 'GAMLP' }), getReportStats(deps(), { agencyCode: 'EPSAS' }), getReportStats(deps(), {})]);
    assert.equal(agency.received, agencyBefore.received - 1);
    assert.equal(other.received, otherBefore.received + 1);
    assert.equal(all.received, allBefore.received);
    await acceptReport(deps(), testOfficial(['EPSAS'], { accountId: 'epsas' }), report.id);
  });

  it('the rebuild from the reports gives the figures recorded along the way', async () => {
    await newReport('Basura (reconstrucción)');
    const scopes = [{}, { territoryCode: 'BO-L' }, { territoryCode: 'BO-L-01-01' }, { agencyCode: 'GAMLP' }];
    const recorded = await Promise.all(scopes.map((scope) => getReportStats(deps(), scope)));
    assert.ok(recorded[0]!.received > 0);
    await rebuildReportStats(deps().db);
    assert.deepEqual(await Promise.all(scopes.map((scope) => getReportStats(deps(), scope))), recorded);
    assert.deepEqual(await readStat(deps().db, reportStats.received, { where: { category: 'no-such-category' } }), []);
  });

  it('publishes every figure as open data, grouped by its dimensions, small counts suppressed', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/open-data' });
    const ids = list.json().items.map((item: { id: string }) => item.id);
    for (const name of Object.keys(reportStats)) assert.ok(ids.includes(`reports.${name}`), name);
    // One report in a category of its own in this territory: a cell of one, suppressed.
    await createReport(deps(), { categoryCode: 'alumbrado', description: 'Poste sin luz (datos abiertos)', territoryCode: 'BO-L-01-02', isAnonymous: true }, { actor: { type: 'anonymous' } });
    const cells = (await t.app.inject({ method: 'GET', url: '/api/v1/open-data/reports.received' })).json().items as Array<Record<string, unknown>>;
    const mine = cells.filter((c) => c.category === 'alumbrado' && c.territory === 'BO-L-01-02');
    assert.ok(mine.length > 0);
    for (const cell of mine) if (cell.suppressed) assert.equal(cell.count, null);
    assert.ok(cells.some((c) => c.suppressed === true && c.count === null));
    assert.ok(cells.every((c) => c.suppressed === true || (c.count as number) <= 0 || (c.count as number) >= 5));
  });
});

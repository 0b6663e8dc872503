// The catalog's figures in the platform's open data name each procedure by its slug and name,
// never by its internal id (procedure.stats.ts, publishAs).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { recordProcedureFigures } from './index.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(async () => t.close());

it('publishes procedure figures by slug and name, with no procedure id anywhere', async () => {
  const db = t.app.tambo.deps.db;
  const slug = `datos-abiertos-${Date.now().toString(36)}`;
  const { procedureId } = await createOnlineProcedure(db, { slug, agencyCode: 'SEGIP' });
  const cell = { procedureId, agencyCode: 'SEGIP', submittedAt: new Date('2026-03-10T15:00:00Z') };
  for (let i = 0; i < 6; i += 1) await recordProcedureFigures(db, cell, { applied: 1 });
  for (let i = 0; i < 5; i += 1) await recordProcedureFigures(db, cell, { completed: { days: 2, inTime: true }, rating: 4 });

  for (const figure of ['applications', 'completed_in_time', 'days_to_complete', 'satisfaction']) {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/open-data/catalog.${figure}` });
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes(procedureId), `catalog.${figure} does not publish the procedure id`);
    const items = (response.json() as { items: Array<Record<string, unknown>> }).items.filter((i) => i.procedure === slug);
    assert.equal(items.length, 1, `catalog.${figure} has one cell for the procedure`);
    assert.equal(items[0]!.procedure_name, `Certificado de prueba ${slug}`);
    assert.equal(items[0]!.month, '2026-03');
    assert.equal(items[0]!.count, figure === 'applications' ? 6 : 5);
  }
});

// The public ranking's four terms and its composite score (docs/entities.md#ranking) over HTTP,
// on a hand-computed fixture of three entities:
// - R-MUN: two procedures, one online (50 %); the online one went from 4 steps + 2 requirements
//   (+ 0 visits) to 2 + 1 (saving 50 %), the other has one version (0 %): saving 25 %; of its two
//   commitments with a target, "en plazo 90" is met (2 of 2 decided in time) and "satisfacción 4"
//   is not (ratings 3 and 4: 3.5): 50 %; 4 reports answered, all in time: 100 %.
//   Score (50 + 25 + 50 + 100) ÷ 4 = 56.25.
// - R-DEP: one procedure, online (100 %), nothing else measured: score (100 + 0) ÷ 2 = 50.
// - R-IOC: no procedure, not ranked.
// R-MUN ranks above R-DEP although a smaller share of its procedures is online: the other terms count.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { recordStat } from '../../platform/stats/stats.ts';
import { saveAgency } from '../agencies/index.ts';
import { recordProcedureFigures } from '../catalog/index.ts';
import { reportsModule } from '../reports/index.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ env: { COUNTRY: 'bo' } });
  const deps = t.app.tambo.deps;
  for (const [code, level] of [
    ['R-MUN', 'municipal'],
    ['R-DEP', 'departmental'],
    ['R-IOC', 'indigenous'],
  ] as const) {
    await saveAgency(deps, { code, name: `Gobierno ${code}`, acronym: code, kind: 'municipal', level, territoryCode: null, mission: '' }, { type: 'system', id: 'test' });
  }
  // R-MUN's online procedure: version 1 (superseded) asked 4 steps and 2 requirements, version 2 asks 2 and 1.
  const online = await createOnlineProcedure(deps.db, { slug: 'ranking-licencia', agencyCode: 'R-MUN' });
  await sql`UPDATE catalog.procedure_version SET status = 'superseded', steps = '{a,b,c,d}', requirements = '{x,y}' WHERE id = ${online.versionId}`.execute(deps.db);
  const second = randomUUID();
  await sql`INSERT INTO catalog.procedure_version (id, procedure_id, version, status, name, summary, audiences, topics, fee_kind, max_response_days, tacit_outcome, result, is_online, form, created_by, published_at,
              steps, requirements, commitments, commitment_targets)
            SELECT ${second}, procedure_id, 2, 'published', name, summary, audiences, topics, fee_kind, max_response_days, tacit_outcome, result, is_online, form, created_by, now(),
              '{a,b}', '{x}', '{"Respondemos en plazo","Le atendemos bien"}',
              '[{"commitment":0,"metric":"in_time","target":90},{"commitment":1,"metric":"satisfaction","target":4}]'::jsonb
            FROM catalog.procedure_version WHERE id = ${online.versionId}`.execute(deps.db);
  await sql`UPDATE catalog.procedure SET published_version_id = ${second} WHERE id = ${online.procedureId}`.execute(deps.db);
  const inPerson = await createOnlineProcedure(deps.db, { slug: 'ranking-catastro', agencyCode: 'R-MUN' });
  await sql`UPDATE catalog.procedure_version SET is_online = false WHERE id = ${inPerson.versionId}`.execute(deps.db);
  await createOnlineProcedure(deps.db, { slug: 'ranking-permiso', agencyCode: 'R-DEP' });
  // Two applications to R-MUN's online procedure, both decided in time, rated 3 and 4.
  const cell = { procedureId: online.procedureId, agencyCode: 'R-MUN', submittedAt: new Date() };
  for (const rating of [3, 4]) await recordProcedureFigures(deps.db, cell, { applied: 1, completed: { days: 2, inTime: true }, rating });
  // Four citizen reports of R-MUN answered, all within the legal time.
  const stats = reportsModule.stats!;
  for (const hours of [5, 10, 20, 30]) {
    await recordStat(deps.db, stats.response_hours!, { agency: 'R-MUN', territory: '', category: 'bache' }, hours);
    await recordStat(deps.db, stats.answered_in_time!, { agency: 'R-MUN', territory: '', category: 'bache' });
  }
});
after(async () => t.close());

/** The cells of the ranking table's row of an entity. */
function row(html: string, name: string): string[] {
  const found = html.split('<tr').find((r) => r.includes(`>${name}<`));
  assert.ok(found, `a row for ${name}`);
  return [...found.matchAll(/<t[dh][^>]*>([^<]*)<\/t[dh]>/g)].map((m) => m[1]!.trim());
}

describe('the ranking of entities', () => {
  it('shows each term and the composite score by the published formula, hand-computed', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/observatorio/ranking' });
    assert.equal(page.statusCode, 200);
    const html = page.body;
    assert.match(html, /Ahorro por trámite = promedio/, 'the saving term is written on the page');
    assert.match(html, /Compromisos cumplidos = compromisos/);
    assert.match(html, /Reclamos en plazo = reportes ciudadanos respondidos dentro del plazo legal/);
    assert.match(html, /Puntaje = promedio de los términos con datos/);
    // rank, entity, level, online, published, share, saving, commitments, complaints, score
    assert.deepEqual(row(html, 'Gobierno R-MUN'), ['1', 'Gobierno R-MUN', 'Gobierno autónomo municipal', '1', '2', '50 %', '25 %', '50 %', '100 %', '56,25']);
    assert.deepEqual(row(html, 'Gobierno R-DEP'), ['2', 'Gobierno R-DEP', 'Gobierno autónomo departamental', '1', '1', '100 %', '0 %', 'Sin datos', 'Sin datos', '50']);
    const unranked = html.slice(html.indexOf('Sin trámites publicados'));
    assert.match(unranked, /Gobierno R-IOC/, 'no procedure: listed apart');
  });
});

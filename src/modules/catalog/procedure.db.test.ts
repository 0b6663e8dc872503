// The catalog's contract with the cases module and its version lifecycle, on a real PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { addHoliday } from '../../platform/country/holidays.ts';
import { isAppError } from '../../platform/errors.ts';
import { defaultWorkflow, exampleFormDefinition } from '../../platform/forms/index.ts';
import { findPublishedVersion, findVersionById, recordProcedureFigures } from './index.ts';
import { answerByDate, createProcedure, findProcedureStatistics, getProcedureForEditing, publishDraft, retireProcedure, saveDraft, searchProcedures } from './procedure.service.ts';
import type { ProcedureContent } from './procedure.types.ts';

export const sampleContent = (overrides: Partial<ProcedureContent> = {}): ProcedureContent => ({
  name: 'Certificado de antecedentes de prueba',
  summary: 'Obtenga el certificado que acredita si tiene o no antecedentes penales.',
  audiences: ['person'],
  topics: ['justice'],
  lifeEvents: ['looking_for_work'],
  requirements: ['Cédula de identidad vigente'],
  legalBasis: ['Ley de prueba'],
  feeKind: 'fixed',
  feeAmount: '50.00',
  feeFormula: null,
  maxResponseDays: 3,
  tacitOutcome: 'approval',
  result: 'Certificado digital',
  resultValidity: '90 días',
  isOnline: true,
  offices: [],
  steps: ['Ingrese', 'Pague', 'Descargue'],
  commitments: ['Respuesta en 3 días hábiles'],
  form: exampleFormDefinition,
  workflow: defaultWorkflow,
  ...overrides,
});

describe('catalog versions and the cases contract', () => {
  let t: TestApp;
  const publisher = { accountId: '00000000-0000-7000-8000-000000000001', roles: [{ agencyCode: 'SEGIP', role: 'publisher' as const }] };
  before(async () => {
    t = await buildTestApp();
  });
  after(async () => {
    await t.close();
  });

  it('publishes, keeps published versions unchanged, and exposes versions to the cases module', async () => {
    const deps = t.app.tambo.deps;
    const procedure = await createProcedure(deps, publisher, 'SEGIP', sampleContent());
    assert.equal(procedure.slug, 'certificado-de-antecedentes-de-prueba');
    assert.equal(await findPublishedVersion(deps.db, procedure.slug), undefined, 'a draft is not public');
    const v1 = await publishDraft(deps, publisher, procedure.id);
    const ref = await findPublishedVersion(deps.db, procedure.slug);
    assert.deepEqual(ref, {
      procedureId: procedure.id,
      versionId: v1.id,
      version: 1,
      slug: procedure.slug,
      name: 'Certificado de antecedentes de prueba',
      names: {},
      agencyCode: 'SEGIP',
      // The fee, for payments' orders.
      feeKind: 'fixed',
      feeAmount: '50.00',
      feeFormula: null,
      online: true,
      form: exampleFormDefinition,
      workflow: defaultWorkflow,
      maxResponseDays: 3,
      tacitOutcome: 'approval',
    });

    const v2 = await saveDraft(deps, publisher, procedure.id, sampleContent({ name: 'Certificado de antecedentes penales', maxResponseDays: 5 }));
    assert.notEqual(v2.id, v1.id, 'editing a published procedure starts a new version');
    assert.equal(v2.version, 2);
    assert.equal((await findVersionById(deps.db, v1.id))?.name, 'Certificado de antecedentes de prueba', 'the published version is unchanged');
    assert.equal((await findPublishedVersion(deps.db, procedure.slug))?.versionId, v1.id, 'the public version stays until the draft is published');
    const again = await saveDraft(deps, publisher, procedure.id, sampleContent({ name: 'Certificado de antecedentes penales', maxResponseDays: 6 }));
    assert.equal(again.id, v2.id, 'a second save rewrites the same draft');

    await publishDraft(deps, publisher, procedure.id);
    const now = await findPublishedVersion(deps.db, procedure.slug);
    assert.equal(now?.versionId, v2.id);
    assert.equal(now?.maxResponseDays, 6);
    assert.equal((await findVersionById(deps.db, v1.id))?.version, 1, 'old versions stay readable for applications made on them');
    const { rows } = await sql<{ status: string }>`SELECT status FROM catalog.procedure_version WHERE id = ${v1.id}`.execute(deps.db);
    assert.equal(rows[0]?.status, 'superseded');
    await assert.rejects(sql`UPDATE catalog.procedure_version SET status = 'published' WHERE procedure_id = ${procedure.id}`.execute(deps.db), /duplicate key/, 'one published version at most');

    assert.equal(await findProcedureStatistics(deps, procedure.id), undefined, 'no statistics before the first application');
    const cell = { procedureId: procedure.id, agencyCode: procedure.agencyCode, submittedAt: new Date() };
    for (let i = 0; i < 3; i += 1) await recordProcedureFigures(deps.db, cell, { applied: 1 });
    await recordProcedureFigures(deps.db, cell, { completed: { days: 1.9, inTime: true }, rating: 4 });
    await recordProcedureFigures(deps.db, cell, { completed: { days: 2.1, inTime: false }, rating: 5 });
    const stats = await findProcedureStatistics(deps, procedure.id);
    assert.deepEqual([stats?.applications, stats?.completed, stats?.medianDaysToComplete, stats?.shareWithinLegalTime, stats?.satisfactionAverage, stats?.satisfactionCount], [3, 2, 2, 0.5, 4.5, 2]);

    await retireProcedure(deps, publisher, procedure.id);
    assert.equal(await findPublishedVersion(deps.db, procedure.slug), undefined, 'a retired procedure is not public');
    assert.equal((await findVersionById(deps.db, v2.id))?.versionId, v2.id);
    const editing = await getProcedureForEditing(deps, publisher, procedure.id);
    assert.deepEqual(
      editing.versions.map((v) => v.status),
      ['retired', 'superseded'],
    );
  });

  it('refuses a publisher of another agency and invalid content', async () => {
    const deps = t.app.tambo.deps;
    const other = { accountId: publisher.accountId, roles: [{ agencyCode: 'SIN', role: 'publisher' as const }] };
    await assert.rejects(createProcedure(deps, other, 'SEGIP', sampleContent()), (e) => isAppError(e) && e.code === 'CATALOG_NOT_PUBLISHER');
    const procedure = await createProcedure(deps, publisher, 'SEGIP', sampleContent({ name: 'Otro trámite' }));
    await assert.rejects(publishDraft(deps, other, procedure.id), (e) => isAppError(e) && e.code === 'CATALOG_NOT_PUBLISHER');
    await assert.rejects(saveDraft(deps, publisher, procedure.id, sampleContent({ feeKind: 'fixed', feeAmount: 'gratis', form: null })), (e) => {
      assert.ok(isAppError(e));
      assert.deepEqual(e.fields.map((f) => f.field).sort(), ['/feeAmount', '/form']);
      return true;
    });
  });

  it('searches without accents and corrects typos', async () => {
    const deps = t.app.tambo.deps;
    const procedure = await createProcedure(deps, publisher, 'SEGIP', sampleContent({ name: 'Emisión de pasaporte electrónico', summary: 'Documento de viaje para salir del país.' }));
    await publishDraft(deps, publisher, procedure.id);
    assert.equal((await searchProcedures(deps, { q: 'EMISION pasaporte', page: 1, pageSize: 10 })).items[0]?.slug, procedure.slug);
    const typo = await searchProcedures(deps, { q: 'pasaprote electronico', page: 1, pageSize: 10 });
    assert.equal(typo.items[0]?.slug, procedure.slug);
    assert.equal(typo.correctedQuery, 'pasaporte electronico');
  });

  it('ranks a match in the name above one in the summary, pages by rank and counts every match', async () => {
    const deps = t.app.tambo.deps;
    const make = async (name: string, summary: string) => {
      const procedure = await createProcedure(deps, publisher, 'SEGIP', sampleContent({ name, summary, requirements: [], result: 'Constancia' }));
      await publishDraft(deps, publisher, procedure.id);
      return procedure.slug;
    };
    // Created in the opposite order of the ranking, so that insertion order cannot pass for it.
    const inResult = await make('Registro de embarcaciones', 'Inscriba su embarcación para obtener el permiso de navegación fluvial.');
    const inName = await make('Permiso de navegación fluvial', 'Autorización para navegar en ríos y lagos.');
    const partOfName = await make('Renovación de permisos navegacionales', 'Renueve a tiempo.');
    const page = (n: number, q = 'permiso navegacion fluvial') => searchProcedures(deps, { q, page: n, pageSize: 1 });
    const [first, second, third] = [await page(1), await page(2), await page(3)];
    assert.deepEqual([first.items[0]?.slug, second.items[0]?.slug], [inName, inResult], 'name (weight A) before summary (weight B)');
    assert.deepEqual([first.total, second.total, third.total], [2, 2, 2], 'the total counts every match, on every page');
    assert.deepEqual(third.items, []);
    // Part of a name ("navegacion" within "navegacionales") matches too, after what full text ranks.
    const partial = await searchProcedures(deps, { q: 'navegacion', page: 1, pageSize: 10 });
    assert.deepEqual(
      partial.items.map((p) => p.slug),
      [inName, inResult, partOfName],
    );
  });

  it('tells by which day a procedure started now must be answered: literal dates, decreed holidays included', async () => {
    const deps = t.app.tambo.deps;
    // Friday 2026-06-05 15:00 in La Paz, 3 business days: Monday 8, Tuesday 9, Wednesday 10.
    assert.equal(await answerByDate(deps, 3, new Date('2026-06-05T15:00:00-04:00')), '2026-06-10');
    // 23:30 on that Friday is Saturday in UTC, still Friday on the country's clock.
    assert.equal(await answerByDate(deps, 3, new Date('2026-06-05T23:30:00-04:00')), '2026-06-10');
    // Tuesday 9 June decreed a holiday: Monday 8, Wednesday 10, Thursday 11.
    await addHoliday(deps.db, { country: 'bo', date: '2026-06-09', name: 'Feriado de prueba', decree: 'D.S. de prueba 2' }, { actor: { type: 'admin', id: 'acc-admin-catalog' } });
    assert.equal(await answerByDate(deps, 3, new Date('2026-06-05T15:00:00-04:00')), '2026-06-11');
  });
});

// The plan's goals per level of the State (issue #25, docs/entities.md) on a fixture with an
// entity of every level: central entities with a plan in force and with their yearly report,
// autonomous territorial entities offering procedures online; the same figures in the JSON
// API, on the page, and broken down by level of the State and by level.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createOnlineProcedure } from '../../../test/helpers/procedures.ts';
import { type AgencyLevel, saveAgency } from '../agencies/index.ts';
import { ensurePlans, type PlanSpec } from './index.ts';

const YEAR = 2025;
const ENTITIES: Array<[string, AgencyLevel]> = [
  ['C-ORG', 'central_organ'],
  ['C-MIN', 'ministry'],
  ['C-DEC', 'decentralised'],
  ['C-EMP', 'public_company'],
  ['K-CTL', 'control_defence'],
  ['T-DEP', 'departmental'],
  ['T-REG', 'regional'],
  ['T-MUN', 'municipal'],
  ['T-IOC', 'indigenous'],
  ['U-UNI', 'university'],
];
const plan = (code: string, owner: string, startYear: number, endYear: number): PlanSpec => ({
  id: randomUUID(),
  code,
  title: `Plan ${code}`,
  description: '',
  ownerAgency: owner,
  startYear,
  endYear,
  lines: [],
});

let t: TestApp;
before(async () => {
  t = await buildTestApp({ env: { COUNTRY: 'bo' } });
  const deps = t.app.tambo.deps;
  for (const [code, level] of ENTITIES) {
    await saveAgency(deps, { code, name: `Entidad ${code}`, acronym: code, kind: 'national', level, territoryCode: null, mission: '' }, { type: 'system', id: 'test' });
  }
  // C-MIN's plan is in force in 2025, C-DEC's ended in 2022: one central entity of four.
  await ensurePlans(deps, [plan('plan-min', 'C-MIN', 2021, 2025), plan('plan-dec', 'C-DEC', 2018, 2022)]);
  // C-ORG and C-EMP filed their report for 2025, C-EMP on a plan that is not its own; K-CTL for 2024 only.
  const planId = (await sql<{ id: string }>`SELECT id FROM observatory.plan WHERE code = 'plan-min'`.execute(deps.db)).rows[0]!.id;
  for (const [agency, year] of [
    ['C-ORG', 2025],
    ['C-EMP', 2025],
    ['K-CTL', 2024],
  ] as const) {
    await sql`INSERT INTO observatory.yearly_report (id, plan_id, agency_code, year, submitted_by) VALUES (${randomUUID()}, ${planId}, ${agency}, ${year}, ${randomUUID()})`.execute(deps.db);
  }
  // T-MUN offers one procedure online and one in person; T-DEP only one in person.
  await createOnlineProcedure(deps.db, { slug: 'licencia-mun', agencyCode: 'T-MUN' });
  const inPerson = await createOnlineProcedure(deps.db, { slug: 'catastro-mun', agencyCode: 'T-MUN' });
  const departmental = await createOnlineProcedure(deps.db, { slug: 'permiso-dep', agencyCode: 'T-DEP' });
  await sql`UPDATE catalog.procedure_version SET is_online = false WHERE id IN (${inPerson.versionId}, ${departmental.versionId})`.execute(deps.db);
});
after(async () => {
  await t.close();
});

interface Levels {
  year: number;
  goals: Array<{ code: string; group: string; numerator: number; denominator: number; value: number | null; target: number; met: boolean }>;
  levels: Array<{ group: string; level: string | null; entities: number; withPlan: number; reporting: number; offeringOnline: number; published: number; online: number }>;
  entities: Array<{ code: string; level: string; group: string; planInForce: boolean; reportFiled: boolean; published: number; online: number }>;
}
const levels = async (year: number) => {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/observatory/levels?year=${year}` });
  assert.equal(response.statusCode, 200);
  return response.json() as Levels;
};

describe('goals per level of the State', () => {
  it('computes each goal over the entities of its level of the State only', async () => {
    const view = await levels(YEAR);
    const goal = (code: string) => view.goals.find((g) => g.code === code)!;
    assert.deepEqual(
      [goal('central-plan').numerator, goal('central-plan').denominator, goal('central-plan').value, goal('central-plan').met],
      [1, 4, 25, false],
      'C-MIN of the four central entities (not K-CTL, T-*, U-UNI)',
    );
    assert.deepEqual([goal('central-reporting').numerator, goal('central-reporting').denominator, goal('central-reporting').value], [2, 4, 50]);
    assert.deepEqual(
      [goal('territorial-online').numerator, goal('territorial-online').denominator, goal('territorial-online').value, goal('territorial-online').target, goal('territorial-online').met],
      [1, 4, 25, 30, false],
      'T-MUN of the four autonomous territorial entities; T-DEP offers none online',
    );
  });

  it('breaks every per-entity figure down by level of the State and by level', async () => {
    const view = await levels(YEAR);
    const row = (group: string, level: string | null) => view.levels.find((l) => l.group === group && l.level === level)!;
    assert.deepEqual(row('central', null), { group: 'central', level: null, entities: 4, withPlan: 1, reporting: 2, offeringOnline: 0, published: 0, online: 0 });
    assert.deepEqual(row('territorial', null), { group: 'territorial', level: null, entities: 4, withPlan: 0, reporting: 0, offeringOnline: 1, published: 3, online: 1 });
    assert.deepEqual([row('territorial', 'municipal').published, row('territorial', 'municipal').online], [2, 1]);
    assert.deepEqual([row('territorial', 'departmental').published, row('territorial', 'departmental').online], [1, 0]);
    assert.equal(row('control', null).entities, 1);
    assert.equal(row('university', 'university').entities, 1);
    // The levels of a level of the State add up to it, figure by figure.
    for (const group of ['central', 'control', 'territorial', 'university']) {
      const parts = view.levels.filter((l) => l.group === group && l.level !== null);
      for (const figure of ['entities', 'withPlan', 'reporting', 'offeringOnline', 'published', 'online'] as const) {
        assert.equal(
          parts.reduce((sum, l) => sum + l[figure], 0),
          row(group, null)[figure],
          `${group} ${figure}`,
        );
      }
    }
    const ioc = view.entities.find((e) => e.code === 'T-IOC')!;
    assert.deepEqual([ioc.level, ioc.group], ['indigenous', 'territorial']);
  });

  it('reads the plans in force and the reports of the year asked', async () => {
    const earlier = await levels(2022);
    const central = earlier.goals.find((g) => g.code === 'central-plan')!;
    assert.equal(central.numerator, 2, 'both plans were in force in 2022');
    assert.equal(earlier.entities.find((e) => e.code === 'K-CTL')?.reportFiled, false);
    assert.equal((await levels(2024)).entities.find((e) => e.code === 'K-CTL')?.reportFiled, true);
  });

  it('shows the goals and the breakdown on the public page', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/observatorio/entidades?anio=${YEAR}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Metas por nivel del Estado<\/h1>/);
    assert.match(page.body, /Entidades territoriales autónomas con trámites en línea \(línea 12\)/);
    assert.match(page.body, /1 de 4/);
    assert.match(page.body, /Autonomía indígena originaria campesina/);
  });
});

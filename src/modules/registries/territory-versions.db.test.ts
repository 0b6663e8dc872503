// Territories are versioned in their own module (migration territories/003): a rename is a new
// version with who and why, the unit reads "as of" before it, and the `territorios` registry
// (a view over them, not a second copy) answers the same.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { getTerritory, getTerritoryAsOf, getTerritoryHistory, renameTerritoryUnit } from '../territories/index.ts';
import { readRecord } from './registry.service.ts';
import { REGISTRIES } from './registry.types.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp({ demo: true });
});
after(async () => t.close());

it('a rename writes a version with who and why; "as of" before it answers the old name, in the module and in the registry', async () => {
  const { deps } = t.app.tambo;
  const code = 'BO-L-01-03';
  const before = await getTerritory(deps, code);
  const [first] = await getTerritoryHistory(deps, code);
  assert.equal(first?.version, 1);
  assert.equal(first?.actor, 'seed');
  const beforeRename = new Date();
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(await renameTerritoryUnit(deps, code, 'Palca (renombrado)', { actor: 'admin-test', reason: 'Ley municipal 123' }), true);
  assert.equal(await renameTerritoryUnit(deps, code, 'Palca (renombrado)', { actor: 'admin-test', reason: 'again' }), false, 'the same name again is no version');

  const history = await getTerritoryHistory(deps, code);
  assert.deepEqual(
    history.map((v) => [v.version, v.name, v.actor, v.reason, v.validTo === null]),
    [
      [1, before.name, 'seed', 'country profile', false],
      [2, 'Palca (renombrado)', 'admin-test', 'Ley municipal 123', true],
    ],
  );
  assert.equal((await getTerritoryAsOf(deps, code, beforeRename))?.name, before.name);
  assert.equal((await getTerritoryAsOf(deps, code, new Date()))?.name, 'Palca (renombrado)');
  assert.equal(await getTerritoryAsOf(deps, code, new Date('2000-01-01')), undefined);
  assert.equal((await readRecord(deps, REGISTRIES.territorios, code, beforeRename))?.content.name, before.name);
  assert.equal((await readRecord(deps, REGISTRIES.territorios, code))?.content.name, 'Palca (renombrado)');
  const audit = await sql`SELECT 1 FROM audit.entry WHERE action = 'territories.territory_renamed' AND subject_id = ${code}`.execute(deps.db);
  assert.equal(audit.rows.length, 1);
  // A boundary update touches no versioned column: no new version.
  await sql`UPDATE territories.territory SET boundary_updated_at = now() WHERE code = ${code}`.execute(deps.db);
  assert.equal((await getTerritoryHistory(deps, code)).length, 2);
});

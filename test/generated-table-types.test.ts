// The committed table types (src/modules/*/db.generated.ts, src/platform/db/platform.generated.ts)
// must match what kysely-codegen generates from the migrated database (run `npm run db:types`).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { glob } from 'node:fs/promises';
import { after, before, it } from 'node:test';
import { createDb, type Db } from '../src/platform/db/index.ts';
import { renderTableTypes } from '../scripts/table-types.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

const hint = 'stale: run `npm run db:types` and commit the result';

let database: TestDatabase;
let handle: Db;
let generated: Map<string, string>;
before(async () => {
  database = await createTestDatabase();
  handle = createDb(database.url, { max: 1 });
  generated = await renderTableTypes(handle.db);
});
after(async () => {
  await handle.close();
  await database.drop();
});

it('every schema has its committed table types file, identical to the generated one', () => {
  assert.ok(generated.has('src/platform/db/platform.generated.ts'), 'the platform schemas are typed');
  for (const [file, content] of generated) {
    assert.ok(existsSync(file), `${file} is missing: ${hint}`);
    assert.equal(readFileSync(file, 'utf8'), content, `${file} is ${hint}`);
  }
});

it('no committed table types file is left over from a schema that no longer exists', async () => {
  const committed: string[] = [];
  for await (const file of glob(['src/modules/*/db.generated.ts', 'src/platform/db/*.generated.ts'])) committed.push(file);
  assert.deepEqual(committed.sort(), [...generated.keys()].sort(), hint);
});

it('keys every table by its schema-qualified name, as Kysely queries name it, to a type ending in Row', () => {
  const territories = generated.get('src/modules/territories/db.generated.ts') ?? '';
  assert.match(
    territories,
    /export interface Tables \{\n {2}'territories\.layer': LayerRow;\n {2}'territories\.layer_feature': LayerFeatureRow;\n {2}'territories\.territory': TerritoryRow;\n {2}'territories\.territory_version': TerritoryVersionRow;\n\}/,
  );
  assert.match(generated.get('src/platform/db/platform.generated.ts') ?? '', /'audit\.entry': AuditEntryRow;/);
});

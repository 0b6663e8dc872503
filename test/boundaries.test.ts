// The rules of the boundary check (scripts/boundaries.ts) on small fixture files.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { applyExceptions, checkFile, MAX_LINES, readDependsOn, type Rule } from '../scripts/boundaries.ts';

const dependsOn = { reports: ['identity'], identity: [] };
const rules = (file: string, text: string): Rule[] => checkFile({ file, text }, dependsOn).map((v) => v.rule);

it('reads dependsOn from a defineModule call', () => {
  assert.deepEqual(readDependsOn("export const m = defineModule({\n  name: 'reports',\n  dependsOn: ['territories', \"identity\"],\n});"), ['territories', 'identity']);
  assert.deepEqual(readDependsOn("defineModule({ name: 'portal' })"), []);
});

it('allows only index.ts of another module, and only a declared dependency', () => {
  assert.deepEqual(rules('src/modules/reports/report.service.ts', "import { findAccount } from '../identity/index.ts';"), []);
  assert.deepEqual(rules('src/modules/reports/report.service.ts', "import { findAccount } from '../identity/account.queries.ts';"), ['module-index']);
  assert.deepEqual(rules('src/modules/reports/report.service.ts', "import { queueMessage } from '../messaging/index.ts';"), ['depends-on']);
  assert.deepEqual(rules('src/modules/reports/report.test.ts', "import { queueMessage } from '../messaging/index.ts';"), [], 'tests may reach any module');
});

it('keeps src/platform away from modules', () => {
  assert.deepEqual(rules('src/platform/http/pages.ts', "import { x } from '../../modules/identity/index.ts';"), ['platform-imports-module']);
});

it('keeps src/shared pure: only src/shared, and no I/O', () => {
  assert.deepEqual(rules('src/shared/ids.ts', "import { randomBytes } from 'node:crypto';"), []);
  assert.deepEqual(rules('src/shared/ids.ts', "import { readFileSync } from 'node:fs';"), ['shared-imports']);
  assert.deepEqual(rules('src/shared/ids.ts', "import pg from 'pg';"), ['shared-imports']);
  assert.deepEqual(rules('src/shared/ids.ts', "import { AppError } from '../platform/errors.ts';"), ['shared-imports']);
});

it('keeps routes and module.ts from importing queries files', () => {
  assert.deepEqual(rules('src/modules/reports/routes/api.ts', "import { findReport } from '../report.queries.ts';"), ['queries-from-routes']);
  assert.deepEqual(rules('src/modules/reports/module.ts', "import { findReport } from './report.queries.ts';"), ['queries-from-routes']);
  assert.deepEqual(rules('src/modules/reports/routes/api.ts', "import { findReport } from '../report.service.ts';"), []);
});

it('finds SQL outside queries files and the platform files that own it', () => {
  const query = 'const r = await sql<{ n: number }>`SELECT 1`.execute(db);';
  assert.deepEqual(rules('src/modules/reports/report.service.ts', query), ['sql-outside-queries']);
  assert.deepEqual(rules('src/modules/reports/report.service.ts', "await db.selectFrom('reports.report').selectAll().execute();"), ['sql-outside-queries']);
  assert.deepEqual(rules('src/modules/reports/report.service.ts', "await pool.query('SELECT 1');"), ['sql-outside-queries']);
  assert.deepEqual(rules('src/modules/reports/report.queries.ts', query), []);
  assert.deepEqual(rules('src/platform/audit/audit.ts', query), []);
  assert.deepEqual(rules('src/modules/reports/report.db.test.ts', query), [], 'tests are exempt');
  assert.deepEqual(rules('scripts/seed.ts', query), [], 'scripts are exempt');
  assert.deepEqual(rules('src/modules/reports/report.service.ts', '// the sqlite-free path: selectFromList(x)'), [], 'words that merely look like SQL are not SQL');
});

it('finds files longer than the limit, except generated ones', () => {
  const long = `${'const x = 1;\n'.repeat(MAX_LINES + 1)}`;
  assert.deepEqual(rules('src/modules/reports/report.service.ts', long), ['file-length']);
  assert.deepEqual(rules('test/long.test.ts', long), ['file-length'], 'tests too');
  assert.deepEqual(rules('src/modules/reports/report.service.ts', 'const x = 1;\n'.repeat(MAX_LINES)), []);
  assert.deepEqual(rules('src/modules/reports/db.generated.ts', long), []);
});

it('excuses listed violations, and reports a listed one that no longer occurs', () => {
  const violations = checkFile({ file: 'src/modules/reports/module.ts', text: "import { x } from './report.queries.ts';" }, dependsOn);
  const listed = { file: 'src/modules/reports/module.ts', rule: 'queries-from-routes' as const, reason: 'being fixed in issue 12' };
  const fixed = { file: 'src/modules/identity/module.ts', rule: 'queries-from-routes' as const, reason: 'being fixed in issue 12' };
  const result = applyExceptions(violations, [listed, fixed]);
  assert.deepEqual(result.unlisted, []);
  assert.deepEqual(result.stale, [fixed]);
  assert.equal(result.excused, 1);
  assert.equal(applyExceptions(violations, []).unlisted.length, 1);
});

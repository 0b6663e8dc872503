// `npm run docs`: regenerates docs/config.md, docs/errors.md and openapi/openapi.json from
// the code (table types come from `npm run db:types`, scripts/db-types.ts). Tests fail when the committed copies are stale.
import { writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.ts';
import { renderConfigDoc } from '../src/platform/config.ts';
import { renderErrorsDoc } from '../src/platform/errors.ts';
import { openApiDocument } from '../src/platform/http/openapi.ts';
import { fail, withDatabase } from './cli.ts';

await withDatabase(async (config) => {
  const app = await buildApp({ ...config, demo: false, logLevel: 'warn' }, { background: false });
  try {
    await app.ready();
    writeFileSync('docs/config.md', renderConfigDoc());
    writeFileSync('docs/errors.md', renderErrorsDoc(app.tambo.errorTable));
    writeFileSync('openapi/openapi.json', `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
    process.stdout.write('wrote docs/config.md, docs/errors.md, openapi/openapi.json\n');
  } finally {
    await app.close();
  }
}).catch(fail);

// The error codes the suite makes each API operation answer. When `npm test` runs the whole
// suite it sets TAMBO_TEST_ERROR_CODES_DIR, every test app notes each (method, route, code) it
// refuses a request with, and scripts/error-code-coverage.ts then compares them with the codes
// the OpenAPI document promises for each operation.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { TamboApp } from '../../src/platform/http/app-types.ts';
import { refusalOf } from '../../src/platform/http/logging.ts';

const seen = new Set<string>();

/** Adds the hook that notes refusals, when the run asked for it (nothing otherwise). */
export function recordErrorCodes(app: TamboApp): void {
  const dir = process.env.TAMBO_TEST_ERROR_CODES_DIR;
  if (!dir) return;
  // Appended as they are first seen: a test runner's child process may never reach 'exit'.
  const file = path.join(dir, `${process.pid}.txt`);
  app.addHook('onResponse', async (request) => {
    const code = refusalOf(request);
    const route = request.routeOptions.url;
    if (code === undefined || route === undefined) return;
    const line = `${request.method} ${route} ${code}`;
    if (seen.has(line)) return;
    seen.add(line);
    appendFileSync(file, `${line}\n`);
  });
}

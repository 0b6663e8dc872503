// Loaded into every test file's process when `TEST_TIMES=1 npm test` (scripts/test.ts): on exit,
// the process adds its file's wall time to the list scripts/test.ts prints, slowest first, to
// show what makes the suite long. Files share the machine with those that run beside them, so a
// time is the file's share of a loaded run, not its time alone.
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const list = process.env.TAMBO_TEST_TIMES_FILE;
const file = process.argv[1];
// NODE_TEST_CONTEXT is set in the runner's children, one per test file, not in the runner itself.
if (list && file && process.env.NODE_TEST_CONTEXT) {
  process.on('exit', () => appendFileSync(list, `${(performance.now() / 1000).toFixed(1)}\t${file}\n`));
}

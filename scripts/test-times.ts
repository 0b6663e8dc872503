// Loaded into every test file's process when `TEST_TIMES=1 npm test` (scripts/test.ts): the
// process adds its file's wall time (from its start to the end of its last test) to the list
// scripts/test.ts prints, slowest first, to show what makes the suite long. Files share the
// machine with those that run beside them, so a time is the file's share of a loaded run, not
// its time alone.
import { appendFileSync } from 'node:fs';
import { after } from 'node:test';
import { performance } from 'node:perf_hooks';

const list = process.env.TAMBO_TEST_TIMES_FILE;
const file = process.argv[1];
// NODE_TEST_CONTEXT is set in the runner's children, one per test file, not in the runner itself.
if (list && file && process.env.NODE_TEST_CONTEXT) {
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    appendFileSync(list, `${(performance.now() / 1000).toFixed(1)}\t${file}\n`);
  };
  // After the file's tests (a process the runner ends once they are reported never reaches
  // 'exit'), and at exit for a file whose tests never started.
  after(write);
  process.on('exit', write);
}

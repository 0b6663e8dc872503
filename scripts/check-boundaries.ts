// Lint for module boundaries (part of `npm run check`); the rules are in scripts/boundaries.ts:
// - outside a module, only its index.ts may be imported;
// - src/platform never imports src/modules;
// - src/shared imports nothing with I/O and nothing of ours but src/shared;
// - a module imports only the modules its defineModule lists in dependsOn;
// - routes/** and module.ts never import *.queries.ts (routes call services);
// - no SQL outside *.queries.ts and the platform files that own SQL (tests, scripts and
//   bench are exempt: they set up and inspect the database directly).
// - no file longer than 550 lines (MAX_LINES), generated files excepted.
// Known violations being fixed are listed in scripts/boundary-exceptions.json; the check
// fails on any other violation and on a listed one that no longer occurs.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { applyExceptions, checkFile, type Exception, readDependsOn, type Violation } from './boundaries.ts';

const root = path.resolve(import.meta.dirname, '..');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    return statSync(full).isDirectory() ? walk(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const files = ['src', 'test', 'e2e', 'bench', 'scripts'].flatMap((dir) => {
  try {
    return walk(path.join(root, dir));
  } catch {
    return [];
  }
});
const sources = files.map((full) => ({ file: path.relative(root, full).split(path.sep).join('/'), text: readFileSync(full, 'utf8') }));

const dependsOn: Record<string, string[]> = {};
for (const source of sources) {
  const match = /^src\/modules\/([^/]+)\/(?:module|index)\.ts$/.exec(source.file);
  if (match && /defineModule\(/.test(source.text)) dependsOn[match[1]!] = readDependsOn(source.text);
}

const violations: Violation[] = sources.flatMap((source) => checkFile(source, dependsOn));
const exceptions = JSON.parse(readFileSync(path.join(root, 'scripts/boundary-exceptions.json'), 'utf8')) as Exception[];
const { unlisted, stale, excused } = applyExceptions(violations, exceptions);

const problems = [
  ...unlisted.map((v) => `${v.file}: [${v.rule}] ${v.detail}`),
  ...stale.map((e) => `scripts/boundary-exceptions.json lists ${e.file} [${e.rule}], which no longer occurs: remove the entry`),
];
if (problems.length > 0) {
  process.stderr.write(`module boundaries broken:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`module boundaries: ok (${exceptions.length} known exceptions in scripts/boundary-exceptions.json, ${excused} violations excused)\n`);

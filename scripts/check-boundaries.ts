// Lint for module boundaries (part of `npm run check`):
// - outside a module, only its index.ts may be imported;
// - src/platform never imports src/modules;
// - src/shared imports nothing with I/O and nothing of ours but src/shared.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const problems: string[] = [];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    return statSync(full).isDirectory() ? walk(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const importPattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function moduleOf(file: string): string | undefined {
  const match = path.relative(root, file).split(path.sep);
  return match[0] === 'src' && match[1] === 'modules' ? match[2] : undefined;
}

for (const file of ['src', 'test', 'e2e', 'bench', 'scripts'].flatMap((dir) => {
  try {
    return walk(path.join(root, dir));
  } catch {
    return [];
  }
})) {
  const text = readFileSync(file, 'utf8');
  const relativeFile = path.relative(root, file);
  for (const match of text.matchAll(importPattern)) {
    const specifier = match[1] ?? match[2];
    if (!specifier?.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), specifier);
    const relativeTarget = path.relative(root, target);
    const parts = relativeTarget.split(path.sep);
    const fromModule = moduleOf(file);
    if (parts[0] === 'src' && parts[1] === 'modules' && parts[2]) {
      const targetModule = parts[2];
      const isIndex = parts.length === 4 && parts[3] === 'index.ts';
      if (fromModule !== targetModule && !isIndex && !file.endsWith('src/modules.ts') && !relativeFile.includes('.test.')) {
        problems.push(`${relativeFile}: imports ${specifier}; outside module ${targetModule} import only src/modules/${targetModule}/index.ts`);
      }
      if (relativeFile.startsWith(`src${path.sep}platform`)) problems.push(`${relativeFile}: src/platform must not import modules (${specifier})`);
    }
    if (relativeFile.startsWith(`src${path.sep}shared`) && !relativeTarget.startsWith(`src${path.sep}shared`)) {
      problems.push(`${relativeFile}: src/shared may import only src/shared (${specifier})`);
    }
  }
}

if (problems.length > 0) {
  process.stderr.write(`module boundaries broken:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('module boundaries: ok\n');

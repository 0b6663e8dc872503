// How every entry point loads TypeScript (`node --import ./src/loader.ts …`; ADR 0008): Node
// erases the types itself (the code keeps to erasable syntax: tsconfig's `erasableSyntaxOnly`),
// and only the pages' TSX is compiled here, with esbuild, in the loading thread
// (`module.registerHooks`), each file once: the result is kept under node_modules/.cache by the
// hash of its source. V8's compile cache is on too. Each test file is a process of its own, so
// what a process spends before its first line runs is paid a few hundred times per test run.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { enableCompileCache, registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';
import { transformSync, version } from 'esbuild';

enableCompileCache();
const cacheDir = fileURLToPath(new URL('../node_modules/.cache/tambo-tsx/', import.meta.url));

function compileTsx(file: string): string {
  const source = readFileSync(file, 'utf8');
  const cached = `${cacheDir}${createHash('sha256').update(version).update(file).update(source).digest('hex')}.js`;
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    const { code } = transformSync(source, { loader: 'tsx', format: 'esm', jsx: 'automatic', jsxImportSource: 'preact', target: 'es2024', sourcefile: file, sourcemap: 'inline' });
    try {
      // Written whole, then renamed: a process reading it never sees half a file.
      mkdirSync(cacheDir, { recursive: true });
      const partial = `${cached}.${process.pid}`;
      writeFileSync(partial, code);
      renameSync(partial, cached);
    } catch {
      // A read-only installation compiles at every start; nothing else changes.
    }
    return code;
  }
}

registerHooks({
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.tsx')) return nextLoad(url, context);
    return { format: 'module', source: compileTsx(fileURLToPath(url)), shortCircuit: true };
  },
});

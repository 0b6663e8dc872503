// "Every error code an operation documents is triggered by a test on the live route": the
// OpenAPI document lists, per operation, the codes it can answer (`x-error-codes`); a whole-suite
// run of `npm test` notes the codes each route really answered (test/helpers/error-codes.ts);
// this compares the two. A documented pair no test triggers is either a missing test or a
// promise the route cannot keep (then the document is wrong). The few pairs no test can reach
// are listed with the reason in test/error-codes-untested.json.
// Alone: `node --import ./src/loader.ts scripts/error-code-coverage.ts <dir of noted codes>`.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

interface Untested {
  /** Codes no test triggers on any operation, with the reason. */
  codes: Record<string, string>;
  /** `METHOD /route CODE` pairs no test triggers, with the reason. */
  pairs: Record<string, string>;
  /**
   * Pairs no test triggers yet: the list this check started from (2026-12-07). It may only
   * shrink: a new operation or code needs its test, and a pair a test now reaches must leave it.
   */
  pending: string[];
}

export interface Coverage {
  documented: number;
  triggered: number;
  untested: number;
  pending: number;
  missing: string[];
  /** Listed as untested, but a test triggers them now (the list should lose them). */
  stale: string[];
  /** Pending a test, but a test reaches them now: the list should lose them (said, not failed). */
  reached: string[];
  /** Codes an operation answered in a test that its documentation does not list. */
  undocumented: string[];
}

/** Codes the platform answers on any route, before the route's own work: not listed per operation. */
const ANY_ROUTE = new Set(['NUL_CHARACTER', 'BAD_REQUEST']);

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** `METHOD /route CODE` for every documented code of every operation, routes as Fastify writes them. */
export async function documentedPairs(openapiFile = 'openapi/openapi.json'): Promise<string[]> {
  const document = JSON.parse(await readFile(openapiFile, 'utf8')) as { paths: Record<string, Record<string, { 'x-error-codes'?: string[] }>> };
  const pairs: string[] = [];
  for (const [route, operations] of Object.entries(document.paths)) {
    const fastifyRoute = route.replace(/\{([^}]+)\}/g, ':$1');
    for (const [method, operation] of Object.entries(operations)) {
      if (!METHODS.has(method)) continue;
      for (const code of operation['x-error-codes'] ?? []) pairs.push(`${method.toUpperCase()} ${fastifyRoute} ${code}`);
    }
  }
  return pairs;
}

export async function errorCodeCoverage(seenDir: string, untestedFile = 'test/error-codes-untested.json'): Promise<Coverage> {
  const untested = JSON.parse(await readFile(untestedFile, 'utf8')) as Untested;
  const seen = new Set<string>();
  for (const file of await readdir(seenDir)) {
    for (const line of (await readFile(path.join(seenDir, file), 'utf8')).split('\n')) if (line) seen.add(line);
  }
  const documented = await documentedPairs();
  const operations = new Set(documented.map((pair) => pair.split(' ').slice(0, 2).join(' ')));
  const excused = (pair: string) => pair in untested.pairs || (pair.split(' ')[2] ?? '') in untested.codes;
  const pending = (pair: string) => untested.pending.includes(pair);
  return {
    documented: documented.length,
    triggered: documented.filter((pair) => seen.has(pair)).length,
    untested: documented.filter((pair) => !seen.has(pair) && excused(pair)).length,
    pending: documented.filter((pair) => !seen.has(pair) && !excused(pair) && pending(pair)).length,
    missing: documented.filter((pair) => !seen.has(pair) && !excused(pair) && !pending(pair)),
    stale: [...Object.keys(untested.pairs).filter((pair) => seen.has(pair)), ...[...Object.keys(untested.pairs), ...untested.pending].filter((pair) => !documented.includes(pair))],
    reached: untested.pending.filter((pair) => seen.has(pair)),
    undocumented: [...seen].filter((pair) => operations.has(pair.split(' ').slice(0, 2).join(' ')) && !documented.includes(pair) && !ANY_ROUTE.has(pair.split(' ')[2] ?? '')).sort(),
  };
}

/** The report `npm test` prints; false when a documented code is neither triggered nor excused. */
export function reportCoverage(coverage: Coverage, write: (text: string) => void): boolean {
  write(
    `\ndocumented error codes: ${coverage.documented} (operation, code) pairs; ${coverage.triggered} triggered by a test on the live route, ${coverage.untested} untested with a reason and ${coverage.pending} pending a test (test/error-codes-untested.json), ${coverage.missing.length} missing\n`,
  );
  for (const pair of coverage.missing) write(`  not triggered by any test: ${pair}\n`);
  for (const pair of coverage.undocumented) write(`  answered by the route but not documented: ${pair}\n`);
  for (const pair of coverage.stale) write(`  listed as untested but triggered, or no longer documented (remove it from the list): ${pair}\n`);
  for (const pair of coverage.reached) write(`  pending, and now reached by a test (remove it from the pending list): ${pair}\n`);
  return coverage.missing.length === 0 && coverage.stale.length === 0 && coverage.undocumented.length === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: error-code-coverage.ts <dir of noted codes>');
  const ok = reportCoverage(await errorCodeCoverage(dir), (text) => process.stdout.write(text));
  process.exit(ok ? 0 : 1);
}

// Every message key exists in Spanish and English; every key the code names exists; no key
// sits unused. A key is "named" when its full text appears quoted in src/, or when code
// builds it from a literal prefix in a template (`errors.${code}`).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { localeSources } from '../src/app.ts';
import { modules } from '../src/modules.ts';
import { EXTRA_LANGUAGES, catalogCompleteness, compareCatalogs, compileMessage, loadCatalogs, messageArguments, translator } from '../src/platform/i18n/i18n.ts';

const catalogs = loadCatalogs(localeSources(modules));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}
const code = sources('src')
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');
// A module's name (the first segment) is snake_case: open_data.
const quoted = new Set([...code.matchAll(/['"`]([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9]+)+)['"`]/g)].map((m) => m[1]!));
const prefixes = [...code.matchAll(/`([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9]+)*\.)\$\{/g)].map((m) => m[1]!);

it('Spanish and English have the same keys', () => {
  const missing = compareCatalogs(catalogs);
  assert.deepEqual(missing.en, [], `keys missing in English: ${missing.en.join(', ')}`);
  assert.deepEqual(missing.es, [], `keys missing in Spanish: ${missing.es.join(', ')}`);
});

it('every key used in code exists in the catalogs', () => {
  const calls = [...code.matchAll(/\bt\(\s*'([^']+)'/g)].map((m) => m[1]!);
  const keyProps = [...code.matchAll(/(?:labelKey|messageKey|titleKey|hintKey|descriptionKey|legalBasisKey|textKey)\s*:\s*'([^']+)'/g)].map((m) => m[1]!);
  const missing = [...new Set([...calls, ...keyProps])].filter((key) => !catalogs.es.has(key));
  assert.deepEqual(missing, [], `keys used in code but missing from the catalogs: ${missing.join(', ')}`);
});

it('no key in the catalogs is unused', () => {
  const unused = [...catalogs.es.keys()].filter((key) => !quoted.has(key) && !prefixes.some((prefix) => key.startsWith(prefix)));
  assert.deepEqual(unused, [], `unused message keys: ${unused.join(', ')}`);
});

it('no message is empty, every message parses as ICU, and both languages use the same arguments', () => {
  const problems: string[] = [];
  for (const [key, es] of catalogs.es) {
    const en = catalogs.en.get(key) ?? '';
    if (!es.trim() || !en.trim()) problems.push(`empty message ${key}`);
    try {
      const esArgs = messageArguments(compileMessage(es, 'es')).join(',');
      const enArgs = messageArguments(compileMessage(en, 'en')).join(',');
      if (esArgs !== enArgs) problems.push(`arguments differ in ${key}: es {${esArgs}}, en {${enArgs}}`);
    } catch (error) {
      problems.push(`${key} is not a valid ICU message: ${(error as Error).message}`);
    }
  }
  assert.deepEqual(problems, []);
});

it('the catalogs write plurals and numbers with ICU rules, not by hand', () => {
  const es = translator({ ...catalogs, region: 'BO' }, 'es');
  const en = translator(catalogs, 'en');
  assert.equal(es('cases.official.daysLeft', { days: 1, due: '2 de marzo de 2026' }), 'Queda 1 día hábil (hasta el 2 de marzo de 2026).');
  assert.equal(es('cases.official.daysLeft', { days: 4, due: '5 de marzo de 2026' }), 'Quedan 4 días hábiles (hasta el 5 de marzo de 2026).');
  assert.equal(en('cases.official.daysLeft', { days: 1, due: '2026-03-02' }), '1 business day left (until 2026-03-02).');
  assert.equal(es('catalog.statistics.satisfactionValue', { average: '4,5', count: 1 }), '4,5 de 5 (1 opinión)');
  assert.equal(es('catalog.statistics.satisfactionValue', { average: '4,5', count: 1234 }), '4,5 de 5 (1.234 opiniones)');
  assert.equal(en('catalog.statistics.satisfactionValue', { average: '4.5', count: 1234 }), '4.5 out of 5 (1,234 ratings)');
});

it('the extra languages (drafts, partial) hold only Spanish keys, valid ICU with the same arguments, and count what they lack', () => {
  const problems: string[] = [];
  for (const language of EXTRA_LANGUAGES) {
    for (const [key, message] of catalogs[language] ?? new Map<string, string>()) {
      const spanish = catalogs.es.get(key);
      if (spanish === undefined) {
        problems.push(`${language}: ${key} is not a Spanish key`);
        continue;
      }
      try {
        const own = messageArguments(compileMessage(message, language)).join(',');
        const es = messageArguments(compileMessage(spanish, 'es')).join(',');
        if (own !== es) problems.push(`arguments differ in ${language} ${key}: {${own}}, es {${es}}`);
      } catch (error) {
        problems.push(`${language} ${key} is not a valid ICU message: ${(error as Error).message}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  const qu = catalogCompleteness(catalogs, ['es', 'qu', 'en'])[0]!;
  assert.equal(qu.language, 'qu');
  assert.equal(qu.total, catalogs.es.size);
  assert.equal(qu.translated + qu.missing.length, qu.total);
  assert.ok(qu.translated > 0 && qu.missing.includes('layout.description'));
});

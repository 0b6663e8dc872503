import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig, variables, type Config } from './config.ts';

const temp = mkdtempSync(path.join(os.tmpdir(), 'tambo-config-test-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const SECRET = 's'.repeat(32);

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has zero-setup defaults: embedded PostgreSQL, demo data, Bolivia, port 3000', () => {
    const dataDir = path.join(temp, 'defaults');
    const config = loadConfig({ DATA_DIR: dataDir });
    const expected: Partial<Config> = {
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      dataDir,
      country: 'bo',
      demo: true,
      logLevel: 'info',
      rateLimitPerMinute: 600,
      bodyLimitBytes: 1_048_576,
      trustProxy: false,
      isSecureCookies: false,
      webhookAllowInsecure: true,
    };
    for (const [key, value] of Object.entries(expected)) {
      assert.deepEqual(config[key as keyof Config], value, key);
    }
    assert.ok(config.sessionSecret.length >= 32);
  });

  it('in demo mode generates the session secret once and keeps it private in DATA_DIR', () => {
    const dataDir = path.join(temp, 'secret');
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    assert.equal(second.sessionSecret, first.sessionSecret);
    const file = path.join(dataDir, 'secrets.json');
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { sessionSecret: string }).sessionSecret, first.sessionSecret);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const other = loadConfig({ DATA_DIR: path.join(temp, 'secret-other') });
    assert.notEqual(other.sessionSecret, first.sessionSecret);
  });

  it('the default public URL follows PORT', () => {
    assert.equal(loadConfig({ PORT: '8080', SESSION_SECRET: SECRET }).publicUrl, 'http://localhost:8080');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8443',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://tramites.example.gob',
      DATABASE_URL: 'postgresql://u:p@db:5432/tambo',
      DATA_DIR: path.join(temp, 'all'),
      COUNTRY: 'VE',
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      SESSION_SECRET: ` ${SECRET} `,
      RATE_LIMIT_PER_MINUTE: '100',
      BODY_LIMIT_BYTES: '2048',
      TRUST_PROXY: '1',
    });
    assert.equal(config.port, 8443);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.publicUrl, 'https://tramites.example.gob');
    assert.equal(config.databaseUrl, 'postgresql://u:p@db:5432/tambo');
    assert.equal(config.country, 've');
    assert.equal(config.demo, true);
    assert.equal(config.logLevel, 'warn');
    assert.equal(config.sessionSecret, SECRET, 'trimmed');
    assert.equal(config.rateLimitPerMinute, 100);
    assert.equal(config.bodyLimitBytes, 2048);
    assert.equal(config.trustProxy, true);
    assert.equal(config.isSecureCookies, true);
  });

  it('empty values count as unset', () => {
    const config = loadConfig({ PORT: '', COUNTRY: '  ', DATA_DIR: path.join(temp, 'empty'), DATABASE_URL: '' });
    assert.equal(config.port, 3000);
    assert.equal(config.country, 'bo');
    assert.equal(config.databaseUrl, undefined);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      PORT: 'abc',
      PUBLIC_URL: 'ftp://tambo.example',
      DATABASE_URL: 'mysql://db/tambo',
      COUNTRY: 'xx',
      DEMO: 'maybe',
      LOG_LEVEL: 'loud',
      SESSION_SECRET: 'short',
      RATE_LIMIT_PER_MINUTE: '0',
      BODY_LIMIT_BYTES: '10',
      TRUST_PROXY: 'yes',
    });
    const expected = [
      /^PORT must be a whole number from 0 to 65535 \(got "abc"\)$/,
      /^PUBLIC_URL must start with http:\/\/ or https:\/\/ \(got "ftp:\/\/tambo.example"\)$/,
      /^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ connection string$/,
      /^COUNTRY must be bo or ve \(got "xx"\)$/,
      /^DEMO must be true or false \(got "maybe"\)$/,
      /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)$/,
      /^SESSION_SECRET must be at least 32 characters long$/,
      /^RATE_LIMIT_PER_MINUTE must be a whole number from 1 to 1000000 \(got "0"\)$/,
      /^BODY_LIMIT_BYTES must be a whole number from 1024 to 104857600 \(got "10"\)$/,
      /^TRUST_PROXY must be true or false \(got "yes"\)$/,
    ];
    assert.equal(problems.length, expected.length, problems.join('\n'));
    for (const [i, pattern] of expected.entries()) assert.match(problems[i]!, pattern);
  });

  it('the error message shows every problem as a list', () => {
    try {
      loadConfig({ PORT: '99999', COUNTRY: 'pe', SESSION_SECRET: SECRET });
      assert.fail('expected a ConfigError');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, ['Invalid configuration:', '  - PORT must be a whole number from 0 to 65535 (got "99999")', '  - COUNTRY must be bo or ve (got "pe")'].join('\n'));
    }
  });

  it('rejects numbers with signs, decimals or exponents', () => {
    for (const value of ['-1', '3.5', '1e3', '0x10', ' 80 80']) {
      const problems = problemsOf({ PORT: value, SESSION_SECRET: SECRET });
      assert.equal(problems.length, 1, `${value}: ${problems.join(', ')}`);
      assert.match(problems[0]!, /^PORT must be a whole number/);
    }
  });

  it('requires SESSION_SECRET when DEMO=false', () => {
    assert.deepEqual(problemsOf({ DEMO: 'false', DATA_DIR: path.join(temp, 'prod') }), ['SESSION_SECRET is required when DEMO is false (at least 32 random characters)']);
    const config = loadConfig({ DEMO: 'false', SESSION_SECRET: SECRET });
    assert.equal(config.demo, false);
    assert.equal(config.sessionSecret, SECRET);
  });

  it('DEMO defaults to false with DATABASE_URL (so SESSION_SECRET is then required)', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db/tambo', SESSION_SECRET: SECRET });
    assert.equal(config.demo, false);
    assert.deepEqual(problemsOf({ DATABASE_URL: 'postgres://db/tambo' }), ['SESSION_SECRET is required when DEMO is false (at least 32 random characters)']);
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://db/tambo', DEMO: 'true', DATA_DIR: path.join(temp, 'demo-db') }).demo, true);
  });

  it('normalizes PUBLIC_URL: no trailing slash, no default port', () => {
    const base = { SESSION_SECRET: SECRET };
    assert.equal(loadConfig({ ...base, PUBLIC_URL: 'https://tambo.example/' }).publicUrl, 'https://tambo.example');
    assert.equal(loadConfig({ ...base, PUBLIC_URL: 'https://tambo.example///' }).publicUrl, 'https://tambo.example');
    assert.equal(loadConfig({ ...base, PUBLIC_URL: 'https://TAMBO.example:443/' }).publicUrl, 'https://tambo.example');
    assert.equal(loadConfig({ ...base, PUBLIC_URL: 'http://10.0.0.5:8080/' }).publicUrl, 'http://10.0.0.5:8080');
  });

  it('refuses a PUBLIC_URL with a path, or one that is not a URL', () => {
    assert.deepEqual(problemsOf({ SESSION_SECRET: SECRET, PUBLIC_URL: 'https://example.gob/tambo' }), ['PUBLIC_URL must not have a path (got "https://example.gob/tambo")']);
    assert.deepEqual(problemsOf({ SESSION_SECRET: SECRET, PUBLIC_URL: 'tambo.example' }), ['PUBLIC_URL must be an absolute URL (got "tambo.example")']);
  });

  it('overrides win and a sessionSecret override skips the requirement', () => {
    const config = loadConfig({ DEMO: 'false' }, { sessionSecret: SECRET, port: 1234 });
    assert.equal(config.sessionSecret, SECRET);
    assert.equal(config.port, 1234);
  });

  it('declares each variable once, with a description and a default', () => {
    const names = variables.map((v) => v.name);
    assert.equal(new Set(names).size, names.length);
    for (const variable of variables) {
      assert.match(variable.name, /^[A-Z][A-Z0-9_]*$/);
      assert.ok(variable.description.length > 10 && variable.default.length > 0, variable.name);
    }
  });
});

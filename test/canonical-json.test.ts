// canonicalJson against RFC 8785's own published examples (test/fixtures/standards/rfc8785/):
// §3.2.2 (values and string escaping), its UTF-8 bytes (§3.2.4), §3.2.3 (sorting by UTF-16 code
// units) and Appendix B (number serialisation, IEEE-754 bit patterns to text).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { canonicalJson } from '../src/shared/canonical-json.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/standards/rfc8785/${name}`, import.meta.url), 'utf8');

describe('canonical JSON (RFC 8785)', () => {
  it('serialises the §3.2.2 example exactly, and as the §3.2.4 UTF-8 bytes', () => {
    const output = canonicalJson(JSON.parse(fixture('values.input.json')));
    assert.equal(output, fixture('values.output.json'));
    assert.equal(Buffer.from(output, 'utf8').toString('hex'), fixture('values.output.hex').replace(/\s+/g, ''));
  });

  it('sorts member names by UTF-16 code units (§3.2.3), not by code points or locale', () => {
    assert.equal(canonicalJson(JSON.parse(fixture('sorting.input.json'))), fixture('sorting.output.json'));
  });

  it('writes every Appendix B number as ECMAScript does, and refuses NaN and Infinity', () => {
    const lines = fixture('numbers.csv').trim().split('\n');
    assert.ok(lines.length >= 20);
    for (const line of lines) {
      const [hex, expected] = line.split(',') as [string, string];
      const value = Buffer.from(hex.padStart(16, '0'), 'hex').readDoubleBE(0);
      if (expected === 'error') assert.throws(() => canonicalJson(value), TypeError, hex);
      else assert.equal(canonicalJson([value]), `[${expected}]`, hex);
    }
  });

  it('refuses what I-JSON excludes instead of writing something another implementation would not', () => {
    assert.throws(() => canonicalJson({ text: 'a\uD800b' }), /lone surrogate/);
    assert.throws(() => canonicalJson({ '\uDC00': 1 }), /lone surrogate/);
    assert.throws(() => canonicalJson({ n: 10n }), /bigint/);
    assert.equal(canonicalJson({ emoji: '\uD83D\uDE00' }), '{"emoji":"😀"}');
  });

  it('drops undefined members, keeps null, and writes dates as ISO 8601 strings', () => {
    assert.equal(canonicalJson({ b: undefined, a: null, d: new Date('2026-03-01T12:00:00Z') }), '{"a":null,"d":"2026-03-01T12:00:00.000Z"}');
  });
});

// The audit hash pinned to fixed vectors (docs/audit-log.md). The expected canonical texts and
// hashes in test/fixtures/audit-vectors.json were written by hand and hashed with openssl, not
// with this code: if these assertions fail, the format changed, and every published head with it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type AuditContent, canonicalContent, chainHash, contentHash, GENESIS_HASH } from './audit.ts';

interface Vector {
  entry: Omit<AuditContent, 'occurred_at'> & { occurred_at: string };
  canonical: string;
  content_hash: string;
  position: number;
  prev_hash: string;
  chain_hash: string;
}
const fixture = JSON.parse(readFileSync(new URL('../../../test/fixtures/audit-vectors.json', import.meta.url), 'utf8')) as { genesis_hash: string; entries: Vector[] };

const content = (vector: Vector): AuditContent => ({ ...vector.entry, occurred_at: new Date(vector.entry.occurred_at) });

describe('audit hash test vectors', () => {
  it('starts the chain at the published genesis hash', () => {
    assert.equal(GENESIS_HASH, fixture.genesis_hash);
    assert.equal(fixture.entries[0]?.prev_hash, fixture.genesis_hash);
  });

  for (const vector of fixture.entries) {
    it(`entry ${vector.position} (${vector.entry.action}): canonical bytes, content hash and chain hash`, () => {
      assert.equal(canonicalContent(content(vector)), vector.canonical);
      assert.equal(contentHash(content(vector)), vector.content_hash);
      assert.equal(chainHash(vector.position, vector.prev_hash, vector.content_hash), vector.chain_hash);
    });
  }

  it('links each entry to the chain hash of the one before', () => {
    let prev = fixture.genesis_hash;
    for (const vector of fixture.entries) {
      assert.equal(vector.prev_hash, prev, `prev_hash of entry ${vector.position}`);
      prev = chainHash(vector.position, prev, contentHash(content(vector)));
    }
    assert.equal(prev, fixture.entries.at(-1)?.chain_hash);
  });

  it('gives a different hash when any member changes', () => {
    const base = content(fixture.entries[1]!);
    const variants: AuditContent[] = [
      { ...base, data: { ...base.data, count: 4 } },
      { ...base, occurred_at: new Date(base.occurred_at.getTime() + 1) },
      { ...base, actor_id: null },
      { ...base, request_id: null },
    ];
    for (const variant of variants) assert.notEqual(contentHash(variant), fixture.entries[1]!.content_hash);
  });
});

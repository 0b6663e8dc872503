// The read cache behind the public catalog: one load for concurrent misses, nothing kept that
// a change may have overtaken, least recently used out first, and an age limit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forgetCatalog, forgetStatistics, ReadCache } from './catalog-cache.ts';

describe('catalog read cache', () => {
  it('shares one load between concurrent misses and answers later reads from memory', async () => {
    const cache = new ReadCache<string>({ generation: 'content', maxAgeMs: 60_000, max: 10 });
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 'cédula';
    };
    assert.deepEqual(await Promise.all([cache.get('a', load), cache.get('a', load), cache.get('a', load)]), ['cédula', 'cédula', 'cédula']);
    assert.equal(await cache.get('a', load), 'cédula');
    assert.equal(loads, 1);
  });

  it('does not keep what was loaded while the catalog changed, and forgets on a change', async () => {
    const cache = new ReadCache<string>({ generation: 'content', maxAgeMs: 60_000, max: 10 });
    let version = 1;
    const load = async () => {
      const seen = `v${version}`;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return seen;
    };
    const during = cache.get('a', load);
    version = 2;
    forgetCatalog();
    assert.equal(await during, 'v1', 'the caller that asked before the change gets what was read');
    assert.equal(await cache.get('a', load), 'v2', 'but it was not kept');
    version = 3;
    assert.equal(await cache.get('a', load), 'v2', 'kept until the next change');
    forgetStatistics();
    assert.equal(await cache.get('a', load), 'v2', 'statistics are another generation');
    forgetCatalog();
    assert.equal(await cache.get('a', load), 'v3');
  });

  it('keeps at most max entries, dropping the least recently used, and no entry past its age', async () => {
    const cache = new ReadCache<string>({ generation: 'stats', maxAgeMs: 1_000, max: 2 });
    let loads = 0;
    const load = (value: string) => async () => {
      loads += 1;
      return value;
    };
    await cache.get('a', load('a'), 0);
    await cache.get('b', load('b'), 0);
    await cache.get('a', load('a'), 10);
    await cache.get('c', load('c'), 10);
    assert.equal(loads, 3);
    await cache.get('a', load('a'), 20);
    assert.equal(loads, 3, '"a" was used last: kept');
    await cache.get('b', load('b'), 20);
    assert.equal(loads, 4, '"b" was the least recently used: dropped');
    await cache.get('a', load('a'), 999);
    assert.equal(loads, 4);
    await cache.get('a', load('a'), 1_000);
    assert.equal(loads, 5, 'read again once its age is up');
  });
});

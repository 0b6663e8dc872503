// The catalog's caches (built on the platform's cache, whose own tests are in
// platform/cache/tagged-cache.test.ts): a change of the catalog forgets every one of them in
// this process, a recorded application only the statistics, and each database handle has its
// own entries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogCache, forgetCatalog, forgetStatistics } from './catalog-cache.ts';

const counting = () => {
  const counter = { loads: 0 };
  const load = (value: string) => async () => {
    counter.loads += 1;
    return value;
  };
  return { counter, load };
};

describe('catalog caches', () => {
  it('forgets content on a catalog change, statistics on a recorded application too', async () => {
    const content = catalogCache<string>({ forgottenOn: 'content', ttlMs: 60_000, max: 10 });
    const stats = catalogCache<string>({ forgottenOn: 'stats', ttlMs: 60_000, max: 10 });
    const handle = {};
    const c = counting();
    const s = counting();
    assert.equal(await content.get(handle, 'slug', c.load('v1')), 'v1');
    assert.equal(await stats.get(handle, 'id', s.load('10')), '10');
    assert.equal(await content.get(handle, 'slug', c.load('v2')), 'v1');
    assert.equal(await stats.get(handle, 'id', s.load('11')), '10');

    forgetStatistics();
    assert.equal(await content.get(handle, 'slug', c.load('v2')), 'v1', 'content is not forgotten with the statistics');
    assert.equal(await stats.get(handle, 'id', s.load('11')), '11');

    forgetCatalog();
    assert.equal(await content.get(handle, 'slug', c.load('v2')), 'v2');
    assert.equal(await stats.get(handle, 'id', s.load('12')), '12', 'a catalog change forgets statistics too');
    assert.deepEqual([c.counter.loads, s.counter.loads], [2, 3]);
  });

  it('does not keep what was loaded while the catalog changed', async () => {
    const content = catalogCache<string>({ forgottenOn: 'content', ttlMs: 60_000, max: 10 });
    const handle = {};
    let version = 1;
    const load = async () => {
      const seen = `v${version}`;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return seen;
    };
    const during = content.get(handle, 'a', load);
    version = 2;
    forgetCatalog();
    assert.equal(await during, 'v1');
    assert.equal(await content.get(handle, 'a', load), 'v2', 'not kept');
    version = 3;
    assert.equal(await content.get(handle, 'a', load), 'v2', 'kept until the next change');
  });

  it('keeps the entries of each database handle apart, and does not keep undefined', async () => {
    const content = catalogCache<string | undefined>({ forgottenOn: 'content', ttlMs: 60_000, max: 10 });
    const c = counting();
    assert.equal(await content.get({}, 'slug', c.load('first database')), 'first database');
    const other = {};
    assert.equal(await content.get(other, 'slug', c.load('second database')), 'second database');
    assert.equal(await content.get(other, 'slug', c.load('not read')), 'second database');
    let missing = 0;
    const notFound = async () => {
      missing += 1;
      return undefined;
    };
    assert.equal(await content.get(other, 'gone', notFound), undefined);
    assert.equal(await content.get(other, 'gone', notFound), undefined);
    assert.equal(missing, 2, 'a procedure not found is asked again (it may be published next)');
  });
});

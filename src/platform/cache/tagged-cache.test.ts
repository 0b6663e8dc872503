// The platform's one cache (identity's sessions and tokens, the public catalog): values live
// their time, a drop by tag removes every entry it concerns, a value loaded while a drop arrived
// is not kept, concurrent misses share one load, the least recently used entry leaves first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTaggedCache } from './tagged-cache.ts';

const loader = (value: string, tags: string[], counter: { loads: number }) => async () => {
  counter.loads += 1;
  return { value, tags };
};

describe('the tagged cache', () => {
  it('keeps a value for its time, then loads again', async () => {
    let clock = 1_000;
    const cache = createTaggedCache<string>({ ttlMs: 5_000, now: () => clock });
    const counter = { loads: 0 };
    assert.equal(await cache.get('k', loader('v1', ['a'], counter)), 'v1');
    assert.equal(await cache.get('k', loader('v2', ['a'], counter)), 'v1');
    assert.equal(counter.loads, 1);
    clock += 5_001;
    assert.equal(await cache.get('k', loader('v3', ['a'], counter)), 'v3');
    assert.equal(counter.loads, 2);
  });

  it('drops every entry of a tag and only those', async () => {
    const cache = createTaggedCache<string>({ ttlMs: 60_000 });
    const counter = { loads: 0 };
    await cache.get('s1', loader('one', ['account-1'], counter));
    await cache.get('s2', loader('two', ['account-1'], counter));
    await cache.get('s3', loader('three', ['account-2'], counter));
    cache.dropTag('account-1');
    assert.equal(cache.size, 1);
    assert.equal(await cache.get('s1', loader('one again', ['account-1'], counter)), 'one again');
    assert.equal(await cache.get('s3', loader('not loaded', ['account-2'], counter)), 'three');
  });

  it('does not keep a value whose load overlapped a drop of its tag or a clear', async () => {
    const cache = createTaggedCache<string>({ ttlMs: 60_000 });
    const counter = { loads: 0 };
    let release!: () => void;
    const slow = cache.get('k', async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { value: 'stale', tags: ['account-1'] };
    });
    await new Promise((resolve) => setImmediate(resolve));
    cache.dropTag('account-1');
    release();
    assert.equal(await slow, 'stale');
    assert.equal(await cache.get('k', loader('fresh', ['account-1'], counter)), 'fresh');
    assert.equal(counter.loads, 1);

    const other = cache.get('j', async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { value: 'stale', tags: ['account-9'] };
    });
    await new Promise((resolve) => setImmediate(resolve));
    cache.clear();
    release();
    await other;
    assert.equal(await cache.get('j', loader('fresh', ['account-9'], counter)), 'fresh');
  });

  it('holds at most `max` entries, the oldest leaving first; a time of 0 keeps nothing', async () => {
    const cache = createTaggedCache<string>({ ttlMs: 60_000, max: 2 });
    const counter = { loads: 0 };
    await cache.get('a', loader('a', [], counter));
    await cache.get('b', loader('b', [], counter));
    await cache.get('c', loader('c', [], counter));
    assert.equal(cache.size, 2);
    assert.equal(await cache.get('a', loader('a2', [], counter)), 'a2');

    const off = createTaggedCache<string>({ ttlMs: 0 });
    await off.get('a', loader('a', [], counter));
    assert.equal(off.size, 0);
  });

  it('shares one load between concurrent misses and answers later reads from memory', async () => {
    const cache = createTaggedCache<string>({ ttlMs: 60_000 });
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { value: 'cédula', tags: [] };
    };
    assert.deepEqual(await Promise.all([cache.get('a', load), cache.get('a', load), cache.get('a', load)]), ['cédula', 'cédula', 'cédula']);
    assert.equal(await cache.get('a', load), 'cédula');
    assert.equal(loads, 1);
  });

  it('does not share a load with a miss that comes after a drop, and keeps only the later one', async () => {
    const cache = createTaggedCache<string>({ ttlMs: 60_000 });
    let version = 1;
    const load = async () => {
      const seen = `v${version}`;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { value: seen, tags: ['catalog'] };
    };
    const before = cache.get('a', load);
    version = 2;
    cache.dropTag('catalog');
    const after = cache.get('a', load);
    assert.equal(await before, 'v1', 'the caller that asked before the change gets what was read');
    assert.equal(await after, 'v2', 'a caller after the change does not wait for the old read');
    version = 3;
    assert.equal(await cache.get('a', load), 'v2', 'the read begun after the change is kept');
  });

  it('gives a failed load to every caller that shared it, keeps nothing, and loads again', async () => {
    const cache = createTaggedCache<string>({ ttlMs: 60_000 });
    let loads = 0;
    const failing = async (): Promise<{ value: string; tags: string[] }> => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new Error('database down');
    };
    const results = await Promise.allSettled([cache.get('a', failing), cache.get('a', failing)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.equal(loads, 1);
    assert.equal(cache.size, 0);
    assert.equal(await cache.get('a', loader('back', [], { loads: 0 })), 'back');
  });

  it('does not keep a load of a key deleted meanwhile, nor undefined', async () => {
    const cache = createTaggedCache<string>({ ttlMs: 60_000 });
    const counter = { loads: 0 };
    let release!: () => void;
    const slow = cache.get('k', async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { value: 'stale', tags: [] };
    });
    await new Promise((resolve) => setImmediate(resolve));
    cache.delete('k');
    release();
    assert.equal(await slow, 'stale');
    assert.equal(cache.size, 0);
    assert.equal(await cache.get('n', async () => undefined), undefined);
    assert.equal(cache.size, 0);
    assert.equal(await cache.get('k', loader('fresh', [], counter)), 'fresh');
  });

  it('drops the least recently used entry first, and counts an age from when its load began', async () => {
    let clock = 0;
    const cache = createTaggedCache<string>({ ttlMs: 1_000, max: 2, now: () => clock });
    const counter = { loads: 0 };
    await cache.get('a', loader('a', [], counter));
    await cache.get('b', loader('b', [], counter));
    clock = 10;
    await cache.get('a', loader('a', [], counter));
    await cache.get('c', loader('c', [], counter));
    assert.equal(counter.loads, 3);
    clock = 20;
    await cache.get('a', loader('a', [], counter));
    assert.equal(counter.loads, 3, '"a" was used last: kept');
    await cache.get('b', loader('b', [], counter));
    assert.equal(counter.loads, 4, '"b" was the least recently used: dropped');
    clock = 999;
    await cache.get('a', loader('a', [], counter));
    assert.equal(counter.loads, 4);
    clock = 1_000;
    await cache.get('a', loader('a', [], counter));
    assert.equal(counter.loads, 5, 'read again once its age is up');

    const slowClock = { at: 0 };
    const timed = createTaggedCache<string>({ ttlMs: 1_000, now: () => slowClock.at });
    await timed.get('x', async () => {
      slowClock.at = 600; // the read took 600 ms: the value is as old as its start
      return { value: 'x', tags: [] };
    });
    slowClock.at = 1_000;
    assert.equal(await timed.get('x', loader('x2', [], counter)), 'x2');
  });
});

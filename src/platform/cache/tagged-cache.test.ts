// The tagged cache: values live their time, a drop by tag removes every entry it concerns,
// and a value loaded while a drop arrived is not kept.
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
});

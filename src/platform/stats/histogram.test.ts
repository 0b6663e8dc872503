import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bucketOf, median, percentile } from './histogram.ts';

const edges = [10, 20, 40];

it('puts a value in the bucket whose upper edge is above it, the last bucket taking the rest', () => {
  assert.deepEqual(
    [0, 9.99, 10, 19, 20, 39, 40, 1000].map((v) => bucketOf(edges, v)),
    [0, 0, 1, 1, 2, 2, 3, 3],
  );
});

it('interpolates the median within its bucket and answers null without observations', () => {
  // 10 observations: 2 below 10, 4 in [10,20), 4 in [20,40): the 5th lies 3/4 into [10,20).
  assert.equal(median(edges, [2, 4, 4, 0]), 17.5);
  assert.equal(percentile(edges, [2, 4, 4, 0], 0.9), 35);
  assert.equal(percentile(edges, [0, 0, 0, 3], 0.5), 40, 'the open last bucket answers its lower edge');
  assert.equal(median(edges, [0, 0, 0, 0]), null);
  assert.throws(() => percentile(edges, [1], 2), RangeError);
});

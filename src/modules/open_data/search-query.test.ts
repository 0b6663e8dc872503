// The fq syntax harvesters and clients send, parsed; and what is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFieldQuery, parseFilter, parseSort, SearchSyntaxError, solrDate } from './search-query.ts';

describe('parseFilter', () => {
  it('reads the CKAN harvester’s include list joined with OR, and a since filter beside it (AND)', () => {
    const tree = parseFilter('organization:segip OR organization:sereci metadata_modified:[2026-12-01T10:00:00.123456Z TO *]');
    assert.deepEqual(tree, {
      kind: 'or',
      nodes: [
        { kind: 'match', field: 'organization', values: [{ kind: 'term', value: 'segip' }] },
        {
          kind: 'and',
          nodes: [
            { kind: 'match', field: 'organization', values: [{ kind: 'term', value: 'sereci' }] },
            { kind: 'match', field: 'metadata_modified', values: [{ kind: 'range', from: '2026-12-01T10:00:00.123Z', to: null, includeFrom: true, includeTo: true }] },
          ],
        },
      ],
    });
  });

  it('reads exclusions, quoted values, value lists, parentheses and exclusive bounds', () => {
    assert.deepEqual(parseFilter('-organization:a -groups:b'), {
      kind: 'and',
      nodes: [
        { kind: 'not', node: { kind: 'match', field: 'organization', values: [{ kind: 'term', value: 'a' }] } },
        { kind: 'not', node: { kind: 'match', field: 'groups', values: [{ kind: 'term', value: 'b' }] } },
      ],
    });
    assert.deepEqual(parseFilter('tags:"agua potable"'), { kind: 'match', field: 'tags', values: [{ kind: 'term', value: 'agua potable' }] });
    assert.deepEqual(parseFilter('res_format:(CSV OR JSON)'), {
      kind: 'match',
      field: 'res_format',
      values: [
        { kind: 'term', value: 'CSV' },
        { kind: 'term', value: 'JSON' },
      ],
    });
    assert.deepEqual(parseFilter('(license_id:cc-by OR license_id:cc-zero) AND +dataset_type:dataset'), {
      kind: 'and',
      nodes: [
        {
          kind: 'or',
          nodes: [
            { kind: 'match', field: 'license_id', values: [{ kind: 'term', value: 'cc-by' }] },
            { kind: 'match', field: 'license_id', values: [{ kind: 'term', value: 'cc-zero' }] },
          ],
        },
        { kind: 'match', field: 'dataset_type', values: [{ kind: 'term', value: 'dataset' }] },
      ],
    });
    const range = parseFilter('metadata_modified:{2026-01-01T00:00:00Z TO 2026-02-01T00:00:00Z}');
    assert.deepEqual(range, {
      kind: 'match',
      field: 'metadata_modified',
      values: [{ kind: 'range', from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', includeFrom: false, includeTo: false }],
    });
    assert.deepEqual(parseFilter('*:*'), { kind: 'all' });
    assert.deepEqual(parseFilter(''), { kind: 'all' });
  });

  it('refuses what it does not understand, with a reason (never a crash)', () => {
    for (const bad of [
      'foo:bar',
      'organization:',
      'organization:(a AND b)',
      'metadata_modified:[2026 TO *]',
      'metadata_modified:[* *]',
      'tags:"open',
      'organization:a)',
      'just words',
      'tags:agu*',
      '((organization:a)',
    ]) {
      assert.throws(() => parseFilter(bad), SearchSyntaxError, bad);
    }
  });

  it('computes Solr date math from a clock', () => {
    const now = new Date('2026-12-06T15:30:00Z');
    assert.equal(solrDate('NOW-7DAYS', now), '2026-11-29T15:30:00.000Z');
    assert.equal(solrDate('NOW/DAY', now), '2026-12-06T00:00:00.000Z');
  });
});

describe('q and sort', () => {
  it('tells field queries from words', () => {
    assert.equal(isFieldQuery('tags:agua'), true);
    assert.equal(isFieldQuery('*:*'), true);
    assert.equal(isFieldQuery('cédula de identidad'), false);
  });
  it('reads CKAN sorts and refuses unknown fields', () => {
    assert.deepEqual(parseSort('id asc'), [{ field: 'id', direction: 'asc' }]);
    assert.deepEqual(parseSort('score desc, metadata_modified desc'), [
      { field: 'score', direction: 'desc' },
      { field: 'metadata_modified', direction: 'desc' },
    ]);
    assert.deepEqual(parseSort('title_string asc'), [{ field: 'title', direction: 'asc' }]);
    assert.throws(() => parseSort('popularity desc'), SearchSyntaxError);
    assert.throws(() => parseSort('name sideways'), SearchSyntaxError);
  });
});

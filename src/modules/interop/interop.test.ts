// Pure rules of the exchange: the X-Road-Client header and what a grant covers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { grantCovers, parseClientHeader } from './interop.types.ts';

describe('exchange rules', () => {
  it('parses INSTANCE/CLASS/MEMBER/SUBSYSTEM and refuses anything else', () => {
    assert.deepEqual(parseClientHeader('BO/GOV/SIN/sistema'), { instance: 'BO', memberClass: 'GOV', member: 'SIN', subsystem: 'sistema' });
    for (const bad of [undefined, '', 'BO/GOV/SIN', 'BO/GOV/SIN/a/b', 'BO/GOV/S N/x', 'BO//SIN/x']) assert.equal(parseClientHeader(bad), undefined, String(bad));
  });

  it('covers a call by method and by exact path, prefix or the whole service', () => {
    assert.ok(grantCovers({ method: '*', path: '/' }, 'POST', '/anything'));
    assert.ok(grantCovers({ method: 'GET', path: '/persona/*' }, 'GET', '/persona/123'));
    assert.ok(!grantCovers({ method: 'GET', path: '/persona/*' }, 'POST', '/persona/123'));
    assert.ok(!grantCovers({ method: 'GET', path: '/persona/*' }, 'GET', '/empresa/1'));
    assert.ok(grantCovers({ method: 'GET', path: '/persona' }, 'GET', '/persona'));
    assert.ok(!grantCovers({ method: 'GET', path: '/persona' }, 'GET', '/persona/1'));
  });
});

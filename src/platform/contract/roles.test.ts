import assert from 'node:assert/strict';
import { it } from 'node:test';
import { hasRole, PLATFORM_ADMIN, requireRole } from './roles.ts';

const grants = [{ role: 'case_handler', agency: 'SEGIP' }, { role: 'spokesperson', territory: 'BO-L-01' }, { role: 'platform_admin' }];

it('an agency role holds for its agency only', () => {
  assert.equal(hasRole(grants, { role: 'case_handler', agency: 'SEGIP' }), true);
  assert.equal(hasRole(grants, { role: 'case_handler', agency: 'SIN' }), false);
  assert.equal(hasRole(grants, { role: 'case_handler' }), true, 'held somewhere');
  assert.equal(hasRole(grants, { role: 'case_handler', territory: 'BO-L-01' }), false);
});

it('a territory role holds for its territory and the territories below it', () => {
  assert.equal(hasRole(grants, { role: 'spokesperson', territory: 'BO-L-01' }), true);
  assert.equal(hasRole(grants, { role: 'spokesperson', territory: ['BO-L', 'BO-L-01', 'BO-L-01-03'] }), true);
  assert.equal(hasRole(grants, { role: 'spokesperson', territory: ['BO-L', 'BO-L-02'] }), false);
  assert.equal(hasRole(grants, { role: 'spokesperson', agency: 'SEGIP' }), false);
});

it('a platform role holds everywhere; a role not granted holds nowhere', () => {
  assert.equal(hasRole(grants, { role: 'platform_admin', agency: 'SIN' }), true);
  assert.equal(hasRole(grants, { role: 'platform_admin' }), true);
  assert.equal(hasRole(grants, { role: 'registrar', agency: 'SEGIP' }), false);
  assert.equal(hasRole([], { role: 'case_handler' }), false);
});

it('requireRole throws the forbidden error named, or FORBIDDEN, when the role is not held', () => {
  assert.doesNotThrow(() => requireRole(grants, { role: PLATFORM_ADMIN }));
  assert.throws(() => requireRole([{ role: 'case_handler', agency: 'SEGIP' }], { role: PLATFORM_ADMIN }), { code: 'FORBIDDEN' });
  assert.throws(() => requireRole(grants, { role: 'case_handler', agency: 'SIN' }, 'REPORT_FORBIDDEN'), { code: 'REPORT_FORBIDDEN' });
});

// Identity's role checks go through the platform's hasRole over the grants roleGrantsOf makes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account } from './account.types.ts';
import { canManageAnyRoles, canManageClients, canManageRolesOf, canRegisterFor, isRegistrar, roleGrantsOf, type Staff } from './admin.policy.ts';

const staff = (roles: Staff['roles'], isPlatformAdmin = false): Staff => ({ account: { id: 'a', isPlatformAdmin } as Account, roles });

describe('identity role checks', () => {
  it('maps agency roles and the platform administrator flag to the contract grants', () => {
    assert.deepEqual(roleGrantsOf({ isPlatformAdmin: true }, [{ agencyCode: 'SEGIP', role: 'registrar' }]), [{ role: 'registrar', agency: 'SEGIP' }, { role: 'platform_admin' }]);
    assert.deepEqual(roleGrantsOf({ isPlatformAdmin: false }, []), []);
  });

  it('lets a registrar register for their agency only, and an agency administrator manage their agency only', () => {
    const registrar = staff([{ agencyCode: 'SEGIP', role: 'registrar' }]);
    assert.equal(isRegistrar(registrar), true);
    assert.equal(canRegisterFor(registrar, 'SEGIP'), true);
    assert.equal(canRegisterFor(registrar, 'GAMLP'), false);
    assert.equal(canManageAnyRoles(registrar), false);
    const boss = staff([{ agencyCode: 'GAMLP', role: 'agency_admin' }]);
    assert.equal(canManageAnyRoles(boss), true);
    assert.equal(canManageRolesOf(boss, 'GAMLP'), true);
    assert.equal(canManageRolesOf(boss, 'SEGIP'), false);
    assert.equal(canManageClients(boss), false);
  });

  it('gives a platform administrator every agency and the clients, without an agency role', () => {
    const admin = staff([], true);
    assert.equal(canManageClients(admin), true);
    assert.equal(canManageRolesOf(admin, 'SEGIP'), true);
    assert.equal(isRegistrar(admin), false);
  });
});

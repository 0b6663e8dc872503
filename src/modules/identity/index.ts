// Public surface of Ciudadanía Digital.
export { identityModule } from './module.ts';
export { requireSignedIn } from './routes/portal-session.ts';
export { findAccount, findAccountByIdentityDocument, findAgencyStaff, findPlatformAdmins, findStaff, findTerritoryRoleHolders } from './account-lookup.service.ts';
export { getRoles } from './account.service.ts';
/** "Mi actividad": a read of the person's record in a public registry (the registries module). */
export { recordRegistryRead, registryReadsStatement, type RegistryReadActivity } from './registry-activity.ts';
export {
  clientWithRight,
  requireAgencyClient,
  verifyClientToken,
  personWithGrants,
  type PersonWithGrants,
  verifyUserToken,
  type AgencyClient,
  type ClientPrincipal,
  type ClientTokenCheck,
  type UserPrincipal,
  type UserTokenCheck,
} from './platform-access.ts';
export { activateKey, addSigningKey, listSigningKeys, retireKey } from './admin/keys.service.ts';
/** Other modules' counters register a person who came in person (sustancial, temporary password shown once), as the registrar page does. */
export { loadStaff, type Staff } from './admin/common.ts';
/** A person's roles as the module contract names them, for the platform's `hasRole` (agency roles, and `platform_admin` for the account flag). */
export { PLATFORM_ADMIN, requirePlatformAdmin, roleGrantsOf } from './admin.policy.ts';
export { registerInPerson, type AssistedRegistrationInput } from './admin/registrar.service.ts';
export type { CurrentSession } from './session.service.ts';
export { agencyCodesOf } from './account.types.ts';
export type { Account, AgencyRoleAssignment, Level, Role, RoleAssignment, TerritoryRoleAssignment } from './account.types.ts';
/** The current code of a TOTP key (RFC 6238): for tests that act as a person's authenticator app. */
export { totpCode } from './totp.ts';
/** Use cases measured by bench/identity.ts (sign-in check, registration start) and the argon2id they rest on. */
export { authenticate, ensureAccount } from './account.service.ts';
/** Demo seeds of other modules create their demo staff with it (exempt from enrolling a second factor). */
export { ensureDemoOfficial, ensureDemoStaff } from './identity.seed.ts';
export { hashPassword, verifyPassword } from './password.ts';
export { startRegistration } from './registration.service.ts';

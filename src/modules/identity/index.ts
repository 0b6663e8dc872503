// Public surface of Ciudadanía Digital.
export { identityModule } from './module.ts';
export { requireSignedIn } from './routes/portal-session.ts';
export { findAccount, findAccountByIdentityDocument } from './account-lookup.service.ts';
export { ensureAccount, getRoles } from './account.service.ts';
export { signWithPlatformKey, verifyClientToken, type ClientPrincipal } from './platform-access.ts';
export { MAILBOX_SEND_SCOPE } from './oidc/provider.ts';
export type { CurrentSession } from './session.service.ts';
export type { Account, Level, Role, RoleAssignment } from './account.types.ts';

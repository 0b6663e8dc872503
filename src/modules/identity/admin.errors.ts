// Error codes of the administration side of Ciudadanía Digital (clients, in-person
// verification, roles). Titles people read come from the catalogs (`errors.<CODE>`).
import type { ErrorTable } from '../../platform/errors.ts';

export const adminErrors = {
  IDENTITY_CLIENT_NOT_FOUND: { status: 404, title: 'No agency system is registered with this client id' },
  IDENTITY_RESOURCE_SERVER_NOT_FOUND: { status: 404, title: "No agency's API is registered with this id" },
  IDENTITY_ACCOUNT_NOT_FOUND: { status: 404, title: 'No account has this identity document' },
  IDENTITY_ALREADY_VERIFIED: { status: 409, title: "The person's identity is already verified" },
  IDENTITY_ACCOUNT_EXISTS: { status: 409, title: 'An account with this identity document or e-mail address already exists' },
} satisfies ErrorTable;

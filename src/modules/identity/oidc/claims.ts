// Scopes and the claims each releases. Standard OpenID Connect names, plus Tambo's
// (`documento_tipo`, `documento_numero`, `nivel_identidad`, `territorio`) and, in the
// Bolivian profile, the names Bolivian agencies already integrate with
// (`documento_identidad`, `nombre`, `celular`, `fecha_nacimiento`).
import type { Account } from '../account.types.ts';

export const SCOPES = ['openid', 'profile', 'email', 'phone', 'address', 'documento', 'offline_access'] as const;

export function claimsByScope(country: string): Record<string, string[] | null> {
  const bolivian = country === 'bo';
  return {
    // Standalone claims of the ID token (not tied to a scope).
    acr: null,
    sid: null,
    auth_time: null,
    iss: null,
    openid: ['sub', 'nivel_identidad'],
    profile: ['name', 'given_name', 'family_name', 'birthdate', ...(bolivian ? ['nombre', 'fecha_nacimiento'] : [])],
    email: ['email', 'email_verified'],
    phone: ['phone_number', 'phone_number_verified', ...(bolivian ? ['celular'] : [])],
    address: ['address', 'territorio'],
    documento: ['documento_tipo', 'documento_numero', ...(bolivian ? ['documento_identidad'] : [])],
  };
}

/** The claims of an account released for the given (space-separated) scope. */
export function claimsFor(account: Account, scope: string, country: string): Record<string, unknown> {
  const scopes = new Set(scope.split(' '));
  const bolivian = country === 'bo';
  const claims: Record<string, unknown> = { sub: account.id, nivel_identidad: account.level };
  const name = `${account.givenName} ${account.familyName}`;
  if (scopes.has('profile')) {
    Object.assign(claims, { name, given_name: account.givenName, family_name: account.familyName, birthdate: account.birthDate ?? undefined });
    if (bolivian) Object.assign(claims, { nombre: name, fecha_nacimiento: account.birthDate ?? undefined });
  }
  if (scopes.has('email') && account.email) Object.assign(claims, { email: account.email, email_verified: account.emailVerified });
  if (scopes.has('phone') && account.phone) {
    Object.assign(claims, { phone_number: account.phone, phone_number_verified: account.phoneVerified });
    if (bolivian) claims.celular = account.phone;
  }
  if (scopes.has('address') && (account.address || account.territoryCode)) {
    Object.assign(claims, { address: account.address ? { formatted: account.address } : undefined, territorio: account.territoryCode ?? undefined });
  }
  if (scopes.has('documento')) {
    Object.assign(claims, { documento_tipo: account.documentType, documento_numero: account.documentNumber });
    if (bolivian) claims.documento_identidad = account.documentNumber;
  }
  return claims;
}

// Scopes and the claims each releases. Standard OpenID Connect names, plus Tambo's
// (`documento_tipo`, `documento_numero`, `nivel_identidad`, `territorio`) and, in the
// Bolivian profile, the names Bolivian agencies already integrate with
// (`documento_identidad`, `nombre`, `celular`, `fecha_nacimiento`).
import type { Account } from '../account.types.ts';

export const SCOPES = ['openid', 'profile', 'email', 'phone', 'address', 'documento', 'offline_access'] as const;

/**
 * The scopes of AGETIC's Ciudadanía Digital (Bolivia), served in the `bo` profile so that a
 * relying party written for it works by changing only the issuer and its credentials
 * (docs/ciudadania-digital.md): `nombre` and `documento_identidad` release the nested
 * `profile` claim, `fecha_nacimiento` and `celular` their own claims (`email` is OpenID's).
 */
export const AGETIC_SCOPES = ['nombre', 'documento_identidad', 'fecha_nacimiento', 'celular'] as const;

/** The claim scopes of a country profile: OpenID Connect's and Tambo's, and AGETIC's in Bolivia. */
export function claimScopesOf(country: string): string[] {
  return [...SCOPES, ...(country === 'bo' ? AGETIC_SCOPES : [])];
}

/** The given names and the two surnames, as Bolivian registries write them (the first word of the family name, the rest). */
function surnames(familyName: string): { primer_apellido: string; segundo_apellido: string } {
  const [first = '', ...rest] = familyName.trim().split(/\s+/);
  return { primer_apellido: first, segundo_apellido: rest.join(' ') };
}

/** AGETIC's shape of the claims (nested `profile`), for the AGETIC scopes asked for. */
function ageticClaims(account: Account, scopes: Set<string>): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  const profile: Record<string, unknown> = {};
  if (scopes.has('nombre')) profile.nombre = { nombres: account.givenName, ...surnames(account.familyName) };
  if (scopes.has('documento_identidad')) profile.documento_identidad = { numero_documento: account.documentNumber, tipo_documento: account.documentType };
  if (Object.keys(profile).length > 0) claims.profile = profile;
  if (scopes.has('fecha_nacimiento') && account.birthDate) claims.fecha_nacimiento = account.birthDate;
  if (scopes.has('celular') && account.phone) claims.celular = account.phone;
  return claims;
}

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
    // AGETIC's scopes (Bolivia only): the nested `profile` claim, and two flat ones.
    ...(bolivian ? { nombre: ['profile'], documento_identidad: ['profile'], fecha_nacimiento: ['fecha_nacimiento'], celular: ['celular'] } : {}),
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
  if (bolivian) Object.assign(claims, ageticClaims(account, scopes));
  return claims;
}

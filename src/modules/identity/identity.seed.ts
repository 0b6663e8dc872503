// Demo accounts and the demo relying party (DEMO=true; README lists them).
import type { Deps } from '../../platform/module.ts';
import { ensureAccount, type DemoAccountInput } from './account.service.ts';
import { upsertClient } from './client.queries.ts';
import { ensureResourceServer } from './resource-server.queries.ts';
import { systemRights } from './oidc/scopes.ts';
import { markTotpExempt } from './security.queries.ts';

interface DemoPerson {
  email: string;
  password: string;
  documentType: string;
  documentNumber: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  phone: string;
  address: string;
  territoryCode: string;
}

// `agency`: where the demo official handles cases and verifies identities; `alsoHandles`: other
// agencies whose online procedures the official processes, so every demo online procedure has
// someone to work it in the back office.
const people: Record<'bo' | 've', { citizen: DemoPerson; official: DemoPerson; admin: DemoPerson; agency: string; alsoHandles: string[] }> = {
  bo: {
    agency: 'SEGIP',
    alsoHandles: ['SERECI'],
    citizen: {
      email: 'ciudadana@demo.tambo',
      password: 'Demo-2026-ciudadana',
      documentType: 'CI',
      documentNumber: '4567891 LP',
      givenName: 'María',
      familyName: 'Quispe Mamani',
      birthDate: '1991-03-14',
      phone: '+59171234567',
      address: 'Av. Juan Pablo II 1234, zona 16 de Julio, El Alto',
      territoryCode: 'BO-L-01-02',
    },
    official: {
      email: 'funcionario@demo.tambo',
      password: 'Demo-2026-funcionario',
      documentType: 'CI',
      documentNumber: '3456789 LP',
      givenName: 'Jorge',
      familyName: 'Choque Flores',
      birthDate: '1985-09-02',
      phone: '+59172345678',
      address: 'Calle Comercio 456, La Paz',
      territoryCode: 'BO-L-01-01',
    },
    admin: {
      email: 'admin@demo.tambo',
      password: 'Demo-2026-admin',
      documentType: 'CI',
      documentNumber: '2345678 LP',
      givenName: 'Ana',
      familyName: 'Rojas Vargas',
      birthDate: '1980-01-20',
      phone: '+59173456789',
      address: 'Av. Camacho 789, La Paz',
      territoryCode: 'BO-L-01-01',
    },
  },
  ve: {
    agency: 'SAIME',
    alsoHandles: [],
    citizen: {
      email: 'ciudadana@demo.tambo',
      password: 'Demo-2026-ciudadana',
      documentType: 'CEDULA',
      documentNumber: 'V-18765432',
      givenName: 'María',
      familyName: 'Pérez González',
      birthDate: '1991-03-14',
      phone: '+584121234567',
      address: 'Bloque 7, Monte Piedad, parroquia 23 de Enero, Caracas',
      territoryCode: 'VE-A-01',
    },
    official: {
      email: 'funcionario@demo.tambo',
      password: 'Demo-2026-funcionario',
      documentType: 'CEDULA',
      documentNumber: 'V-14567890',
      givenName: 'José',
      familyName: 'Rodríguez Silva',
      birthDate: '1985-09-02',
      phone: '+584142345678',
      address: 'Av. Urdaneta, Caracas',
      territoryCode: 'VE-A-01',
    },
    admin: {
      email: 'admin@demo.tambo',
      password: 'Demo-2026-admin',
      documentType: 'CEDULA',
      documentNumber: 'V-12345678',
      givenName: 'Ana',
      familyName: 'Hernández Rivas',
      birthDate: '1980-01-20',
      phone: '+584163456789',
      address: 'Av. Libertador, Caracas',
      territoryCode: 'VE-A-01',
    },
  },
};

export const DEMO_RP = { clientId: 'demo-rp', clientSecret: 'demo-rp-secret' };

/**
 * The demo agency's API that accepts people's tokens (resource indicators, docs/api-auth.md):
 * the demo client asks `resource=<identifier>` to call it. Its id is fixed so the seed runs once.
 */
export const DEMO_RESOURCE = {
  id: '0193a1b0-0000-7000-8000-000000000001',
  identifier: 'https://api.demo.tambo.example/',
  scopes: ['demo:certificados'],
};

/** The agency of the demo agency system, by country profile. */
export const DEMO_AGENCY: Record<string, string> = { bo: people.bo.agency, ve: people.ve.agency };

function fields(deps: Pick<Deps, 'country'>, person: DemoPerson) {
  const type = deps.country.identityDocuments.find((d) => d.code === person.documentType);
  const check = type?.check(person.documentNumber);
  if (!check?.ok) throw new Error(`demo document ${person.documentNumber} is not valid for ${deps.country.code}`);
  return {
    country: deps.country.code,
    documentType: person.documentType,
    documentNumber: check.normalized,
    givenName: person.givenName,
    familyName: person.familyName,
    birthDate: person.birthDate,
    email: person.email,
    emailVerified: true,
    phone: person.phone,
    phoneVerified: true,
    address: person.address,
    territoryCode: person.territoryCode,
    level: 'sustancial' as const,
    password: person.password,
  };
}

export async function seedIdentity(deps: Deps): Promise<void> {
  const demo = people[deps.country.code];
  await ensureAccount(deps, { ...fields(deps, demo.citizen), isPlatformAdmin: false, roles: [] });
  await ensureDemoStaff(deps, {
    ...fields(deps, demo.official),
    isPlatformAdmin: false,
    roles: [
      { agencyCode: demo.agency, role: 'case_handler' },
      { agencyCode: demo.agency, role: 'registrar' },
      ...demo.alsoHandles.map((agencyCode) => ({ agencyCode, role: 'case_handler' as const })),
    ],
  });
  await ensureDemoStaff(deps, { ...fields(deps, demo.admin), isPlatformAdmin: true, roles: [] });
  await upsertClient(deps.db, {
    clientId: DEMO_RP.clientId,
    clientSecret: DEMO_RP.clientSecret,
    name: 'Sistema de demostración de una institución',
    agencyCode: demo.agency,
    redirectUris: ['http://localhost:8400/callback', 'http://127.0.0.1:8400/callback'],
    postLogoutRedirectUris: ['http://localhost:8400/', 'http://127.0.0.1:8400/'],
    backchannelLogoutUri: null,
    // The cases API scopes too (docs/api-auth.md): the demo agency's system reads and files a
    // person's applications, and its officials handle the agency's cases.
    scopes: ['openid', 'profile', 'email', 'phone', 'address', 'offline_access', 'cases:read', 'cases:write', 'cases:handle'],
    minimumLevel: 'bajo',
    sectorIdentifier: null,
    subjectType: 'public',
    requirePar: false,
    isFirstParty: false,
    purpose: 'Demostración: muestra cómo un sistema de una institución recibe los datos que usted autoriza.',
    isActive: true,
    // Also the demo agency's system acting by itself (client credentials): it delivers to
    // people's mailboxes, reads the agency's case feed and moves its cases.
    rights: systemRights().map((right) => right.name),
  });
  await ensureResourceServer(deps.db, DEMO_RESOURCE.id, {
    identifier: DEMO_RESOURCE.identifier,
    agencyCode: demo.agency,
    name: 'API de certificados de demostración',
    description: 'Consultar los certificados que la institución le emitió',
    scopes: DEMO_RESOURCE.scopes,
    clientIds: [],
    accessTokenTtl: 600,
    tokenFormat: 'opaque',
  });
}

/**
 * A demo official or administrator (demo seeds only): staff must enrol a second factor before
 * they continue, but the demo staff may skip it, since seeds run only in demo mode and in
 * tests that load the demo data. Returns the account id.
 */
export async function ensureDemoStaff(deps: Pick<Deps, 'db'>, input: DemoAccountInput): Promise<string> {
  const id = await ensureAccount(deps, input);
  await markTotpExempt(deps.db, id);
  return id;
}

/** A demo official of the country's national document type (CI / CEDULA), verified in person, with only what staff need. */
export function ensureDemoOfficial(
  deps: Pick<Deps, 'db' | 'country'>,
  person: { email: string; password: string; givenName: string; familyName: string; documentNumber: string; roles: DemoAccountInput['roles'] },
): Promise<string> {
  return ensureDemoStaff(deps, {
    country: deps.country.code,
    documentType: deps.country.code === 've' ? 'CEDULA' : 'CI',
    documentNumber: person.documentNumber,
    givenName: person.givenName,
    familyName: person.familyName,
    birthDate: '1984-03-14',
    email: person.email,
    emailVerified: true,
    phone: null,
    phoneVerified: false,
    address: null,
    territoryCode: null,
    level: 'sustancial',
    isPlatformAdmin: false,
    password: person.password,
    roles: person.roles,
  });
}

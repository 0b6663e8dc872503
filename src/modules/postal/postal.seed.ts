// Demo data (both profiles): one parcel on its way between two of the national post's offices.
// The post and its offices are demo entries of the agencies directory (agencies' demo data), so
// every module seeding after agencies sees them on the first seed (payments configures its
// payee then, and a second seed changes nothing); `ensurePost` writes the same entries for tests
// on a database without the demo directory.
import type { Deps } from '../../platform/module.ts';
import { saveAgency, saveOffice } from '../agencies/index.ts';
import { registerShipment } from './postal.service.ts';
import { POSTS, type PostCountry } from './postal.types.ts';

const OFFICES: Record<PostCountry, Array<{ code: string; name: string; territory: string; address: string }>> = {
  bo: [
    { code: 'AGBC-LPZ', name: 'Correos de Bolivia, Oficina Central La Paz', territory: 'BO-L-01-01', address: 'Av. Mariscal Santa Cruz esq. Oruro, La Paz' },
    { code: 'AGBC-EAL', name: 'Correos de Bolivia, El Alto', territory: 'BO-L-01-02', address: 'Av. 6 de Marzo, Ceja, El Alto' },
    { code: 'AGBC-CBA', name: 'Correos de Bolivia, Cochabamba', territory: 'BO-C-01-01', address: 'Av. Ayacucho esq. Heroínas, Cochabamba' },
    { code: 'AGBC-SCZ', name: 'Correos de Bolivia, Santa Cruz', territory: 'BO-S-01-01', address: 'Calle Junín, plaza 24 de Septiembre, Santa Cruz de la Sierra' },
  ],
  ve: [
    { code: 'IPOSTEL-CCS', name: 'IPOSTEL, Oficina Central Caracas', territory: 'VE-A-01', address: 'Av. Urdaneta, Carmelitas, Caracas' },
    { code: 'IPOSTEL-MCBO', name: 'IPOSTEL, Maracaibo', territory: 'VE-V-01', address: 'Av. 5 de Julio, Maracaibo' },
    { code: 'IPOSTEL-VAL', name: 'IPOSTEL, Valencia', territory: 'VE-G-01', address: 'Av. Bolívar Norte, Valencia' },
  ],
};

/** The post and its offices (idempotent), for tests on a database without the demo directory. */
export async function ensurePost(deps: Pick<Deps, 'db' | 'country'>): Promise<void> {
  const country = (deps.country.code in POSTS ? deps.country.code : 'bo') as PostCountry;
  const post = POSTS[country];
  await saveAgency(
    deps,
    {
      code: post.agencyCode,
      name: post.name,
      acronym: post.acronym,
      kind: 'state_company',
      territoryCode: null,
      mission: 'Servicio postal universal: correspondencia, encomiendas y correo certificado en todo el país.',
    },
    { type: 'system', id: 'seed' },
  );
  for (const office of OFFICES[country]) {
    await saveOffice(
      deps,
      {
        code: office.code,
        agencyCode: post.agencyCode,
        name: office.name,
        territoryCode: office.territory,
        address: office.address,
        hours: 'Lunes a viernes de 8:30 a 18:30; sábados de 9:00 a 13:00',
        phone: null,
      },
      { type: 'system', id: 'seed' },
    );
  }
}

export async function seedPostal(deps: Deps): Promise<void> {
  const [origin, , destination] = OFFICES[(deps.country.code in POSTS ? deps.country.code : 'bo') as PostCountry];
  await registerShipment(
    deps,
    { type: 'system', id: 'seed' },
    { kind: 'parcel', originOffice: origin!.code, destinationOffice: destination!.code, addresseeName: 'Destinataria de demostración', address: 'Calle de demostración 123' },
    { source: 'seed', sourceKey: `demo:${deps.country.code}` },
  );
}

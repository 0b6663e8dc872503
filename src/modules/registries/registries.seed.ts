// Demo data of public registries, for the configured country (idempotent): the demo
// accounts' persons (so the once-only prefill finds them) and a few economic units.
import type { Deps } from '../../platform/module.ts';
import { seedRecords } from './registry.service.ts';
import { type Content, REGISTRIES } from './registry.types.ts';

const persons: Record<'bo' | 've', Content[]> = {
  bo: [
    {
      id: '4567891 LP',
      firstName: 'María',
      lastName: 'Quispe Mamani',
      birthDate: '1991-03-14',
      birthPlace: 'La Paz, Murillo',
      sex: 'F',
      civilStatus: 'soltero',
      fatherName: 'Juan Quispe Condori',
      motherName: 'Rosa Mamani Apaza',
    },
    { id: '3456789 LP', firstName: 'Jorge', lastName: 'Choque Flores', birthDate: '1985-09-02', birthPlace: 'El Alto, Murillo', sex: 'M', civilStatus: 'casado' },
    { id: '2345678 LP', firstName: 'Ana', lastName: 'Rojas Vargas', birthDate: '1980-01-20', birthPlace: 'La Paz, Murillo', sex: 'F', civilStatus: 'divorciado' },
  ],
  ve: [
    {
      id: 'V-18765432',
      firstName: 'María',
      lastName: 'Pérez González',
      birthDate: '1991-03-14',
      birthPlace: 'Caracas, Libertador',
      sex: 'F',
      civilStatus: 'soltero',
      fatherName: 'Pedro Pérez',
      motherName: 'Carmen González',
    },
    { id: 'V-14567890', firstName: 'José', lastName: 'Rodríguez Silva', birthDate: '1985-09-02', birthPlace: 'Caracas, Libertador', sex: 'M', civilStatus: 'casado' },
    { id: 'V-12345678', firstName: 'Ana', lastName: 'Hernández Rivas', birthDate: '1980-01-20', birthPlace: 'Valencia, Carabobo', sex: 'F', civilStatus: 'viudo' },
  ],
};

// Illustrative units: NIT/RIF numbers made up for the demo (the RIFs' check digits follow the published formula).
const units: Record<'bo' | 've', Content[]> = {
  bo: [
    {
      id: '1028547023',
      name: 'Tejidos Andinos S.R.L.',
      legalForm: 'srl',
      activityCodes: ['131200'],
      address: 'Av. 6 de Agosto 2150, La Paz',
      territoryCode: 'BO-L-01-01',
      representatives: ['4567891 LP'],
      status: 'activa',
    },
    {
      id: '4021587019',
      name: 'Cooperativa Agrícola Achocalla',
      legalForm: 'cooperativa',
      activityCodes: ['011300', '014100'],
      address: 'Achocalla',
      territoryCode: 'BO-L-01-05',
      representatives: ['3456789 LP'],
      status: 'activa',
    },
  ],
  ve: [
    {
      id: 'J-12345678-4',
      name: 'Textiles del Ávila C.A.',
      legalForm: 'sa',
      activityCodes: ['131200'],
      address: 'Av. Urdaneta, Caracas',
      territoryCode: 'VE-A-01',
      representatives: ['V-18765432'],
      status: 'activa',
    },
    {
      id: 'J-30123456-1',
      name: 'Cooperativa Agrícola Los Andes',
      legalForm: 'cooperativa',
      activityCodes: ['011300'],
      address: 'Caracas',
      territoryCode: 'VE-A-01',
      representatives: ['V-14567890'],
      status: 'suspendida',
    },
  ],
};

export async function seedRegistries(deps: Deps): Promise<void> {
  const country = deps.country.code as 'bo' | 've';
  await seedRecords(deps, REGISTRIES.personas, persons[country], 'demo data');
  await seedRecords(deps, REGISTRIES.unidades_economicas, units[country], 'demo data');
}

// Open data of public registries: economic units' public fields (never persons).
import type { OpenDatasetDeclaration } from '../../platform/contract/contract.types.ts';
import { findAllCurrent } from './registry.queries.ts';
import { REGISTRIES } from './registry.types.ts';

const publicFields = Object.entries(REGISTRIES.unidades_economicas.fields)
  .filter(([, spec]) => spec.public)
  .map(([name]) => name);

export const registriesOpenData: OpenDatasetDeclaration[] = [
  {
    id: 'economic_units',
    titleKey: 'registries.openData.units.title',
    descriptionKey: 'registries.openData.units.description',
    refresh: 'daily',
    schema: {
      type: 'object',
      properties: {
        id: { type: 'string', description: 'NIT (bo) or RIF (ve)' },
        name: { type: 'string' },
        legalForm: { type: 'string' },
        activityCodes: { type: 'array', items: { type: 'string' } },
        territoryCode: { type: ['string', 'null'] },
        status: { type: 'string' },
      },
    },
    rows: async (deps) => (await findAllCurrent(deps.db, 'unidades_economicas')).map((content) => Object.fromEntries(publicFields.map((field) => [field, content[field] ?? null]))),
  },
];

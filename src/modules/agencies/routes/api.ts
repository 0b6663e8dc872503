import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { getAgency, listAgencies } from '../agency.service.ts';
import { AGENCY_KINDS, type Agency } from '../agency.types.ts';
import { listOffices } from '../office.service.ts';

const AgencySchema = Type.Object(
  {
    code: Type.String({ examples: ['SEGIP'] }),
    name: Type.String(),
    acronym: Type.String(),
    kind: Type.Union(AGENCY_KINDS.map((k) => Type.Literal(k))),
    territoryCode: Type.Union([Type.String(), Type.Null()], { description: 'Territory the agency serves; null for the whole country' }),
    mission: Type.String(),
    superiorCode: Type.Union([Type.String(), Type.Null()], { description: 'Code of the agency this one answers to (overdue matters escalate to it); null when none' }),
  },
  { $id: 'Agency' },
);

const OfficeSchema = Type.Object(
  {
    code: Type.String({ examples: ['SEGIP-LPZ'] }),
    agencyCode: Type.String(),
    name: Type.String(),
    territoryCode: Type.String({ description: 'Where the office is (a municipality, usually)' }),
    territoryPath: Type.Array(Type.String(), { description: 'Territory codes from the top level down to territoryCode' }),
    address: Type.String(),
    hours: Type.String({ description: 'Opening hours in words, as the agency publishes them' }),
    phone: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Office' },
);

const toJson = (a: Agency) => ({ code: a.code, name: a.name, acronym: a.acronym, kind: a.kind, territoryCode: a.territoryCode, mission: a.mission, superiorCode: a.superiorCode });

export function registerAgencyApi(app: TamboApp, deps: Deps): void {
  app.addSchema(AgencySchema);
  app.addSchema(OfficeSchema);
  app.get(
    '/api/v1/offices',
    {
      schema: {
        tags: ['agencies'],
        operationId: 'listOffices',
        summary: 'Offices where agencies attend people in person',
        querystring: Type.Object(
          { territory: Type.Optional(Type.String({ maxLength: 64, description: 'Only offices in this territory or below' })), agency: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Office')) }) },
      },
    },
    async (request) => ({ items: await listOffices(deps, { territoryCode: request.query.territory, agencyCode: request.query.agency }) }),
  );
  app.get(
    '/api/v1/agencies',
    {
      schema: {
        tags: ['agencies'],
        operationId: 'listAgencies',
        summary: 'Public institutions of the country',
        querystring: Type.Object({ kind: Type.Optional(Type.Union(AGENCY_KINDS.map((k) => Type.Literal(k)))) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Agency')) }) },
      },
    },
    async (request) => ({ items: (await listAgencies(deps, request.query.kind)).map(toJson) }),
  );

  app.get(
    '/api/v1/agencies/:code',
    {
      schema: {
        tags: ['agencies'],
        operationId: 'getAgency',
        'x-example': {
          params: { code: 'SEGIP' },
          response: {
            code: 'SEGIP',
            name: 'Servicio General de Identificación Personal',
            acronym: 'SEGIP',
            kind: 'national',
            territoryCode: null,
            mission: 'Emite la cédula de identidad y la licencia de conducir.',
            superiorCode: 'MINGOB',
          },
        },
        'x-errors': ['AGENCY_NOT_FOUND'],
        summary: 'One public institution',
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Ref('Agency') },
      },
    },
    async (request) => toJson(await getAgency(deps, request.params.code)),
  );
}

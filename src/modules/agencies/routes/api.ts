import { Type } from 'typebox';
import type { TamboApp } from '../../../platform/http/app-types.ts';
import type { Deps } from '../../../platform/module.ts';
import { agencyHistory, getAgency, listAgencies } from '../agency.service.ts';
import { AGENCY_KINDS, AGENCY_LEVELS, type Agency, LEVEL_GROUPS, levelGroupOf } from '../agency.types.ts';
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
    level: Type.Union(
      AGENCY_LEVELS.map((l) => Type.Literal(l)),
      { description: "The entity's level in the State's organisation (docs/entities.md)" },
    ),
    levelGroup: Type.Union(
      Object.keys(LEVEL_GROUPS).map((g) => Type.Literal(g)),
      { description: 'Which of the four levels of the State: central, control (and defence), territorial (autonomous territorial entities), university' },
    ),
    legalBasis: Type.String({ description: 'The norm that creates the entity or gives it its functions' }),
    contactEmail: Type.Union([Type.String(), Type.Null()]),
    contactPhone: Type.Union([Type.String(), Type.Null()]),
    egovOfficer: Type.Union([Type.String(), Type.Null()], { description: 'Who answers for e-government in the entity' }),
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
    hours: Type.String({ description: 'Opening hours in words, as the agency publishes them (Spanish)' }),
    schedule: Type.Array(
      Type.Object({
        from: Type.Integer({ minimum: 0, maximum: 6, description: 'First weekday of the run (0 = Sunday)' }),
        to: Type.Integer({ minimum: 0, maximum: 6, description: 'Last weekday of the run (inclusive)' }),
        opens: Type.String({ examples: ['08:30'] }),
        closes: Type.String({ examples: ['16:30'] }),
      }),
      { description: 'Opening hours as data: runs of weekdays with their opening and closing times (empty when only the text is known)' },
    ),
    phone: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Office' },
);

const AgencyVersionSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.String(),
    acronym: Type.String(),
    kind: Type.String(),
    level: Type.String(),
    superiorCode: Type.Union([Type.String(), Type.Null()]),
    territoryCode: Type.Union([Type.String(), Type.Null()]),
    legalBasis: Type.String(),
    contactEmail: Type.Union([Type.String(), Type.Null()]),
    contactPhone: Type.Union([Type.String(), Type.Null()]),
    egovOfficer: Type.Union([Type.String(), Type.Null()]),
    validFrom: Type.String({ format: 'date-time' }),
    validTo: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null for the version in force' }),
    actor: Type.String({ description: 'Who wrote the version (type:id)' }),
  },
  { $id: 'AgencyVersion' },
);

export const agencyJson = (a: Agency) => ({
  code: a.code,
  name: a.name,
  acronym: a.acronym,
  kind: a.kind,
  territoryCode: a.territoryCode,
  mission: a.mission,
  superiorCode: a.superiorCode,
  level: a.level,
  levelGroup: levelGroupOf(a.level),
  legalBasis: a.legalBasis,
  contactEmail: a.contactEmail,
  contactPhone: a.contactPhone,
  egovOfficer: a.egovOfficer,
});

export function registerAgencyApi(app: TamboApp, deps: Deps): void {
  app.addSchema(AgencySchema);
  app.addSchema(OfficeSchema);
  app.addSchema(AgencyVersionSchema);
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
        querystring: Type.Object(
          {
            kind: Type.Optional(Type.Union(AGENCY_KINDS.map((k) => Type.Literal(k)))),
            level: Type.Optional(
              Type.Union(
                AGENCY_LEVELS.map((l) => Type.Literal(l)),
                { description: 'Only entities of this level' },
              ),
            ),
            levelGroup: Type.Optional(
              Type.Union(
                Object.keys(LEVEL_GROUPS).map((g) => Type.Literal(g)),
                { description: 'Only entities of this level of the State' },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Agency')) }) },
      },
    },
    async (request) => {
      const { level, levelGroup } = request.query;
      const levels = level ? [level] : levelGroup ? LEVEL_GROUPS[levelGroup as keyof typeof LEVEL_GROUPS] : undefined;
      return { items: (await listAgencies(deps, request.query.kind, levels)).map(agencyJson) };
    },
  );

  app.get(
    '/api/v1/agencies/:code/history',
    {
      schema: {
        tags: ['agencies'],
        operationId: 'getAgencyHistory',
        'x-errors': ['AGENCY_NOT_FOUND'],
        summary: "The register's versions of one public entity, newest first",
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('AgencyVersion')) }) },
      },
    },
    async (request) => ({
      items: (await agencyHistory(deps, request.params.code)).map((v) => ({ ...v, validFrom: v.validFrom.toISOString(), validTo: v.validTo?.toISOString() ?? null })),
    }),
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
            level: 'decentralised',
            levelGroup: 'central',
            legalBasis: 'Ley o decreto de creación (ilustrativo)',
            contactEmail: 'contacto@segip.gob.bo',
            contactPhone: null,
            egovOfficer: 'Responsable de gobierno electrónico de SEGIP',
          },
        },
        'x-errors': ['AGENCY_NOT_FOUND'],
        summary: 'One public institution',
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Ref('Agency') },
      },
    },
    async (request) => agencyJson(await getAgency(deps, request.params.code)),
  );
}

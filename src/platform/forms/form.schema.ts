// The published JSON Schemas (2020-12) of form and workflow definitions. Every part is
// written once, as a function of `ref`: the published documents point at `$defs` with
// `$ref`, while the validator (definition.validate.ts) uses "shallow" parts, with nested
// components and conditions left open, and checks each nested part itself so that every
// problem carries its exact JSON pointer.
import { acceptedMediaTypes, componentTypes, conditionOperators, prefillSources } from './form.types.ts';

export type JsonSchema = Record<string, unknown>;
export type PartName = 'component' | 'groupMember' | 'condition';
type Ref = (part: PartName) => JsonSchema;

export const FORM_SCHEMA_ID = '/api/v1/schemas/form-definition.json';
export const WORKFLOW_SCHEMA_ID = '/api/v1/schemas/workflow-definition.json';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const ID = '^[a-z][A-Za-z0-9_]{0,62}$';
const PAGE_ID = '^[a-z][a-z0-9-]{0,62}$';
const STATE_ID = '^[a-z][a-z0-9_]{0,62}$';

export const localizedTextSchema: JsonSchema = {
  type: 'object',
  description: "Text in Spanish and English, as written by the publisher, and in the country's other official languages where it has them (qu, ay, gn).",
  required: ['es', 'en'],
  additionalProperties: false,
  properties: {
    es: { type: 'string', minLength: 1, maxLength: 2000 },
    en: { type: 'string', minLength: 1, maxLength: 2000 },
    qu: { type: 'string', minLength: 1, maxLength: 2000 },
    ay: { type: 'string', minLength: 1, maxLength: 2000 },
    gn: { type: 'string', minLength: 1, maxLength: 2000 },
  },
};

const scalar: JsonSchema = { type: ['string', 'number', 'boolean'] };
const count: JsonSchema = { type: 'integer', minimum: 0, maximum: 100000 };
const dateBound: JsonSchema = { type: 'string', pattern: '^(today|\\d{4}-\\d{2}-\\d{2})$', description: 'A calendar date (YYYY-MM-DD) or `today`.' };
const options: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 200,
  items: {
    type: 'object',
    required: ['value', 'label'],
    additionalProperties: false,
    properties: { value: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' }, label: localizedTextSchema },
  },
};

/** Properties of each component type, beside the common ones. */
function typeProperties(ref: Ref): Record<string, Record<string, JsonSchema>> {
  return {
    text: { minLength: count, maxLength: count, pattern: { type: 'string', minLength: 1, maxLength: 200 }, patternMessage: localizedTextSchema },
    longText: { minLength: count, maxLength: count },
    number: { min: { type: 'number' }, max: { type: 'number' }, integer: { type: 'boolean' } },
    date: { min: dateBound, max: dateBound },
    select: { options },
    radios: { options },
    checkboxes: { options, minSelected: count, maxSelected: count },
    yesNo: {},
    email: {},
    phone: {},
    identityDocument: { documentTypes: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Z0-9]{1,8}$' } } },
    territory: { level: { type: 'string', pattern: '^[a-z][a-z0-9_-]*$' } },
    address: {},
    file: {
      accept: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...acceptedMediaTypes] } },
      maxBytes: { type: 'integer', minimum: 1, maximum: MAX_FILE_BYTES },
    },
    group: {
      itemLabel: localizedTextSchema,
      components: { type: 'array', minItems: 1, maxItems: 50, items: ref('groupMember') },
      minItems: count,
      maxItems: { type: 'integer', minimum: 1, maximum: 100 },
    },
  };
}

const typeRequired: Partial<Record<string, string[]>> = {
  select: ['options'],
  radios: ['options'],
  checkboxes: ['options'],
  file: ['accept', 'maxBytes'],
  group: ['itemLabel', 'components'],
};

/** The full schema of one component type. */
export function componentTypeSchema(type: string, ref: Ref): JsonSchema {
  return {
    type: 'object',
    required: ['id', 'type', 'label', ...(typeRequired[type] ?? [])],
    additionalProperties: false,
    properties: {
      id: { type: 'string', pattern: ID, description: 'Field name, unique in the form.' },
      type: { const: type },
      label: localizedTextSchema,
      hint: localizedTextSchema,
      optional: { type: 'boolean' },
      showIf: ref('condition'),
      prefill: {
        oneOf: [
          { enum: [...prefillSources], description: 'Shown from what the State knows about the person, not asked.' },
          {
            type: 'object',
            description: 'Filled from a registry service through the exchange, shown with its source.',
            required: ['service', 'path', 'field'],
            additionalProperties: false,
            properties: {
              service: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}/[A-Za-z0-9_.-]{1,64}/[A-Za-z0-9_.-]{1,64}$', description: 'MEMBER/SUBSYSTEM/SERVICE in this instance.' },
              path: { type: 'string', pattern: '^/[^?#\\s]{0,200}$', description: 'Path under the service; {document} and {unit} are replaced.' },
              field: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,4}$', description: "The field of the producer's JSON answer." },
              editable: { type: 'boolean', description: 'Whether the person may change the value (default false).' },
            },
          },
        ],
      },
      ...typeProperties(ref)[type],
    },
  };
}

/** The part every component has to have before its type can be told. */
export function componentHeadSchema(types: readonly string[]): JsonSchema {
  return { type: 'object', required: ['type'], properties: { type: { enum: [...types] } } };
}

export const conditionShapes = ['all', 'any', 'not', 'field'] as const;
export type ConditionShape = (typeof conditionShapes)[number];

export function conditionShapeSchema(shape: ConditionShape, ref: Ref): JsonSchema {
  const list = { type: 'array', minItems: 1, maxItems: 50, items: ref('condition') };
  if (shape === 'all') return { type: 'object', required: ['all'], additionalProperties: false, properties: { all: list } };
  if (shape === 'any') return { type: 'object', required: ['any'], additionalProperties: false, properties: { any: list } };
  if (shape === 'not') return { type: 'object', required: ['not'], additionalProperties: false, properties: { not: ref('condition') } };
  return {
    type: 'object',
    required: ['field'],
    minProperties: 2,
    maxProperties: 2,
    additionalProperties: false,
    description: `A field and exactly one operator: ${conditionOperators.join(', ')}.`,
    properties: {
      field: { type: 'string', pattern: ID },
      equals: scalar,
      notEquals: scalar,
      in: { type: 'array', minItems: 1, items: scalar },
      includes: { type: 'string' },
      answered: { type: 'boolean' },
      greaterThan: { type: 'number' },
      lessThan: { type: 'number' },
    },
  };
}

export function formBodySchema(ref: Ref): JsonSchema {
  return {
    type: 'object',
    required: ['version', 'pages'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      version: { const: 1 },
      pages: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: {
          type: 'object',
          required: ['id', 'title', 'components'],
          additionalProperties: false,
          properties: {
            id: { type: 'string', pattern: PAGE_ID },
            title: localizedTextSchema,
            intro: localizedTextSchema,
            showIf: ref('condition'),
            components: { type: 'array', minItems: 1, maxItems: 100, items: ref('component') },
          },
        },
      },
      rules: {
        type: 'array',
        maxItems: 100,
        items: {
          type: 'object',
          required: ['field', 'assert', 'message'],
          additionalProperties: false,
          properties: { field: { type: 'string', pattern: ID }, when: ref('condition'), assert: ref('condition'), message: localizedTextSchema },
        },
      },
    },
  };
}

const memberTypes = componentTypes.filter((type) => type !== 'group');

function dispatch(types: readonly string[], ref: Ref): JsonSchema {
  return {
    ...componentHeadSchema(types),
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords
    allOf: types.map((type) => ({ if: { properties: { type: { const: type } } }, then: componentTypeSchema(type, ref) })),
  };
}

const publishedRef: Ref = (part) => ({ $ref: `#/$defs/${part}` });

/** The published JSON Schema of a form definition. */
export const formDefinitionSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: FORM_SCHEMA_ID,
  title: 'Tambo form definition',
  description: 'Pages of components, validation rules and branching conditions of an online procedure, as data.',
  ...formBodySchema(publishedRef),
  $defs: {
    component: dispatch(componentTypes, publishedRef),
    groupMember: dispatch(memberTypes, publishedRef),
    condition: { oneOf: conditionShapes.map((shape) => conditionShapeSchema(shape, publishedRef)) },
  },
};

export { memberTypes };

/** The published JSON Schema of a workflow definition. */
export const workflowDefinitionSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: WORKFLOW_SCHEMA_ID,
  title: 'Tambo workflow definition',
  description: 'States of a case, the transitions between them, who may perform each and the deadlines in business days.',
  type: 'object',
  required: ['version', 'initialState', 'states', 'transitions'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    version: { const: 1 },
    initialState: { type: 'string', pattern: STATE_ID },
    states: {
      type: 'array',
      minItems: 2,
      maxItems: 50,
      items: {
        type: 'object',
        required: ['id', 'label', 'clock'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: STATE_ID },
          label: localizedTextSchema,
          clock: { enum: ['running', 'paused', 'stopped'] },
          outcome: { enum: ['approved', 'rejected'] },
          final: { type: 'boolean' },
          deadline: {
            type: 'object',
            required: ['businessDays'],
            additionalProperties: false,
            properties: { businessDays: { type: 'integer', minimum: 1, maximum: 1000 }, onExpiry: { type: 'string', pattern: STATE_ID } },
          },
        },
      },
    },
    transitions: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        required: ['id', 'from', 'to', 'label', 'actor'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: STATE_ID },
          from: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: STATE_ID } },
          to: { type: 'string', pattern: STATE_ID },
          label: localizedTextSchema,
          actor: { enum: ['applicant', 'official', 'system'] },
          roles: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } },
          reason: { enum: ['required', 'optional', 'none'] },
          applicantEdits: { type: 'boolean' },
          tacit: { enum: ['approval', 'denial'] },
        },
      },
    },
  },
};

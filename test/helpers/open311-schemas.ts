// Validation of Open311 answers against the official GeoReport v2 JSON schemas
// (test/fixtures/standards/open311-georeport-v2/), in JSON and in XML: the XML is parsed with
// an independent parser and converted to JSON types the way any client would (by the
// schema: "true" → true, "1.5" → 1.5, an empty element → null where null is allowed).
// The specification has no schema for errors, the POST answer, tokens, discovery or the
// FixMyStreet updates: those schemas are written here from the specification's text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Ajv, type AnySchema } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

type Schema = {
  type?: string | string[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
  [key: string]: unknown;
};

const FIXTURES = new URL('../fixtures/standards/open311-georeport-v2/', import.meta.url);
const OFFICIAL = ['request.json', 'requests.json', 'service.json', 'services.json', 'service-definition.json'] as const;

const nullableString = { anyOf: [{ type: 'string' }, { type: 'null' }] };
/** Ours, from the specification's text (it publishes no JSON schema for these). */
const OWN: Record<string, Schema> = {
  'errors.json': {
    type: 'array',
    minItems: 1,
    items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } } },
  },
  'created.json': {
    type: 'array',
    minItems: 1,
    maxItems: 1,
    items: {
      type: 'object',
      required: ['service_request_id'],
      properties: { service_request_id: { type: 'string', minLength: 1 }, token: nullableString, service_notice: nullableString, account_id: nullableString },
    },
  },
  'tokens.json': {
    type: 'array',
    minItems: 1,
    items: { type: 'object', required: ['service_request_id', 'token'], properties: { service_request_id: { type: 'string' }, token: { type: 'string' } } },
  },
  'discovery.json': {
    type: 'object',
    required: ['changeset', 'contact', 'endpoints'],
    properties: {
      changeset: { type: 'string', format: 'date-time' },
      contact: { type: 'string' },
      key_service: { type: 'string' },
      endpoints: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['specification', 'url', 'changeset', 'type', 'formats'],
          properties: {
            specification: { type: 'string' },
            url: { type: 'string', format: 'uri' },
            changeset: { type: 'string', format: 'date-time' },
            type: { type: 'string', enum: ['production', 'test'] },
            formats: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  },
  'updates.json': {
    type: 'array',
    items: {
      type: 'object',
      required: ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description'],
      properties: {
        update_id: { type: 'string' },
        service_request_id: { type: 'string' },
        status: {
          type: 'string',
          enum: ['OPEN', 'INVESTIGATING', 'IN_PROGRESS', 'ACTION_SCHEDULED', 'DUPLICATE', 'NOT_COUNCILS_RESPONSIBILITY', 'NO_FURTHER_ACTION', 'INTERNAL_REFERRAL', 'CLOSED', 'FIXED'],
        },
        updated_datetime: { type: 'string', format: 'date-time' },
        description: { type: 'string' },
        media_url: nullableString,
      },
    },
  },
};

export type SchemaName = (typeof OFFICIAL)[number] | keyof typeof OWN;

const schemas = new Map<string, Schema>();
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
for (const name of OFFICIAL) {
  const schema = JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Schema;
  schemas.set(name, schema);
  ajv.addSchema(schema as AnySchema, name);
}
for (const [name, schema] of Object.entries(OWN)) {
  schemas.set(name, schema);
  ajv.addSchema(schema as AnySchema, name);
}

export function assertValid(name: SchemaName, data: unknown): void {
  const validate = ajv.getSchema(name);
  assert.ok(validate, `schema ${name}`);
  const valid = validate(data);
  assert.ok(valid, `not valid against ${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(data).slice(0, 2000)}`);
}

const resolve = (schema: Schema): Schema => (schema.$ref ? schemas.get(schema.$ref)! : schema);

/** A parsed XML value converted to the JSON types the schema asks for. */
function convert(value: unknown, raw: Schema): unknown {
  const schema = resolve(raw);
  if (schema.anyOf) {
    if (value === '' && schema.anyOf.some((s) => s.type === 'null')) return null;
    const branch = schema.anyOf.find((s) => s.type !== 'null');
    return branch ? convert(value, branch) : value;
  }
  switch (schema.type) {
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'number':
    case 'integer':
      return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'array': {
      if (value === '') return [];
      // <attributes><attribute>…</attribute></attributes>: the wrapper holds one list.
      const inner = value && typeof value === 'object' && !Array.isArray(value) ? Object.values(value)[0] : value;
      const list = Array.isArray(inner) ? inner : [inner];
      return list.map((item) => convert(item, schema.items ?? {}));
    }
    default:
      break;
  }
  if (schema.properties && value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, schema.properties![key] ? convert(v, schema.properties![key]!) : v]));
  }
  return value;
}

const parser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  trimValues: false,
  processEntities: true,
  isArray: (name) => ['service', 'request', 'error', 'request_update', 'attribute', 'value', 'endpoint', 'format'].includes(name),
});

/**
 * Parses an Open311 XML document, checks its root element, and converts it: a list root
 * (`services`, `service_requests`, `errors`, …) gives its items, another root its fields.
 */
export function xmlToJson(xml: string, root: string, name: SchemaName): unknown {
  assert.match(xml, /^<\?xml version="1\.0" encoding="utf-8"\?>/, 'XML declaration');
  const document = parser.parse(xml, true) as Record<string, unknown>;
  assert.deepEqual(Object.keys(document), [root], `root element ${root}`);
  const content = document[root];
  const schema = schemas.get(name)!;
  if (schema.type === 'array') {
    // <services></services> is an empty list; <services><service>…</service></services> one item or more.
    if (content === '') return [];
    const items = Object.values(content as Record<string, unknown>)[0];
    return convert(items, schema);
  }
  return convert(content, schema);
}

// The OASIS STIX 2.1 JSON schemas (test/fixtures/stix-2.1/, JSON Schema 2020-12) as a validator
// for the CGII's STIX tests: the errors of an object against the schema of its type.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const SCHEMAS = new URL('../../../test/fixtures/stix-2.1/schemas/', import.meta.url);
const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false }); // the OASIS patterns escape '-' outside classes;
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
for (const folder of ['common', 'sdos', 'sros', 'observables']) {
  for (const name of readdirSync(new URL(`${folder}/`, SCHEMAS))) ajv.addSchema(JSON.parse(readFileSync(new URL(`${folder}/${name}`, SCHEMAS), 'utf8')));
}
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';
const SCHEMA_OF: Record<string, string> = {
  bundle: 'common/bundle.json',
  identity: 'sdos/identity.json',
  incident: 'sdos/incident.json',
  indicator: 'sdos/indicator.json',
  note: 'sdos/note.json',
  report: 'sdos/report.json',
  vulnerability: 'sdos/vulnerability.json',
  'course-of-action': 'sdos/course-of-action.json',
  relationship: 'sros/relationship.json',
  'marking-definition': 'common/marking-definition.json',
  'extension-definition': 'common/extension-definition.json',
};

/** The schema errors of a STIX object (or bundle), by its `type`; none: valid. */
export function stixErrors(object: Record<string, unknown>): string[] {
  const validate = ajv.getSchema(`${BASE}/${SCHEMA_OF[String(object.type)]}`);
  assert.ok(validate, `a schema for ${String(object.type)}`);
  return validate(object) ? [] : (validate.errors ?? []).map((e) => `${String(object.type)} ${e.instancePath} ${e.message}`);
}

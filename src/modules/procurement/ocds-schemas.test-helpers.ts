// Test support: validation of OCDS packages and releases against the official OCDS 1.1.5 schemas
// (test/fixtures/ocds-1.1.5/, JSON Schema draft-04) with ajv-draft-04 and the standard formats.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-draft-04 is CommonJS with a default export: required, typed as the Ajv it extends.
const AjvDraft04 = (createRequire(import.meta.url)('ajv-draft-04') as { default: new (options: object) => Ajv }).default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const FIXTURES = new URL('../../../test/fixtures/ocds-1.1.5/', import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;

const ajv = addFormats(new AjvDraft04({ allErrors: true, strict: false }));
const release = load('ocds-release-schema.json');
ajv.addSchema(release);
// The record package's optional `versionedRelease` refers to the versioned release schema, which
// the shared standards do not include: we publish no versioned releases, so any object stands in.
ajv.addSchema({ id: 'https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json', type: 'object' });
const validators = {
  release: ajv.getSchema(String(release.id))!,
  releasePackage: ajv.compile(load('ocds-release-package-schema.json')),
  recordPackage: ajv.compile(load('ocds-record-package-schema.json')),
};

/** The schema's errors for `value` (empty when it validates). */
export function ocdsErrors(kind: keyof typeof validators, value: unknown): string[] {
  const validate = validators[kind];
  return validate(value) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.message}`);
}

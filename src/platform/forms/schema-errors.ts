// JSON Schema errors (TypeBox's validator) turned into one plain problem per JSON pointer.
import { Value } from 'typebox/value';
import type { DefinitionError } from './form.types.ts';
import type { JsonSchema } from './form.schema.ts';

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(base: string, ...segments: Array<string | number>): string {
  return base + segments.map((segment) => `/${escapePointer(String(segment))}`).join('');
}

/** Problems of `value` against `schema`, with paths under `base`. */
export function schemaErrors(schema: JsonSchema, value: unknown, base: string): DefinitionError[] {
  const seen = new Set<string>();
  const out: DefinitionError[] = [];
  for (const error of Value.Errors(schema, value)) {
    const at = base + error.instancePath;
    const params = error.params as Record<string, unknown>;
    let found: DefinitionError[];
    if (error.keyword === 'additionalProperties') continue; // reported per property below
    if (error.keyword === 'boolean') found = [{ path: at, message: 'is not an allowed property here' }];
    else if (error.keyword === 'required') {
      const missing = (params.requiredProperties as string[] | undefined) ?? [];
      found = missing.map((name) => ({ path: pointer(at, name), message: 'is required' }));
    } else if (error.keyword === 'const') found = [{ path: at, message: `must be ${JSON.stringify(params.allowedValue)}` }];
    else if (error.keyword === 'enum') found = [{ path: at, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` }];
    else found = [{ path: at, message: error.message }];
    for (const problem of found) {
      const key = `${problem.path}\u0000${problem.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(problem);
    }
  }
  return out;
}

// Canonical JSON as RFC 8785 (JSON Canonicalization Scheme, JCS) defines it: object members
// sorted by their names as arrays of UTF-16 code units, no white space, strings escaped as
// ECMAScript's JSON.stringify does, numbers written by ECMAScript's Number-to-String. The same
// value always gives the same text, whatever order its keys were built or stored in (jsonb
// reorders). Values outside I-JSON (NaN, ±Infinity, lone surrogates, bigint, functions) are
// refused rather than written in a form another implementation would not reproduce.
// The byte-level rules the audit log relies on are written down in docs/audit-log.md.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function string(text: string): string {
  if (LONE_SURROGATE.test(text)) throw new TypeError('canonical JSON: a string holds a lone surrogate (not I-JSON)');
  return JSON.stringify(text);
}

/** Orders member names by UTF-16 code units (RFC 8785 §3.2.3), independent of locale. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON: ${value} is not a JSON number`);
      // ECMAScript Number-to-String; -0 is written 0, as RFC 8785 requires.
      return JSON.stringify(value);
    case 'string':
      return string(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonical JSON: a ${typeof value} has no JSON form`);
  }
  if (value instanceof Date) return string(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => byCodeUnits(a, b));
  return `{${entries.map(([k, v]) => `${string(k)}:${canonicalJson(v)}`).join(',')}}`;
}
